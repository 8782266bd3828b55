// Worker side of a paged capture: cleans each page it is sent (cleanPageBytes: redaction, volatile
// keys, one item per line) and sends back its lines as UTF-8; a page of runs is also read into the
// rows of the runs tables here (RunsPagesScanner), so that the capture's thread only appends them.
// Everything is transferred, not copied.
import { parentPort } from 'node:worker_threads';
import { cleanPageBytes, type CleanPageBytes, type PageOptions } from '../../core/evidence/pages';
import { chunkBuffers, RunsPagesScanner, type RunsChunk } from '../../core/evidence/runs-pages';

export interface PageRequest {
  id: number;
  bytes: Uint8Array;
  options: PageOptions;
  /** Whether a page of runs is read into rows here (not while verifying: see PagedCapture's spool). */
  scanRuns: boolean;
}

/** A page cleaned, or why not. */
export interface ThreadReply {
  id: number;
  page?: CleanPageBytes;
  runs?: RunsChunk | null;
  error?: string;
}

const reply = (m: ThreadReply, transfer: ArrayBuffer[] = []) => parentPort!.postMessage(m, transfer);

/** One scanner for every page this thread reads: its buffers, grown once, are reused. */
const scanner = new RunsPagesScanner();

parentPort!.on('message', (m: PageRequest) => {
  try {
    const page = cleanPageBytes(m.bytes, m.options);
    let runs = null;
    if (m.scanRuns && page.itemsKey === 'runs') {
      scanner.addRunLines(page.bytes);
      runs = scanner.takeChunk();
    }
    const transfer = [page.bytes.buffer as ArrayBuffer, ...(runs ? chunkBuffers(runs) : [])];
    reply({ id: m.id, page, runs }, transfer);
  } catch (error) {
    reply({ id: m.id, error: (error as Error).message });
  }
});
