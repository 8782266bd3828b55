// Worker side of a paged capture: cleans each page it is sent (cleanPage: redaction, volatile keys,
// one item per line) and sends back its lines as UTF-8 (transferred, not copied).
import { parentPort } from 'node:worker_threads';
import { cleanPage, type PageOptions } from '../../core/evidence/pages';

const decoder = new TextDecoder();
const encoder = new TextEncoder();

parentPort!.on('message', (m: { id: number; bytes: Uint8Array; options: PageOptions }) => {
  try {
    const { lines, ...page } = cleanPage(decoder.decode(m.bytes), m.options);
    const bytes = encoder.encode(lines);
    parentPort!.postMessage({ id: m.id, page: { ...page, bytes } }, [bytes.buffer as ArrayBuffer]);
  } catch (error) {
    parentPort!.postMessage({ id: m.id, error: (error as Error).message });
  }
});
