// Redaction, applied before anything is hashed, stored or shown — by content, whatever the cell
// kind or the import format: first by structure (JSON, NDJSON, YAML, CSV), then by what the text
// contains (tokens, headers, KEY=VALUE lines, private keys). Each capture lists what was redacted where.
import { isKubectlTable } from '../line-formats';
import { redactCsv, redactNdjson, redactTable, redactYaml } from './structured';
import { mergeRedactions, redactText, type Redaction } from './text-rules';

export { isPlaceholder, isSecretName, REDACTED } from './secret-names';
export { mayHoldStructuredSecrets, redactJsonValue } from './structured';
export { mergeRedactions, redactText, redactTexts, type Redaction } from './text-rules';

/**
 * Undeclared text is parsed as YAML only when it starts like YAML (a document marker, `key:` or a
 * list item) and is of a size YAML files have: grep output or a log of megabytes is not.
 */
const looksLikeYaml = (text: string) =>
  text.length <= 16 * 2 ** 20 &&
  /^(?:---|[A-Za-z_][\w.-]*:(?:\s|$)|- )/.test(text.split('\n').find((l) => l.trim() !== '' && !l.startsWith('#')) ?? '');

/** What `redactOutput` is told about the text: its declared format, if any. */
export type OutputShape = 'json' | 'ndjson' | 'csv' | 'yaml' | 'auto' | (string & {});

/**
 * Redacts text that is not JSON (JSON is redacted as a tree before it is normalised): a kubectl
 * table cell by cell, NDJSON line by line, YAML through its structure, CSV by column, then every
 * rule on the text.
 */
export function redactOutput(
  text: string,
  where: string,
  knownSecrets: readonly string[] = [],
  shape: OutputShape = 'auto',
): { text: string; redactions: Redaction[] } {
  const redactions: Redaction[] = [];
  let out = text;
  if (shape === 'kubectl-table' || (shape === 'auto' && isKubectlTable(out))) return redactTable(out, where, knownSecrets);
  const structured =
    (shape === 'ndjson' || shape === 'auto' ? redactNdjson(out, where) : null) ??
    (shape === 'csv' ? redactCsv(out, where) : null) ??
    (shape === 'yaml'
      ? redactYaml(out, where)
      : (shape === 'auto' || shape === 'text') && looksLikeYaml(out)
        ? redactYaml(out, where, true)
        : null) ??
    (shape === 'auto' && /^[^\n,]+,[^\n]+\n/.test(out) ? redactCsv(out, where) : null);
  if (structured) {
    out = structured.text;
    mergeRedactions(redactions, structured.redactions);
  }
  const scrubbed = redactText(out, where, knownSecrets);
  return { text: scrubbed.text, redactions: mergeRedactions(redactions, scrubbed.redactions) };
}
