// `audit-workbench import`: record output captured elsewhere as a cell's capture.
import { describeOutcome, importCapture } from '../../node/evidence/engine';
import { FORMATS, type Format } from '../../core/evidence/parse';
import { type Io, UsageError, type Values, oneDir, str } from '../args';

export async function run(positionals: string[], values: Values, io: Io): Promise<void> {
  const dir = oneDir(positionals, 'import');
  const cell = str(values['cell']);
  const file = str(values['file']);
  if (!cell || !file) throw new UsageError('import needs --cell <id> and --file <path>');
  const format = str(values['format']);
  if (format !== undefined && format !== 'auto' && !(FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`--format expects one of auto, ${FORMATS.join(', ')}; got "${format}"`);
  }
  const command = str(values['command']);
  const recorded = await importCapture(dir, cell, {
    file,
    ...(command !== undefined ? { command } : {}),
    ...(format !== undefined ? { format: format as Format | 'auto' } : {}),
    now: () => io.clock.now(),
  });
  io.out(describeOutcome({ cell, status: 'captured', recorded }));
}
