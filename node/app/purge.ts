// `purge`: a secret that got past redaction removed from the whole workbook folder, as an event
// signed with this machine's key (see core/workbook/purge.ts).
import type { Clock } from '../../core/ports';
import { purgeSecret } from '../../core/workbook/purge';
import { loadWorkbook } from '../../core/workbook/store';
import { nodeFileSystem as fs } from '../node-file-system';
import { machineSigner } from '../signing-key';

/** `by` defaults to the workbook's auditor. */
export async function purge(home: string, dir: string, input: { secret: string; reason: string; by?: string }, clock: Clock) {
  const by = input.by ?? ((await loadWorkbook(fs, dir)).auditor || 'the auditor');
  return purgeSecret(fs, dir, { secret: input.secret, reason: input.reason, by }, clock, await machineSigner(home));
}
