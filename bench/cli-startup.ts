// Start-up of the CLI as users run it (bin/audit-workbench.mjs, a process per call): `--help` and
// `validate` of the demo workbook, against a bare `node -e 0` measured in the same run. Medians of
// 7 runs each, interleaved so that a busy moment of the machine falls on all three alike.
//   npm run bench:cli        (builds the bundle first; targets: --help ≤ 2×, validate ≤ 3×)
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = fileURLToPath(new URL('../bin/audit-workbench.mjs', import.meta.url));
const DEMO = fileURLToPath(new URL('../fixtures/workbooks/demo-helix-backbone', import.meta.url));
const RUNS = 7;

const CASES = [
  { name: 'node -e 0', args: ['-e', '0'], target: null },
  { name: 'audit-workbench --help', args: [BIN, '--help'], target: 2 },
  { name: 'audit-workbench validate demo', args: [BIN, 'validate', DEMO], target: 3 },
] as const;

function timeOnce(args: readonly string[]): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return ms;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

execFileSync(process.execPath, ['scripts/build-cli.mjs'], { cwd: ROOT, stdio: 'inherit' });
const times = CASES.map(() => [] as number[]);
for (const c of CASES) timeOnce(c.args); // warm the file cache
for (let r = 0; r < RUNS; r++) CASES.forEach((c, i) => times[i]!.push(timeOnce(c.args)));

const base = median(times[0]!);
let missed = 0;
for (const [i, c] of CASES.entries()) {
  const m = median(times[i]!);
  const ratio = m / base;
  const verdict = c.target === null ? 'reference' : ratio <= c.target ? `meets ≤ ${c.target}×` : `MISSES ≤ ${c.target}×`;
  if (c.target !== null && ratio > c.target) missed++;
  console.log(
    `${c.name.padEnd(32)} median ${m.toFixed(0).padStart(5)} ms  (${times[i]!.map((t) => t.toFixed(0)).join(', ')})  ${ratio.toFixed(2)}×  ${verdict}`,
  );
}
process.exitCode = missed ? 1 : 0;
