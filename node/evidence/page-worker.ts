// Worker side of a paged capture: cleans each page it is sent (cleanPage: redaction, volatile keys,
// one item per line) and sends back its lines as UTF-8, and for a page of runs the same items as a
// `{"runs":[…]}` document for the runs scanner (both transferred, not copied).
import { parentPort } from 'node:worker_threads';
import { cleanPage, type PageOptions } from '../../core/evidence/pages';

const decoder = new TextDecoder();
const encoder = new TextEncoder();
const RUNS_OPEN = encoder.encode('{"runs":[');
const RUNS_CLOSE = encoder.encode(']}');

/** The lines as one runs document: newlines between items become commas. */
function runsDocument(lines: Uint8Array): Uint8Array {
  const body = lines.length ? lines.length - 1 : 0; // the last newline is dropped
  const out = new Uint8Array(RUNS_OPEN.length + body + RUNS_CLOSE.length);
  out.set(RUNS_OPEN, 0);
  out.set(lines.subarray(0, body), RUNS_OPEN.length);
  for (let i = RUNS_OPEN.length, end = RUNS_OPEN.length + body; i < end; i++) if (out[i] === 0x0a) out[i] = 0x2c;
  out.set(RUNS_CLOSE, RUNS_OPEN.length + body);
  return out;
}

parentPort!.on('message', (m: { id: number; bytes: Uint8Array; options: PageOptions }) => {
  try {
    const { lines, ...page } = cleanPage(decoder.decode(m.bytes), m.options);
    const bytes = encoder.encode(lines);
    const runs = page.itemsKey === 'runs' ? runsDocument(bytes) : null;
    parentPort!.postMessage(
      { id: m.id, page: { ...page, bytes, runs } },
      (runs ? [bytes.buffer, runs.buffer] : [bytes.buffer]) as ArrayBuffer[],
    );
  } catch (error) {
    parentPort!.postMessage({ id: m.id, error: (error as Error).message });
  }
});
