// Redaction of structured documents by their structure: values under a secret name, Kubernetes
// Secrets (data, stringData), the manifests kubectl and Helm keep inside annotations and releases,
// `{name, value}` pairs such as container env, and CSV columns named like secrets. JSON is walked as
// a tree; YAML is parsed with the `yaml` library and only the redacted scalars are rewritten in the
// source, so its comments, order and layout stay as they were.
import { isMap, isPair, isScalar, isSeq, parseAllDocuments, type Document } from 'yaml';
import { isPlaceholder, isSecretName, REDACTED } from './secret-names';
import { redactText, tally, type Redaction } from './text-rules';

type Path = (string | number)[];
/** A value to replace: where it is, what replaces it and what kind of secret it was. */
interface Finding {
  path: Path;
  value: string;
  what: string;
}

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const isHelmRelease = (r: Record<string, unknown>) =>
  isRecord(r['metadata']) && isRecord(r['metadata']['labels']) && r['metadata']['labels']['owner'] === 'helm';

/** Every leaf value under `node` (a secret name, a Secret's data) is a secret. */
function allLeaves(node: unknown, path: Path, what: string, out: Finding[]): void {
  if (Array.isArray(node)) node.forEach((child, i) => allLeaves(child, [...path, i], what, out));
  else if (isRecord(node)) for (const [k, child] of Object.entries(node)) allLeaves(child, [...path, k], what, out);
  else if ((typeof node === 'string' && !isPlaceholder(node)) || typeof node === 'number')
    out.push({ path: [...path], value: REDACTED, what });
}

/** A string that is itself a JSON document (kubectl's last-applied annotation): redacted inside. */
function redactEmbeddedJson(text: string): string | null {
  const trimmed = text.trim();
  if (!(trimmed.startsWith('{') || trimmed.startsWith('['))) return null;
  try {
    const { value, redactions } = redactJsonValue(JSON.parse(trimmed));
    return redactions.length ? JSON.stringify(value) : null;
  } catch {
    return null;
  }
}

/**
 * Walks `node`; `path` is where it is, one array pushed and popped along the way (a copy is made
 * only for a finding), since a page of runs has tens of thousands of nodes and few or no secrets.
 */
function findSecrets(node: unknown, path: Path, out: Finding[]): void {
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      path.push(i);
      findSecrets(node[i], path, out);
      path.pop();
    }
    return;
  }
  if (!isRecord(node)) {
    if (typeof node === 'string') {
      const embedded = redactEmbeddedJson(node);
      if (embedded !== null) out.push({ path: [...path], value: embedded, what: 'embedded manifest' });
    }
    return;
  }
  const isSecret = node['kind'] === 'Secret';
  // {name: DB_PASSWORD, value: …} (container env) and {key: api_token, value: …} (MLflow params, tags).
  const pairName = ['name', 'key', 'Name', 'Key'].map((k) => node[k]).find((v) => typeof v === 'string') as string | undefined;
  for (const key in node) {
    const child = node[key];
    path.push(key);
    if (isSecret && (key === 'data' || key === 'stringData')) allLeaves(child, path, 'Kubernetes Secret value', out);
    else if (isHelmRelease(node) && key === 'data' && isRecord(child) && 'release' in child)
      allLeaves(child['release'], [...path, 'release'], 'Helm release', out);
    else if (isSecretName(key) && (typeof child !== 'string' || !isPlaceholder(child))) allLeaves(child, path, 'secret field', out);
    else if ((key === 'value' || key === 'Value') && pairName !== undefined && isSecretName(pairName))
      allLeaves(child, path, 'secret field', out);
    else if (key === LAST_APPLIED && typeof child === 'string') {
      const embedded = redactEmbeddedJson(child);
      if (embedded !== null) out.push({ path: [...path], value: embedded, what: 'Kubernetes Secret value' });
    } else findSecrets(child, path, out);
    path.pop();
  }
}

function setAt(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (Array.isArray(root)) return root.map((child, i) => (i === head ? setAt(child, rest, value) : child));
  const record = root as Record<string, unknown>;
  return { ...record, [head!]: setAt(record[head!], rest, value) };
}

function tallyFindings(findings: Finding[], where: string): Redaction[] {
  const redactions: Redaction[] = [];
  for (const f of findings) tally(redactions, where, f.what, 1);
  return redactions;
}

