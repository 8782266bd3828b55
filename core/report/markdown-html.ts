// Markdown to HTML, inert: the app's Markdown view and the HTML report render with the same rules.
// Raw HTML is not interpreted (it shows as text), and links other than http(s)/mailto/#anchors are
// not links at all.
import MarkdownIt from 'markdown-it';
import { githubAnchor } from './markdown';

export interface MarkdownHtmlOptions {
  /** External links open in a new window (the app); anchors and the report file keep them in place. */
  externalLinksInNewWindow?: boolean;
  /** Headings get the id GitHub gives them, so `#anchor` links of the report resolve. */
  headingIds?: boolean;
  /** Fenced blocks in these languages are left out (the HTML report draws its own charts). */
  dropFences?: readonly string[];
}

const SAFE_LINK = /^(https?:|mailto:|#)/i;

// GitHub's alerts (`> [!NOTE]` alone on a blockquote's first line, as the report writes them): the
// blockquote becomes a titled box. The title is one of five fixed words, never the author's text —
// markdown-it-github-alerts puts text after the marker into the HTML unescaped, so it is not used.
const ALERTS = { note: 'Note', tip: 'Tip', important: 'Important', warning: 'Warning', caution: 'Caution' } as const;
const ALERT_MARKER = /^\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\][ \t]*(?:\n|$)/i;

// The report's status emoji drawn with CSS, so they read the same on a machine without an emoji font.
const EMOJI: Record<string, string> = {
  '✅': '<span class="emoji ok">✓</span>',
  '❌': '<span class="emoji bad">✗</span>',
  '⚠️': '<span class="emoji warn">!</span>',
  '⚠': '<span class="emoji warn">!</span>',
};

/** A renderer from Markdown to inert HTML with the options given. */
export function markdownRenderer(options: MarkdownHtmlOptions = {}): (source: string) => string {
  const md = new MarkdownIt({ html: false, linkify: false, typographer: false });
  md.validateLink = (url) => SAFE_LINK.test(url.trim());

  // The report writes a line break inside a table cell as the literal `<br>` (escapeCell); user
  // text that holds `<br>` reaches the Markdown as `&lt;br>`, so only the report's own is a break.
  md.inline.ruler.before('html_inline', 'report-br', (state, silent) => {
    if (state.src.slice(state.pos, state.pos + 4) !== '<br>') return false;
    if (!silent) state.push('hardbreak', 'br', 0);
    state.pos += 4;
    return true;
  });

  const defaultLinkOpen = md.renderer.rules.link_open ?? ((tokens, idx, opts, _env, self) => self.renderToken(tokens, idx, opts));
  md.renderer.rules.link_open = (tokens, idx, opts, env, self) => {
    const token = tokens[idx]!;
    if (!String(token.attrGet('href') ?? '').startsWith('#')) {
      token.attrSet('rel', 'noopener noreferrer');
      if (options.externalLinksInNewWindow) token.attrSet('target', '_blank');
    }
    return defaultLinkOpen(tokens, idx, opts, env, self);
  };

  md.core.ruler.after('block', 'github-alerts', (state) => {
    const tokens = state.tokens;
    for (let i = 0; i < tokens.length; i++) {
      if (tokens[i]!.type !== 'blockquote_open') continue;
      const inline = tokens[i + 2];
      const marker = tokens[i + 1]?.type === 'paragraph_open' && inline?.type === 'inline' ? ALERT_MARKER.exec(inline.content) : null;
      if (!marker) continue;
      const kind = marker[1]!.toLowerCase() as keyof typeof ALERTS;
      inline!.content = inline!.content.slice(marker[0].length);
      const open = tokens[i]!;
      open.attrSet('class', `alert alert-${kind}`);
      open.meta = { alert: ALERTS[kind] };
    }
  });
  md.renderer.rules.blockquote_open = (tokens, idx, opts, _env, self) => {
    const alert = (tokens[idx]!.meta as { alert?: string } | null)?.alert;
    return self.renderToken(tokens, idx, opts) + (alert ? `<p class="alert-title">${alert}</p>` : '');
  };

  if (options.headingIds) {
    // GitHub's anchors, with -1, -2 … for a heading text seen before; in document order, per render.
    md.core.ruler.push('heading-ids', (state) => {
      const seen = new Map<string, number>();
      state.tokens.forEach((token, i) => {
        if (token.type !== 'heading_open') return;
        const text = (state.tokens[i + 1]?.children ?? [])
          .filter((t) => t.type === 'text' || t.type === 'code_inline')
          .map((t) => t.content)
          .join('');
        const base = githubAnchor(text);
        const n = seen.get(base) ?? 0;
        seen.set(base, n + 1);
        token.attrSet('id', n ? `${base}-${n}` : base);
      });
    });
  }

  // A code block scrolls sideways when a line is long: it takes the focus (tabindex) so that the
  // keyboard can scroll it too, as WCAG 2.1.1 asks.
  const drop = new Set((options.dropFences ?? []).map((l) => l.toLowerCase()));
  for (const rule of ['fence', 'code_block'] as const) {
    const render = md.renderer.rules[rule]!;
    md.renderer.rules[rule] = (tokens, idx, opts, env, self) => {
      if (rule === 'fence' && drop.has(tokens[idx]!.info.trim().split(/\s+/)[0]!.toLowerCase())) return '';
      return render(tokens, idx, opts, env, self).replace(/^<pre\b/, '<pre tabindex="0"');
    };
  }

  return (source) => md.render(source).replace(/✅|❌|⚠️|⚠/g, (e) => EMOJI[e]!);
}
