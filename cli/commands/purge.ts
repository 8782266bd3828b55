// `audit-workbench purge`: remove a secret that got into the evidence, the versions or the exports.
import { appHome } from '../../node/app-home';
import { purge } from '../../node/app/purge';
import { keyFingerprint } from '../../core/workbook/purge-ledger';
import { type Io, UsageError, type Values, oneDir, str } from '../args';

export async function run(positionals: string[], values: Values, io: Io): Promise<void> {
  const dir = oneDir(positionals, 'purge');
  const reason = str(values['reason'])?.trim();
  if (!reason) throw new UsageError('purge needs --reason <text>: the report shows why evidence was changed');
  const secret = io.stdin ? await io.stdin() : io.ask ? await io.ask('Text to purge (then Enter): ') : '';
  if (!secret.trim()) throw new UsageError('purge reads the text to purge from stdin: printf %s "$LEAKED" | audit-workbench purge …');
  const by = str(values['by']);
  const { event } = await purge(appHome(process.env), dir, { secret, reason, ...(by ? { by } : {}) }, io.clock);
  io.out(
    `Purge ${event.number}: ${event.blobs.length} evidence blob(s) replaced by tombstones, ` +
      `${event.versions.length} version(s) and ${event.files.length} export(s) rewritten, the working copy scrubbed; ` +
      `signed with key ${keyFingerprint(event.signature.publicKey)}.`,
  );
  io.out('Rotate the secret as well: it may have been copied before the purge.');
}