// What the walk below can act on: a secret word in a name (isSecretName's words), a Kubernetes
// Secret, a Helm release. Escaped text (`\u0070assword`) may hide any of them. A string holding
// JSON (kubectl's last-applied annotation, MLflow's mlflow.log-model.history tag) is walked too, but
// what the walk finds there it finds by the same words, and they show in the text that holds it:
// escaped quotes and backslashes do not hide a word, and an escape that could is a `\u`.
// A page cursor (`next_page_token`, isSecretName's CURSOR) is not a trigger: every page of runs ends with one.
// Nor is `pwd` or `pat` but at the start of a string (a name, JSON's only kind): isSecretName wants
// them first, and `artifact_path` or a path in `mlflow.source.name` is in most real pages of runs.
// Unicode case folding (`u`), as isSecretName's toLowerCase has it: the Kelvin sign is a k there too.
const WALK_TRIGGERS =
  /\\u|pass|secret|(?<!(?:next|page|continuation|cursor|sync|resume|start)[_-]?)token|api[_-]?key|(?:access|private|account|client|signing|encryption|master)[_-]?key|credential|auth|"pwd|"pat|helm/iu;
/** The same without Unicode folding, which text of ASCII alone does not need and which costs six times the time. */
const ASCII_WALK_TRIGGERS = new RegExp(WALK_TRIGGERS.source, 'i');

/**
 * Whether JSON text may hold what redactJsonValue redacts by structure; when it cannot (a page of
 * runs whose names hold no secret word), the walk is skipped. A superset: text rules still apply.
 * `knownAscii`: the caller knows the text is ASCII (else it is tested).
 */
export function mayHoldStructuredSecrets(jsonText: string, knownAscii = false): boolean {
  if (knownAscii || !/[\u0080-\uffff]/.test(jsonText)) return ASCII_WALK_TRIGGERS.test(jsonText);
  // A long s is an s to the `u` folding of the cursor words above, not to isSecretName's
  // toLowerCase: `ſync_token` is no cursor there. Such text is walked.
  return jsonText.includes('\u017f') || WALK_TRIGGERS.test(jsonText);
}

/** A parsed JSON value with its secrets replaced (string values keep their type). */
export function redactJsonValue(value: unknown, where = 'output'): { value: unknown; redactions: Redaction[] } {
  const findings: Finding[] = [];
  findSecrets(value, [], findings);
  let out = value;
  for (const f of findings) out = setAt(out, f.path, f.value);
  return { value: out, redactions: tallyFindings(findings, where) };
}

/** NDJSON: each line redacted as JSON; lines without secrets are kept byte for byte. */
export function redactNdjson(text: string, where = 'output'): { text: string; redactions: Redaction[] } | null {
  const lines = text.split('\n');
  const redactions: Redaction[] = [];
  const out: string[] = [];
  for (const line of lines) {
    if (line.trim() === '') {
      out.push(line);
      continue;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      return null;
    }
    const r = redactJsonValue(parsed, where);
    for (const x of r.redactions) tally(redactions, x.where, x.what, x.count);
    out.push(r.redactions.length ? JSON.stringify(r.value) : line);
  }
  return { text: out.join('\n'), redactions };
}

/** Where a YAML document keeps the scalar at `path`: its source range, or null (an alias, a collection). */
function scalarRange(doc: Document, path: Path): [number, number] | null {
  const node = doc.getIn(path, true);
  return isScalar(node) && node.range ? [node.range[0], node.range[1]] : null;
}

/**
 * YAML (one or several documents): the secrets found in its structure are rewritten in place as
 * double-quoted scalars. Null when the text is not YAML made of maps and lists.
 */
export function redactYaml(
  text: string,
  where = 'output',
  /** Only a document with nested maps or lists: prose such as `error: password rejected` is not taken for YAML. */
  requireNesting = false,
): { text: string; redactions: Redaction[] } | null {
  let docs: Document[];
  try {
    docs = parseAllDocuments(text, { uniqueKeys: false }) as Document[];
  } catch {
    return null;
  }
  if (!Array.isArray(docs) || docs.length === 0) return null;
  if (docs.some((d) => d.errors.length > 0 || !(isMap(d.contents) || isSeq(d.contents) || d.contents === null))) return null;
  const nested = (node: unknown) =>
    (isMap(node) || isSeq(node)) && node.items.some((i) => isMap(i) || isSeq(i) || (isPair(i) && (isMap(i.value) || isSeq(i.value))));
  if (requireNesting && !docs.some((d) => nested(d.contents))) return null;
  const edits: { from: number; to: number; text: string }[] = [];
  const findings: Finding[] = [];
  for (const doc of docs) {
    const found: Finding[] = [];
    findSecrets(doc.toJS({ maxAliasCount: 100 }), [], found);
    for (const f of found) {
      const range = scalarRange(doc, f.path);
      if (!range) return null;
      const source = text.slice(range[0], range[1]);
      edits.push({ from: range[0], to: range[1], text: JSON.stringify(f.value) + (source.endsWith('\n') ? '\n' : '') });
      findings.push(f);
    }
  }
  let out = text;
  for (const e of edits.sort((a, b) => b.from - a.from)) out = out.slice(0, e.from) + e.text + out.slice(e.to);
  return { text: out, redactions: tallyFindings(findings, where) };
}

