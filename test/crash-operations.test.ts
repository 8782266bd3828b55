// Import, run, publish and merge killed with SIGKILL at random instants: after each kill the
// workbook loads, validate finds no problem (an interrupted publish is invisible, a blob is whole
// or absent) and every file under evidence/ holds what its name says.
import { cp, mkdir, readdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../core/hash';
import { loadWorkbook } from '../core/workbook/store';
import { verifyWorkbook } from '../core/workbook/versions';
import { nodeFileSystem as fs } from '../node/node-file-system';
import { bundleChild, killAtRandom } from './crash/child';
import { OPERATIONS } from './crash/operations';
import { evidenceWorkbook, tempDir } from './helpers/workbooks';

// Each child starts the whole engine (about 0.5 s a kill); the save loop's crash test adds 100.
const KILLS = 300;
let work: Awaited<ReturnType<typeof tempDir>>;
let wb: Awaited<ReturnType<typeof evidenceWorkbook>>;
let script: string;

beforeAll(async () => {
  work = await tempDir('aw-crash-ops-');
  // Bundled beside node_modules, so that the packages left out of the bundle resolve as usual.
  script = fileURLToPath(new URL(`../node_modules/.cache/aw-crash-ops-${process.pid}/operations-loop.mjs`, import.meta.url));
  await bundleChild(new URL('./crash/operations-loop.ts', import.meta.url), script);
  await mkdir(join(work.dir, 'scratch', 'repo'), { recursive: true });
  wb = await evidenceWorkbook([{ name: 'REPO_DIR', value: join(work.dir, 'scratch', 'repo') }], [
    { id: 'captured', kind: 'import', title: 'Trainer log', format: 'text', sourceCommand: 'kubectl logs' },
    { id: 'searched', kind: 'shell', title: 'Metrics logged', argv: ['grep', '-rn', 'log_metric', '.'] },
  ] as never);
  await cp(wb.dir, join(work.dir, 'pristine'), { recursive: true });
  await cp(wb.dir, join(work.dir, 'base'), { recursive: true });
  await cp(wb.dir, join(work.dir, 'theirs'), { recursive: true });
  await mkdir(join(work.dir, 'theirs', 'evidence'), { recursive: true });
}, 120_000);
afterAll(async () => {
  await rm(dirname(script), { recursive: true, force: true });
  await wb?.cleanup();
  await work?.cleanup();
});

describe('crash safety of import, run, publish and merge', () => {
  it(`leaves a valid workbook after each of ${KILLS} SIGKILLs`, async () => {
    const steps = OPERATIONS.map(() => 0);
    for (let k = 0; k < KILLS; k++) {
      // Every version holds the whole workbook: starting afresh every 10 kills keeps validate's work flat.
      if (k % 10 === 0) {
        await rm(wb.dir, { recursive: true });
        await cp(join(work.dir, 'pristine'), wb.dir, { recursive: true });
        await rm(join(work.dir, 'scratch'), { recursive: true });
        await mkdir(join(work.dir, 'scratch', 'repo'), { recursive: true });
      }
      const first = k % OPERATIONS.length;
      const last = await killAtRandom(
        script,
        [wb.dir, join(work.dir, 'base'), join(work.dir, 'theirs'), join(work.dir, 'scratch'), String(first)],
        200,
      );
      if (last !== null) {
        for (let s = first; s <= last; s++) steps[s % OPERATIONS.length]!++;
      }
      await loadWorkbook(fs, wb.dir); // throws if workbook.json is torn or invalid
      const { problems } = await verifyWorkbook(fs, wb.dir);
      expect(problems, `kill ${k}`).toEqual([]);
      for (const name of await readdir(join(wb.dir, 'evidence')).catch(() => [] as string[])) {
        if (name.includes('.tmp-')) continue;
        expect(sha256Hex(await fs.readBytes(join(wb.dir, 'evidence', name))), `kill ${k}: evidence/${name}`).toBe(name);
      }
    }
    // The kills landed while operations ran, not only before the first: each kind completed often.
    expect(
      steps.every((n) => n > 5),
      `completed: ${steps.join(', ')}`,
    ).toBe(true);
    const completed = OPERATIONS.map((o, i) => `${steps[i]} ${o}`).join(', ');
    console.log(`crash test: ${KILLS} kills; operations completed before them: ${completed}`);
  }, 900_000);
});
