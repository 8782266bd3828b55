// `audit-workbench diff`: print what changed between two versions, as Markdown.
import { deltaDocument, parseVersionRef, type VersionRef } from '../../core/report/delta-document';
import { nodeFileSystem as fs } from '../../node/node-file-system';
import { isDeltaEmpty } from '../../core/delta';
import { type Io, UsageError, type Values, oneDir, str } from '../args';
import { deltaJson, printJson } from '../json-output';

export async function run(positionals: string[], values: Values, io: Io): Promise<void> {
  const dir = oneDir(positionals, 'diff');
  const fromRef = str(values['from']);
  if (!fromRef) throw new UsageError('diff needs --from <version>, e.g. --from v1');
  const from = versionRef(fromRef, '--from');
  const to = versionRef(str(values['to']) ?? 'current', '--to');
  const { markdown, delta } = await deltaDocument(fs, dir, from, to);
  const out = str(values['out']);
  const json = values['json'] === true;
  if (out) {
    await fs.writeAtomic(out, markdown);
    (json ? io.err : io.out)(`Wrote ${out}.`);
  }
  if (json) printJson(io.out, deltaJson(delta, isDeltaEmpty(delta)));
  else if (!out) io.out(markdown.trimEnd());
}

/** `v2`, `2` or `current`. */
export function versionRef(ref: string, option: string): VersionRef {
  const parsed = parseVersionRef(ref);
  if (parsed === null) throw new UsageError(`${option} expects a version such as v1, or "current"; got "${ref}"`);
  return parsed;
}
