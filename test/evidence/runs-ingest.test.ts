// The threaded runs ingest gives the same tables as the scanner on one thread, atomically.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RUNS_COLUMNS, RunsPagesScanner } from '../../core/evidence/runs-pages';
import { tableFromArrowTable } from '../../core/evidence/table';
import { ingestRunsPages } from '../../node/evidence/runs-ingest';
import { openDuckDb } from '../../node/query/duckdb';
import { RUNS } from '../helpers/mlflow-replay';
import { tempDir } from '../helpers/workbooks';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

describe('runs ingest on worker threads', () => {
  it('loads every slice in page order, identical to the single-threaded normaliser', async () => {
    const tmp = await tempDir('aw-ingest-');
    cleanups.push(tmp.cleanup);
    const pages = Array.from({ length: 7 }, (_, p) => ({
      runs: RUNS.map((r) => ({ ...r, info: { ...r.info, run_id: `${r.info.run_id}-p${p}` } })),
    }));
    const files = await Promise.all(
      pages.map(async (page, i) => {
        const file = join(tmp.dir, `page-${i}.json`);
        await writeFile(file, JSON.stringify(page));
        return file;
      }),
    );
    const engine = await openDuckDb();
    cleanups.push(() => engine.close());
    const counts = await ingestRunsPages(engine, files, 2, 2);
    expect(counts).toEqual({ runs: 35, run_tags: 56, run_params: 35, run_metrics: 35 });
    const direct = new RunsPagesScanner();
    for (const page of pages) direct.addPage(new TextEncoder().encode(JSON.stringify(page)));
    const names = Object.keys(RUNS_COLUMNS);
    const expected = direct.tables().map((t, i) => tableFromArrowTable(names[i]!, t));
    for (const t of expected) {
      const loaded = await engine.query(`SELECT * FROM ${t.name}`);
      expect({ ...loaded, name: t.name }).toEqual(t);
    }
    // A broken page fails the ingest with its file name, and the tables stay as they were.
    await writeFile(files[5]!, '{"runs": [');
    await expect(ingestRunsPages(engine, files, 2, 2)).rejects.toThrow(/page-5\.json: not valid JSON: .* at the end/);
    expect((await engine.query('SELECT count(*) AS n FROM runs')).rows).toEqual([[35]]);
    expect((await engine.query('SELECT count(*) AS n FROM run_metrics')).rows).toEqual([[35]]);
  });
});
