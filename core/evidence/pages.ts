// A paginated response as evidence. Each page is redacted and normalised on its own, and its items
// become the lines of one text (JSON Lines), so that no step holds the whole response and the
// capture's hash is the same however the server cut the pages: the page token is dropped, and what
// a page says besides its items is written once, in a `{"$page": …}` line, until it changes.
import { canonicalJson, type CanonicalMember } from './canonical-json';
import { mayHoldStructuredSecrets, mergeRedactions, redactJsonValue, redactText, redactTexts, type Redaction } from './redaction';
import { dropVolatileKeys, mayHoldVolatileKeys, VOLATILE_JSON_KEYS } from './volatile';

const VOLATILE_NAMES = Object.keys(VOLATILE_JSON_KEYS);

/** One page, redacted and normalised. */
export interface CleanPage {
  /** `{"$page":{"items":…,"fields":…}}`: the key of the page's items and its other fields. */
  header: string;
  /** The items, one compact JSON text per line, each line ending in a newline. */
  lines: string;
  items: number;
  /** The property that holds the items (`runs`, `experiments` …); null when the page is an array or has none. */
  itemsKey: string | null;
  /** Whether the page says anything besides its items and its token (then its header is written). */
  hasFields: boolean;
  redactions: Redaction[];
  /** Volatile keys dropped. */
  dropped: string[];
}

