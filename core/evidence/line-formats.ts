// Line-oriented evidence formats: grep hits, `aws s3 ls` listings and `kubectl get` tables (CSV is
// in csv.ts, apart, so that what the renderer loads from here carries no CSV parser).
// Each reader takes the text whole or refuses it, naming the line and column where it goes wrong —
// a value is never dropped or slid into the wrong column without a word.

/** A reader's refusal: `line 3, column 14: …` (the file is named by the caller, which knows it). */
export const at = (line: number, column: number | string | null, what: string) =>
  `line ${line}${column === null ? '' : typeof column === 'number' ? `, column ${column}` : `, ${column}`}: ${what}`;
const quote = (s: string) => JSON.stringify(s.length > 60 ? `${s.slice(0, 60)}…` : s);

/** The text's lines with their 1-based numbers, blank lines left out. */
export const numberedLines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((content, i) => ({ number: i + 1, content }))
    .filter((l) => l.content.trim() !== '');

// ---- grep ---------------------------------------------------------------------------------------

// A type, not an interface, so that hits are records a table can be built from.
export type GrepHit = {
  file: string;
  line: number | null;
  content: string;
};

// `grep -Z` / `rg --null` / `git grep -z` end the file name with a NUL: unambiguous.
const GREP_NULL_LINE = /^([^\0]+)\0(\d+):(.*)$/s;
// GNU grep before 3.5 printed this on standard output for a binary file that matches.
const GREP_BINARY = /^Binary file (.+) matches$/;

/**
 * The ways a grep line splits into file, line number and content — one for each `:<digits>:` in it,
 * shortest file name first. `a:1:b.py:12:x` is file `a` line 1 or file `a:1:b.py` line 12: only the
 * files on disk can tell.
 */
export function grepSplits(line: string): GrepHit[] {
  const nul = GREP_NULL_LINE.exec(line);
  if (nul) return [{ file: nul[1]!, line: Number(nul[2]), content: nul[3]! }];
  const binary = GREP_BINARY.exec(line);
  if (binary) return [{ file: binary[1]!, line: null, content: '(binary file matches)' }];
  if (/^[\s:]/.test(line)) return [];
  const splits: GrepHit[] = [];
  for (const m of line.matchAll(/:(?=(\d+):)/g)) {
    splits.push({ file: line.slice(0, m.index), line: Number(m[1]), content: line.slice(m.index + m[1]!.length + 2) });
  }
  return splits;
}

/** Whether every non-blank line is a grep hit. */
export const looksLikeGrep = (text: string) => numberedLines(text).every((l) => grepSplits(l.content).length > 0);

/**
 * grep output as hits. A line that splits several ways takes the split whose file exists (when the
 * searched folder is at hand, `isFile`), else the shortest file name, as grep's own tools do.
 */
export function readGrep(text: string, isFile?: (path: string) => boolean): GrepHit[] {
  return numberedLines(text).map(({ number, content }) => {
    const splits = grepSplits(content);
    if (splits.length === 0) {
      throw new Error(at(number, 1, `expected a grep hit (file:line:text, or file NUL line:text with -Z), found ${quote(content)}`));
    }
    const chosen = (splits.length > 1 && isFile && splits.find((s) => isFile(withoutDotSlash(s.file)))) || splits[0]!;
    // `grep -r … .` prints ./src/x.py: the same file as `grep -r … src/` prints src/x.py.
    return { ...chosen, file: withoutDotSlash(chosen.file) };
  });
}

const withoutDotSlash = (file: string) => file.replace(/^(\.\/)+/, '');

// ---- aws s3 ls ----------------------------------------------------------------------------------

const S3_LS_LINE = /^(?:(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})\s+(\d+) (.+)|\s+PRE (.+))$/;

export const looksLikeS3Listing = (text: string) => numberedLines(text).every((l) => S3_LS_LINE.test(l.content));

/** `aws s3 ls` output: objects with date, size and key; `PRE` lines as prefixes. */
export function readS3Listing(text: string): Record<string, unknown>[] {
  return numberedLines(text).map(({ number, content }) => {
    const m = S3_LS_LINE.exec(content);
    if (!m) throw new Error(at(number, 1, `expected an \`aws s3 ls\` line (date time size key, or PRE prefix/), found ${quote(content)}`));
    return m[5] !== undefined
      ? { modified: null, size: null, key: m[5], is_prefix: true }
      : { modified: `${m[1]} ${m[2]}`, size: Number(m[3]), key: m[4], is_prefix: false };
  });
}

// ---- kubectl get --------------------------------------------------------------------------------

const KUBECTL_HEADER = /^[A-Z][A-Z0-9()-]*(?: [A-Z][A-Z0-9()-]*)*(?: {2,}[A-Z][A-Z0-9()-]*(?: [A-Z][A-Z0-9()-]*)*)+\s*$/;

/** Whether the text starts with a `kubectl get` table header (upper-case columns two spaces apart). */
export const isKubectlTable = (text: string) => KUBECTL_HEADER.test(numberedLines(text.slice(0, 4096))[0]?.content ?? '');

/**
 * `kubectl get` table output: each column starts where its header word starts. kubectl pads every
 * column to its widest value, so a value that runs into the next column, or a tab, means the text
 * was re-flowed or cut — refused at that line and column rather than read into the wrong columns.
 */
export function readKubectlTable(text: string): Record<string, string | null>[] {
  const [header, ...rows] = numberedLines(text);
  if (!header || !KUBECTL_HEADER.test(header.content)) {
    const found = header ? quote(header.content) : 'nothing';
    throw new Error(at(header?.number ?? 1, 1, `expected a kubectl header (upper-case column names two spaces apart), found ${found}`));
  }
  const columns = [...header.content.matchAll(/\S+(?: \S+)*/g)].map((m) => ({ title: m[0], at: m.index }));
  return rows.map(({ number, content }) => {
    const tab = content.indexOf('\t');
    if (tab >= 0) throw new Error(at(number, tab + 1, 'a tab: kubectl aligns its columns with spaces, so this table was re-flowed'));
    for (let i = 1; i < columns.length; i++) {
      const start = columns[i]!.at;
      if (start < content.length && content[start - 1] !== ' ') {
        const what = `the ${columns[i - 1]!.title} value runs into the ${columns[i]!.title} column (the table was re-flowed or cut)`;
        throw new Error(at(number, start + 1, what));
      }
    }
    return Object.fromEntries(
      columns.map((col, i) => {
        const raw = content.slice(col.at, i + 1 < columns.length ? columns[i + 1]!.at : content.length).trim();
        return [col.title.toLowerCase().replace(/[^a-z0-9]+/g, '_'), raw === '' || raw === '<none>' ? null : raw];
      }),
    );
  });
}
