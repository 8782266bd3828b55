// Starts a TypeScript worker from source: worker threads do not inherit tsx's loader, so this
// JavaScript entry registers it and imports the module named in workerData.entry.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