export interface PageOptions {
  /** The member that carries the next page's token (`next_page_token`): it depends on the cut, so it is dropped. */
  tokenKey?: string | null;
  /** Secret values the runner resolved: removed wherever they appear. */
  secrets?: readonly string[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The one property of a page that is a list of objects (`runs`, a kubectl List's `items`), if there is exactly one. */
function itemsKeyOf(page: Record<string, unknown>): string | null {
  const keys = Object.keys(page).filter((k) => Array.isArray(page[k]) && (page[k] as unknown[]).every((x) => isRecord(x)));
  return keys.length === 1 ? keys[0]! : null;
}

/** Redacts and normalises one page's body. Throws when it is not JSON. */
export function cleanPage(text: string, options: PageOptions = {}): CleanPage {
  let value: unknown = text.trim() === '' ? null : JSON.parse(text);
  const redactions: Redaction[] = [];
  if (mayHoldStructuredSecrets(text)) {
    const structured = redactJsonValue(value, 'output');
    value = structured.value;
    mergeRedactions(redactions, structured.redactions);
  }
  let dropped: string[] = [];
  if (mayHoldVolatileKeys(text)) ({ value, dropped } = dropVolatileKeys(value));

  let items: unknown[] = [];
  let itemsKey: string | null = null;
  let fields: Record<string, unknown> | null = null;
  if (Array.isArray(value)) items = value;
  else if (isRecord(value)) {
    itemsKey = itemsKeyOf(value);
    if (itemsKey !== null) items = value[itemsKey] as unknown[];
    const rest = Object.keys(value).filter((k) => k !== itemsKey && k !== options.tokenKey);
    if (rest.length) fields = Object.fromEntries(rest.map((k) => [k, value[k]]));
  } else if (value !== null) fields = { value };

  const lines = items.length ? `${items.map((item) => JSON.stringify(item)).join('\n')}\n` : '';
  const page = scrubbed(headerOf(itemsKey, fields), lines, options, redactions);
  return { ...page, items: items.length, itemsKey, hasFields: fields !== null, dropped };
}

const headerOf = (itemsKey: string | null, fields: Record<string, unknown> | null) =>
  JSON.stringify({ $page: { items: itemsKey, ...(fields ? { fields } : {}) } });

/** The header and lines after the text rules and the secret values (the last step of every page). */
function scrubbed(header: string, lines: string, options: PageOptions, redactions: Redaction[]) {
  const secrets = options.secrets ?? [];
  const scrubbedHeader = redactText(header, 'output', secrets);
  const scrubbedLines = redactText(lines, 'output', secrets);
  mergeRedactions(redactions, scrubbedHeader.redactions);
  mergeRedactions(redactions, scrubbedLines.redactions);
  return { header: scrubbedHeader.text, lines: scrubbedLines.text, redactions };
}

/** A cleaned page with its lines as UTF-8, as the capture stores them. */
export type CleanPageBytes = Omit<CleanPage, 'lines'> & { bytes: Uint8Array };

/**
 * cleanPage of a page's bytes. Most pages (a page of runs holds no secret name and no volatile
 * key) are read straight into their lines (core/evidence/canonical-json.ts); the rest are parsed.
 * Both give the same bytes.
 */
export function cleanPageBytes(bytes: Uint8Array, options: PageOptions = {}): CleanPageBytes {
  const fast = canonicalPage(bytes, options);
  if (fast) return fast;
  const { lines, ...page } = cleanPage(decoder.decode(bytes), options);
  return { ...page, bytes: encoder.encode(lines) };
}

/** cleanPage without objects, or null when the page needs the walk (or is not plain JSON). */
function canonicalPage(bytes: Uint8Array, options: PageOptions): CleanPageBytes | null {
  const doc = canonicalJson(bytes, VOLATILE_NAMES);
  if (!doc || doc.watchedName) return null;
  const text = (m: CanonicalMember) => decoder.decode(doc.bytes.subarray(m.start, m.end));
  let items: CanonicalMember | null = null;
  let fields: Record<string, unknown> | null = null;
  if (doc.isArray) items = doc.members[0]!;
  else {
    const lists = doc.members.filter((m) => m.objectArray);
    if (lists.length === 1) items = lists[0]!;
    const rest = doc.members.filter((m) => m !== items && m.key !== options.tokenKey);
    if (rest.length) fields = Object.fromEntries(rest.map((m) => [m.key, JSON.parse(text(m)) as unknown]));
  }
  // The page token is dropped, but the walk would look at it, name and value (and count what it found there).
  const token = doc.members.find((m) => m.key !== null && m.key === options.tokenKey);
  if (token && mayHoldStructuredSecrets(`${JSON.stringify(token.key)}:${text(token)}`)) return null;
  const itemsKey = items?.key ?? null;
  const header = headerOf(itemsKey, fields);
  // One item per line: the commas between the items become line ends, and so does the closing bracket.
  const ends = items?.elementEnds ?? [];
  for (const end of ends) doc.bytes[end] = 0x0a;
  const lineBytes = ends.length ? doc.bytes.subarray(items!.start + 1, items!.end) : new Uint8Array(0);
  // What the walk could act on: then the page is parsed (the lines hold no escape that could hide it).
  if (mayHoldStructuredSecrets(header)) return null;
  const secrets = options.secrets ?? [];
  let texts = lineSlices(lineBytes, secrets).map((slice) => decoder.decode(slice));
  if (texts.some((text) => mayHoldStructuredSecrets(text, doc.ascii))) return null;
  // A private key is the one secret a rule finds across lines (a PEM file paged a line per item).
  if (texts.length > 1 && texts.some((text) => text.includes('PRIVATE KEY'))) texts = [texts.join('')];
  const scrubbedHeader = redactText(header, 'output', secrets);
  const scrubbedLines = redactTexts(texts, 'output', secrets, { ascii: doc.ascii, walkFree: true });
  const redactions = mergeRedactions([...scrubbedHeader.redactions], scrubbedLines.redactions);
  const changed = scrubbedLines.texts.some((text, i) => text !== texts[i]);
  return {
    header: scrubbedHeader.text,
    // A view into the reader's buffer, made for this page alone: handed on as it is.
    bytes: changed ? encoder.encode(scrubbedLines.texts.join('')) : lineBytes,
    items: ends.length,
    itemsKey,
    hasFields: fields !== null,
    redactions,
    dropped: [],
  };
}

/**
 * Lines are redacted a slice of whole lines at a time: a string this small is made in V8's young
 * generation, where a page's 600 KB one was allocated afresh each time (twice the time). The text
 * rules give the same result line by line on JSON Lines — no line holds a raw line break, none
 * starts or ends where a rule could reach across — but for a private key (kept whole by the
 * caller) and a secret value that itself holds a line break: then the lines are one slice.
 */
const SLICE_BYTES = 64 * 1024;

function lineSlices(bytes: Uint8Array, secrets: readonly string[]): Uint8Array[] {
  if (secrets.some((s) => s.includes('\n'))) return [bytes];
  const slices: Uint8Array[] = [];
  let from = 0;
  while (from < bytes.length) {
    let end = bytes.indexOf(0x0a, Math.min(bytes.length, from + SLICE_BYTES) - 1) + 1;
    if (end <= from) end = bytes.length;
    slices.push(bytes.subarray(from, end));
    from = end;
  }
  return slices;
}

/**
 * What a page adds to the capture's text: its header line when it differs from the last one
 * written, then its lines. A page with no items and nothing else (the empty last page of some
 * cuts) adds nothing.
 */
export function pageText(page: CleanPage, lastHeader: string | null): { text: string; header: string | null } {
  if (page.items === 0 && !page.hasFields) return { text: '', header: lastHeader };
  return { text: page.header === lastHeader ? page.lines : `${page.header}\n${page.lines}`, header: page.header };
}

/** The pages a capture's text stands for, read back (the tables of a capture that is not runs are made from them). */
export function pagesOfText(text: string): unknown[] {
  const pages: unknown[] = [];
  let items: unknown[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const value = JSON.parse(line) as unknown;
    const head = isRecord(value) && Object.keys(value).length === 1 && isRecord(value['$page']) ? value['$page'] : null;
    if (head) {
      const key = typeof head['items'] === 'string' ? head['items'] : null;
      const fields = isRecord(head['fields']) ? head['fields'] : null;
      items = [];
      // An object page keeps its items under their key; a page that was an array is its items.
      pages.push(key !== null ? { ...fields, [key]: items } : (fields ?? items));
    } else items.push(value);
  }
  return pages;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * The string value of a top-level member of a JSON object (`next_page_token`), read from its bytes
 * without parsing the rest: the next page is requested while this one is still being cleaned. A
 * member of the same name inside a nested value is not it. Null when absent or not a string.
 */
export function topLevelString(bytes: Uint8Array, key: string): string | null {
  const wanted = encoder.encode(JSON.stringify(key));
  const last = lastMemberString(bytes, wanted);
  if (last !== undefined) return last;
  let depth = 0;
  let expectKey = false;
  let i = 0;
  const n = bytes.length;
  /** The index just past the string that starts at `at` (a quote). */
  const stringEnd = (at: number): number => {
    let j = at + 1;
    while (j < n && bytes[j] !== QUOTE) j += bytes[j] === BACKSLASH ? 2 : 1;
    return j + 1;
  };
  while (i < n) {
    const c = bytes[i]!;
    if (c === QUOTE) {
      const end = stringEnd(i);
      if (depth === 1 && expectKey) {
        expectKey = false;
        if (end - i === wanted.length && wanted.every((b, k) => bytes[i + k] === b)) {
          let j = end;
          while (j < n && bytes[j] !== 0x3a) j++; // the colon
          j++;
          while (j < n && (bytes[j] === 0x20 || bytes[j] === 0x0a || bytes[j] === 0x0d || bytes[j] === 0x09)) j++;
          if (bytes[j] !== QUOTE) return null;
          try {
            return JSON.parse(decoder.decode(bytes.subarray(j, stringEnd(j)))) as string;
          } catch {
            return null;
          }
        }
      }
      i = end;
      continue;
    }
    if (c === 0x7b || c === 0x5b) {
      depth++;
      expectKey = c === 0x7b && depth === 1;
    } else if (c === 0x7d || c === 0x5d) depth--;
    else if (c === 0x2c && depth === 1) expectKey = true;
    i++;
  }
  return null;
}

const isSpace = (b: number | undefined) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

/** The index of the quote that opens the string whose closing quote is at `close` (scanning back). */
function openingQuote(bytes: Uint8Array, close: number): number {
  for (let j = close - 1; j >= 0; j--) {
    if (bytes[j] !== QUOTE) continue;
    let slashes = 0;
    while (j - 1 - slashes >= 0 && bytes[j - 1 - slashes] === BACKSLASH) slashes++;
    if (slashes % 2 === 0) return j;
  }
  return -1;
}

/**
 * The fast path of topLevelString: the member just before the document's closing brace, read
 * backwards (MLflow writes its page token last, after the page's items). Its string value when its
 * name is `wanted`; undefined when the last member is anything else (then the bytes are scanned).
 */
function lastMemberString(bytes: Uint8Array, wanted: Uint8Array): string | null | undefined {
  let i = bytes.length - 1;
  while (isSpace(bytes[i])) i--;
  if (bytes[i] !== 0x7d) return undefined;
  i--;
  while (isSpace(bytes[i])) i--;
  if (bytes[i] !== QUOTE) return undefined;
  const valueEnd = i;
  const valueStart = openingQuote(bytes, valueEnd);
  if (valueStart < 0) return undefined;
  i = valueStart - 1;
  while (isSpace(bytes[i])) i--;
  if (bytes[i] !== 0x3a) return undefined;
  i--;
  while (isSpace(bytes[i])) i--;
  if (bytes[i] !== QUOTE) return undefined;
  const keyStart = openingQuote(bytes, i);
  if (keyStart < 0 || i + 1 - keyStart !== wanted.length || !wanted.every((b, k) => bytes[keyStart + k] === b)) return undefined;
  try {
    return JSON.parse(decoder.decode(bytes.subarray(valueStart, valueEnd + 1))) as string;
  } catch {
    return undefined;
  }
}
