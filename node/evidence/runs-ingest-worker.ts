// Worker side of the runs ingest: for each slice of runs/search page files it is sent, reads,
// parses and normalises them and sends back each table as Arrow IPC (transferred, not copied).
import { readFile } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';
import { RunsIngest } from '../../core/evidence/mlflow';

parentPort!.on('message', async (files: string[]) => {
  try {
    const ingest = new RunsIngest();
    for (const file of files) ingest.addPage(JSON.parse(await readFile(file, 'utf8')));
    const tables = ingest.tables().map((t) => ({ name: t.name, rows: t.length, ipc: t.toArrow() }));
    parentPort!.postMessage({ tables }, tables.map((t) => t.ipc.buffer as ArrayBuffer));
  } catch (error) {
    parentPort!.postMessage({ error: `${files[0] ?? ''}: ${(error as Error).message}` });
  }
});
