// Cost of the safety the file format adds: loading (JSON parse + migration + schema validation +
// reference checks) and saving (validation + stable stringify + atomic write with fsync) of a large
// workbook, against bare JSON.parse / JSON.stringify + writeFile of the same bytes, in one run.
//   npm run bench
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseWorkbook, stringifyWorkbook, validateWorkbook } from '../core/workbook/file-format';
import { loadWorkbook, saveWorkbook } from '../core/workbook/store';
import { nodeFileSystem as fs } from '../node/node-file-system';

const GAPS = 3000;
const CELLS = 400;
const ROUNDS = 15;

function bigWorkbook() {
  const levels = ['Low', 'Med', 'High'] as const;
  return validateWorkbook(
    {
      schemaVersion: 1,
      id: 'bench',
      title: 'Benchmark audit',
      date: '2026-05-01',
      pillars: Array.from({ length: 8 }, (_, p) => ({
        number: p + 1,
        name: `Pillar ${p + 1}`,
        order: p + 1,
        cells: Array.from({ length: CELLS / 8 }, (_, c) => ({
          id: `cell-${p}-${c}`,
          kind: 'shell',
          title: `grep ${c}`,
          argv: ['grep', '-rn', `pattern-${c}`, 'src/'],
          captures: Array.from({ length: 3 }, (_, k) => ({
            hash: (p * 1000 + c * 10 + k).toString(16).padStart(64, '0'),
            command: `grep -rn pattern-${c} src/`,
            startedAt: '2026-05-01T10:00:00Z',
            durationMs: 12,
            status: 'ok',
          })),
        })),
      })),
      gaps: Array.from({ length: GAPS }, (_, g) => ({
        id: `B-${g + 1}`,
        pillar: (g % 8) + 1,
        title: `Gap number ${g} with a realistic one-line title`,
        description: 'A paragraph of description. '.repeat(8),
        severity: (['Critical', 'Major', 'Minor'] as const)[g % 3],
        scores: { pnl: levels[g % 3], ops: levels[(g + 1) % 3], compliance: levels[(g + 2) % 3] },
        effort: 'M',
        evidence: [{ cell: `cell-${g % 8}-${g % (CELLS / 8)}`, rows: '1-3' }],
      })),
    },
    'bench',
  );
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  return samples.sort((a, b) => a - b)[Math.floor(ROUNDS / 2)]!; // median
}

const dir = await mkdtemp(join(tmpdir(), 'aw-bench-'));
try {
  const wb = bigWorkbook();
  await saveWorkbook(fs, dir, wb);
  const file = join(dir, 'workbook.json');
  const text = await readFile(file, 'utf8');
  const plain = join(dir, 'plain.json');

  const load = await time(() => loadWorkbook(fs, dir));
  const loadRef = await time(async () => JSON.parse(await readFile(file, 'utf8')));
  const save = await time(() => saveWorkbook(fs, dir, wb));
  const saveRef = await time(() => writeFile(plain, JSON.stringify(wb, null, 2)));
  const parse = await time(async () => parseWorkbook(text));
  const stringify = await time(async () => stringifyWorkbook(wb));

  console.log(`workbook: ${GAPS} gaps, ${CELLS} cells, ${(text.length / 1e6).toFixed(1)} MB; median of ${ROUNDS} rounds`);
  console.log(`parse+validate (in memory): ${parse.toFixed(1)} ms; stable stringify: ${stringify.toFixed(1)} ms`);
  console.log(`load  (validated):           ${load.toFixed(1)} ms   vs bare read+JSON.parse ${loadRef.toFixed(1)} ms`);
  console.log(`save  (validated, atomic):   ${save.toFixed(1)} ms   vs bare JSON.stringify+writeFile ${saveRef.toFixed(1)} ms`);
  console.log(`ratio load ${(load / loadRef).toFixed(2)}x, save ${(save / saveRef).toFixed(2)}x`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
