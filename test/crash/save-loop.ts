// Child process of the crash test: saves state i, i+1, … forever, printing each index once its
// save has returned. The parent kills it with SIGKILL at a random instant.
import { loadWorkbook, saveWorkbook } from '../../core/workbook/store';
import { nodeFileSystem as fs } from '../../node/node-file-system';
import { stateFor, stateIndex } from './states';

const dir = process.argv[2]!;
let i = stateIndex(await loadWorkbook(fs, dir)) + 1;
process.stdout.write('start\n');
for (;;) {
  await saveWorkbook(fs, dir, stateFor(i));
  process.stdout.write(`${i}\n`);
  i++;
}
