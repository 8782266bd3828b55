// Escaping user text for GitHub-flavoured Markdown. User text may use inline Markdown (emphasis,
// `code`, links), but raw HTML is neutralised and table cells can never break their row.

/** Splits text into inline code spans and the prose around them (CommonMark backtick runs). */
function splitCodeSpans(text: string): { code: boolean; text: string }[] {
  const parts: { code: boolean; text: string }[] = [];
  let rest = text;
  for (;;) {
    const open = /`+/.exec(rest);
    if (!open) break;
    const fence = open[0];
    const closeAt = findClosingRun(rest, open.index + fence.length, fence.length);
    if (closeAt < 0) break;
    parts.push({ code: false, text: rest.slice(0, open.index) });
    parts.push({ code: true, text: rest.slice(open.index, closeAt + fence.length) });
    rest = rest.slice(closeAt + fence.length);
  }
  parts.push({ code: false, text: rest });
  return parts;
}

function findClosingRun(text: string, from: number, length: number): number {
  const re = /`+/g;
  re.lastIndex = from;
  for (let m = re.exec(text); m; m = re.exec(text)) if (m[0].length === length) return m.index;
  return -1;
}

/** `<` starts every HTML tag and comment; as an entity it renders literally and never as markup. */
const neutraliseHtml = (prose: string) => prose.replace(/</g, '&lt;');

/**
 * A backtick left unmatched in one user string would pair with a backtick of the next string on the
 * same line and turn what lies between inside out; escaped (with the backslashes before it), it is
 * only a backtick.
 */
const neutraliseBackticks = (prose: string) => prose.replace(/(\\*)`/g, (_m, slashes: string) => `${slashes.replace(/\\/g, '\\\\')}\\\``);

/** Inline user text: HTML and unmatched backticks neutralised outside code spans. */
export function escapeInline(text: string): string {
  return splitCodeSpans(text)
    .map((part) => (part.code ? part.text : neutraliseBackticks(neutraliseHtml(part.text))))
    .join('');
}

/** One line of user text (headings, list items): inline escaping and no line breaks. */
export function escapeLine(text: string): string {
  return escapeInline(text.replace(/\s*\r?\n\s*/g, ' ').trim());
}

/** A table cell: inline escaping, pipes escaped (even in code spans, as GFM requires), newlines as <br>. */
export function escapeCell(text: string): string {
  const lines = text
    .replace(/\r\n?/g, '\n')
    .trim()
    .split('\n')
    .map((line) => escapeInline(line).replace(/(\\*)\|/g, (_m, slashes: string) => (slashes.length % 2 ? `${slashes}|` : `${slashes}\\|`)));
  const cell = lines.join('<br>');
  return cell === '' ? ' ' : cell;
}

/**
 * A block of user Markdown: kept as Markdown, with HTML neutralised outside fenced code blocks
 * and code spans, and trailing whitespace trimmed so the output is stable.
 */
export function escapeBlock(markdown: string): string {
  let fence: string | null = null;
  const out: string[] = [];
  for (const line of markdown.replace(/\r\n?/g, '\n').split('\n')) {
    const marker = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence === null && marker) {
      fence = marker;
      out.push(line);
    } else if (fence !== null) {
      if (marker && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) fence = null;
      out.push(line);
    } else {
      out.push(escapeInline(line));
    }
  }
  if (fence !== null) out.push(fence); // close a fence the user left open, so it cannot swallow the report
  return out
    .map((l) => l.replace(/\s+$/, ''))
    .join('\n')
    .trim();
}

/** A fenced code block whose fence is longer than any backtick run inside, so content cannot end it. */
export function codeBlock(content: string, language = ''): string {
  const longest = Math.max(0, ...[...content.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${language}\n${content.replace(/\s+$/, '')}\n${fence}`;
}

/** Inline code that survives backticks in its content. */
export function inlineCode(content: string): string {
  const longest = Math.max(0, ...[...content.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  const pad = content.startsWith('`') || content.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${content}${pad}${ticks}`;
}

/** A GFM table from a header row and body rows of already-escaped cells. */
export function table(header: string[], rows: string[][], align?: ('l' | 'r' | 'c')[]): string {
  const sep = header.map((_, i) => {
    const a = align?.[i] ?? 'l';
    return a === 'r' ? '---:' : a === 'c' ? ':---:' : '---';
  });
  return [header, sep, ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

/** The anchor GitHub gives a heading, so that references to report sections resolve. */
export function githubAnchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}
