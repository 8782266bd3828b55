// `audit-workbench attest`: attest a manual check with a note.
import { loadWorkbook } from '../../core/workbook/store';
import { nodeFileSystem as fs } from '../../node/node-file-system';
import { attestCheck } from '../../node/evidence/engine';
import { type Io, UsageError, type Values, oneDir, str } from '../args';

export async function run(positionals: string[], values: Values, io: Io): Promise<void> {
  const dir = oneDir(positionals, 'attest');
  const cell = str(values['cell']);
  const note = str(values['note']);
  if (!cell || !note) throw new UsageError('attest needs --cell <id> and --note <text>');
  const by = str(values['by']) ?? ((await loadWorkbook(fs, dir)).auditor || 'the auditor');
  const recorded = await attestCheck(dir, cell, { note, by, now: () => io.clock.now() });
  io.out(`${cell}: attested by ${by} — sha256 ${recorded.capture.hash.slice(0, 12)}`);
}