/** The fields of one CSV line with where each starts and ends (quotes included). */
function csvFields(line: string): { from: number; to: number; value: string }[] {
  const fields: { from: number; to: number; value: string }[] = [];
  let i = 0;
  for (;;) {
    const from = i;
    let value = '';
    if (line[i] === '"') {
      i++;
      for (; i < line.length; i++) {
        if (line[i] === '"' && line[i + 1] === '"') {
          value += '"';
          i++;
        } else if (line[i] === '"') break;
        else value += line[i];
      }
      i++;
    } else {
      const end = line.indexOf(',', i);
      i = end === -1 ? line.length : end;
      value = line.slice(from, i);
    }
    fields.push({ from, to: i, value });
    if (line[i] !== ',') return fields;
    i++;
  }
}

/** CSV whose header names secret columns: their values are replaced, row by row. */
export function redactCsv(text: string, where = 'output'): { text: string; redactions: Redaction[] } {
  const lines = text.split('\n');
  const header = csvFields(lines[0] ?? '').map((f) => f.value.trim());
  const secretColumns = header.flatMap((name, i) => (isSecretName(name) ? [i] : []));
  if (secretColumns.length === 0) return { text, redactions: [] };
  let count = 0;
  const out = lines.map((line, n) => {
    if (n === 0 || line.trim() === '') return line;
    const fields = csvFields(line.replace(/\r$/, ''));
    let edited = line;
    for (const column of [...secretColumns].reverse()) {
      const f = fields[column];
      if (!f || isPlaceholder(f.value)) continue;
      edited = edited.slice(0, f.from) + REDACTED + edited.slice(f.to);
      count++;
    }
    return edited;
  });
  const redactions: Redaction[] = [];
  tally(redactions, where, 'secret column', count);
  return { text: out.join('\n'), redactions };
}

/**
 * A `kubectl get` table (columns found by the header's positions): each cell is redacted on its
 * own, a column whose header names a secret entirely, and the table is laid out again the way
 * kubectl lays it out (three spaces after the widest cell), so every column stays where its header says.
 */
export function redactTable(text: string, where: string, knownSecrets: readonly string[]): { text: string; redactions: Redaction[] } {
  const lines = text.split('\n');
  const header = lines[0] ?? '';
  const starts = [...header.matchAll(/\S+(?: \S+)*/g)].map((m) => ({ name: m[0], at: m.index }));
  const secretColumn = starts.map((col) => isSecretName(col.name.replace(/ /g, '_')));
  const redactions: Redaction[] = [];
  let changed = false;
  const rows = lines.slice(1).map((line) =>
    line.trim() === ''
      ? null
      : starts.map((col, i) => {
          const cell = line.slice(col.at, i + 1 < starts.length ? starts[i + 1]!.at : line.length).trim();
          if (secretColumn[i] && cell !== '' && cell !== '<none>' && !isPlaceholder(cell)) {
            tally(redactions, where, 'secret column', 1);
            changed = true;
            return REDACTED;
          }
          const r = redactText(cell, where, knownSecrets);
          for (const x of r.redactions) tally(redactions, x.where, x.what, x.count);
          changed ||= r.text !== cell;
          return r.text;
        }),
  );
  if (!changed) return { text, redactions };
  const widths = starts.map((col, i) => Math.max(col.name.length, ...rows.map((r) => r?.[i]?.length ?? 0)));
  const layout = (cells: string[]) =>
    cells
      .map((c, i) => (i + 1 < cells.length ? c.padEnd(widths[i]! + 3) : c))
      .join('')
      .trimEnd();
  return { text: [layout(starts.map((c) => c.name)), ...rows.map((r) => (r ? layout(r) : ''))].join('\n'), redactions };
}
