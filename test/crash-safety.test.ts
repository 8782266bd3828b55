// A child process saving in a loop is killed with SIGKILL at random moments, 100 times; after each
// kill the workbook must load and equal one of the states that were saved.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../core/hash';
import { loadWorkbook, saveWorkbook } from '../core/workbook/store';
import { nodeFileSystem as fs } from '../node/node-file-system';
import { bundleChild, killAtRandom } from './crash/child';
import { stateFor, stateIndex } from './crash/states';
import { tempDir } from './helpers/workbooks';

const KILLS = 100;
let work: Awaited<ReturnType<typeof tempDir>>;
let script: string;

beforeAll(async () => {
  work = await tempDir('aw-crash-');
  // Bundled once so that each of the 100 children starts as plain Node, without a TS loader.
  script = join(work.dir, 'save-loop.mjs');
  await bundleChild(new URL('./crash/save-loop.ts', import.meta.url), script);
});
afterAll(() => work.cleanup());

describe('crash safety of save', () => {
  it(`survives ${KILLS} SIGKILLs at random instants`, async () => {
    const dir = join(work.dir, 'wb');
    await saveWorkbook(fs, dir, stateFor(0));
    let previous = 0;
    let killedMidway = 0;
    for (let k = 0; k < KILLS; k++) {
      const lastAck = await killAtRandom(script, [dir], 25);
      const wb = await loadWorkbook(fs, dir); // throws if the file is torn or invalid
      const n = stateIndex(wb);
      // The loaded state is the last one acknowledged, or the one whose rename had landed when the
      // kill came before the acknowledgement was printed.
      const floor = lastAck ?? previous;
      expect(n === floor || n === floor + 1, `kill ${k}: loaded state ${n}, last acknowledged ${floor}`).toBe(true);
      expect(canonicalJson(wb)).toBe(canonicalJson(stateFor(n)));
      if (lastAck !== null && n === lastAck + 1) killedMidway++;
      previous = n;
    }
    // The kills must have landed while saves were happening, not only before the first one.
    expect(previous).toBeGreaterThanOrEqual(KILLS);
    // Temp files of killed writes are swept by the next save.
    await saveWorkbook(fs, dir, stateFor(previous + 1));
    expect(await readdir(dir)).toEqual(['workbook.json']);
    console.log(`crash test: ${KILLS} kills, ${previous} states saved, ${killedMidway} kills between a rename and its acknowledgement`);
  }, 180_000);
});
