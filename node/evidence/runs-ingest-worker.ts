// Worker side of the runs ingest: for each slice of runs/search page files it is sent, reads the
// bytes, scans them into the four runs tables and sends back each as Arrow IPC (transferred).
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { tableToIPC } from 'apache-arrow';
import { RUNS_COLUMNS, RunsPagesScanner } from '../../core/evidence/runs-pages';

const NAMES = Object.keys(RUNS_COLUMNS);

// One read buffer for every page: the scanner copies what it keeps, and a fresh buffer per page
// would give the garbage collector hundreds of megabytes to reclaim.
let buffer = new Uint8Array(1 << 20);

function readPage(file: string): Uint8Array {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size > buffer.length) buffer = new Uint8Array(Math.max(size, buffer.length * 2));
    let read = 0;
    while (read < size) {
      const n = readSync(fd, buffer, read, size - read, null);
      if (n === 0) break;
      read += n;
    }
    return buffer.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

parentPort!.on('message', (files: string[]) => {
  let file = '';
  try {
    const scanner = new RunsPagesScanner();
    for (file of files) scanner.addPage(readPage(file));
    const tables = scanner.tables().map((t, i) => ({ name: NAMES[i]!, rows: t.numRows, ipc: tableToIPC(t, 'stream') }));
    parentPort!.postMessage(
      { tables },
      tables.map((t) => t.ipc.buffer as ArrayBuffer),
    );
  } catch (error) {
    parentPort!.postMessage({ error: `${file}: ${(error as Error).message}` });
  }
});
