// A long-lived query session (the app keeps one per workbook) in real DuckDB-wasm: the second load
// reads no blob whose capture did not change, a new capture is read, and a removed cell's table is
// gone — a query sees the workbook as it stands, not what an earlier load left behind.
import { afterAll, describe, expect, it } from 'vitest';
import { tableNameOf } from '../../core/evidence/table';
import type { FileSystem } from '../../core/ports';
import { loadEvidenceTables, type LoadedObjects } from '../../core/query/evidence-tables';
import type { Workbook } from '../../core/workbook/schema';
import { loadWorkbook } from '../../core/workbook/store';
import { nodeFileSystem } from '../../node/node-file-system';
import { openDuckDb } from '../../node/query/duckdb';
import { copyFixture } from '../helpers/workbooks';

describe('evidence loaded again into the same engine', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups) await c();
  });

  it('reads only what changed and drops what was removed', async () => {
    const demo = await copyFixture('demo-helix-backbone');
    cleanups.push(demo.cleanup);
    const reads: string[] = [];
    const fs: FileSystem = { ...nodeFileSystem, readBytes: (path) => (reads.push(path), nodeFileSystem.readBytes(path)) };
    const engine = await openDuckDb();
    cleanups.push(() => engine.close());
    const objects: LoadedObjects = new Map();
    const wb = await loadWorkbook(nodeFileSystem, demo.dir);

    const first = await loadEvidenceTables(engine, fs, demo.dir, wb, objects);
    // One read per table name (a cell's base table and a normalised one can share a name: the last wins).
    const names = new Set(
      wb.pillars
        .flatMap((p) => p.cells)
        .flatMap((c) =>
          (c.captures.at(-1)?.tables ?? []).map((t) => (t.name === tableNameOf(c.id) ? t.name : `${tableNameOf(c.id)}__${t.name}`)),
        ),
    );
    expect(reads).toHaveLength(names.size);
    expect(first.some((t) => t.name === 'run_durations')).toBe(true);

    reads.length = 0;
    expect(await loadEvidenceTables(engine, fs, demo.dir, wb, objects)).toEqual(first);
    expect(reads).toEqual([]);

    // A newer capture of one cell (here: another cell's blob) is read; the removed cell's table is dropped.
    const cells = wb.pillars.flatMap((p) => p.cells);
    const donor = cells.find((c) => c.id === 'run-durations')!.captures.at(-1)!;
    const changed: Workbook = {
      ...wb,
      pillars: wb.pillars.map((p) => ({
        ...p,
        cells: p.cells
          .filter((c) => c.id !== 'run-durations')
          .map((c) =>
            c.id === 'recent-runs'
              ? { ...c, captures: [...c.captures, { ...donor, tables: [{ ...donor.tables[0]!, name: 'recent_runs' }] }] }
              : c,
          ),
      })),
    };
    reads.length = 0;
    const after = await loadEvidenceTables(engine, fs, demo.dir, changed, objects);
    expect(reads.map((r) => r.split('/').pop())).toEqual([donor.tables[0]!.hash]);
    expect(after.some((t) => t.name === 'run_durations')).toBe(false);
    await expect(engine.query('SELECT * FROM run_durations')).rejects.toThrow(/run_durations/);
    expect((await engine.query('SELECT count(*) AS n FROM recent_runs')).rows[0]![0]).toBe(donor.tables[0]!.rows);
  });
});
