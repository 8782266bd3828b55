// Child process of the operations crash test: imports a capture, runs a grep cell, publishes a
// version and merges a colleague's folder (copying the blob only they have), over and over,
// printing each step once it has returned. The parent kills it with SIGKILL at a random instant.
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sha256Hex } from '../../core/hash';
import { systemClock } from '../../core/ports';
import { publishVersion } from '../../core/workbook/versions';
import { importCapture, runCells } from '../../node/evidence/engine';
import { mergeWorkbookFiles } from '../../node/merge';
import { nodeFileSystem as fs } from '../../node/node-file-system';
import { OPERATIONS } from './operations';

const [dir, base, theirs, scratch, first] = process.argv.slice(2) as [string, string, string, string, string];
process.stdout.write('start\n');
// Each child starts with another of the operations, so that kills land in all of them.
for (let i = Number(first); ; i++) {
  const operation = OPERATIONS[i % OPERATIONS.length];
  if (operation === 'import') {
    const file = join(scratch, `capture-${process.pid}-${i}.txt`);
    await writeFile(file, `run ${i} ${randomBytes(8).toString('hex')} FINISHED\n`.repeat(50));
    await importCapture(dir, 'captured', { file, command: 'kubectl logs deploy/trainer' });
  } else if (operation === 'run') {
    // The grep cell searches the scratch folder (REPO_DIR): a new file each time, so a new capture.
    await writeFile(join(scratch, 'repo', `train-${i}.py`), `mlflow.log_metric("step", ${i})  # ${randomBytes(8).toString('hex')}\n`);
    const [outcome] = await runCells(dir, { cell: 'searched' });
    if (outcome?.status !== 'captured') throw new Error(`run: ${JSON.stringify(outcome)}`);
  } else if (operation === 'publish') {
    await publishVersion(fs, dir, { message: `after step ${i}` }, systemClock).catch((e: Error) => {
      if (!e.message.startsWith('nothing to publish')) throw e;
    });
  } else {
    const bytes = `blob ${i} ${randomBytes(8).toString('hex')}\n`.repeat(2000);
    await fs.writeAtomic(join(theirs, 'evidence', sha256Hex(bytes)), bytes);
    await mergeWorkbookFiles(dir, base, theirs);
  }
  process.stdout.write(`${i}\n`);
}
