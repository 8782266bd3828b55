// The threaded runs ingest gives the same tables as the single-threaded normaliser.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RunsIngest } from '../../core/evidence/mlflow';
import { tableFromArrow } from '../../core/evidence/table';
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
    const pages = Array.from({ length: 7 }, (_, p) => ({ runs: RUNS.map((r) => ({ ...r, info: { ...r.info, run_id: `${r.info.run_id}-p${p}` } })) }));
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
    const direct = new RunsIngest();
    for (const page of pages) direct.addPage(page);
    for (const t of direct.tables()) {
      const loaded = await engine.query(`SELECT * FROM ${t.name}`);
      expect({ ...loaded, name: t.name }).toEqual(tableFromArrow(t.name, t.toArrow()));
    }
    await writeFile(files[3]!, '{"runs": [');
    await expect(ingestRunsPages(engine, files, 2, 2)).rejects.toThrow(/page-3\.json|page-2\.json/);
  });
});
