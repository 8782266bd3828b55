// Markdown as the auditor and the report wrote it, rendered inert: raw HTML is not interpreted (it
// shows as text), and links other than http(s)/mailto/#anchors are not links at all.
import MarkdownIt from 'markdown-it';
import { useMemo } from 'react';

const md = new MarkdownIt({ html: false, linkify: false, typographer: false });
const SAFE_LINK = /^(https?:|mailto:|#)/i;
md.validateLink = (url) => SAFE_LINK.test(url.trim());
const defaultLinkOpen = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  tokens[idx]!.attrSet('rel', 'noopener noreferrer');
  tokens[idx]!.attrSet('target', '_blank');
  return defaultLinkOpen(tokens, idx, options, env, self);
};

// GitHub's alerts (`> [!NOTE]` alone on a blockquote's first line, as the report writes them): the
// blockquote becomes a titled box. The title is one of five fixed words, never the author's text —
// markdown-it-github-alerts puts text after the marker into the HTML unescaped, so it is not used.
const ALERTS = { note: 'Note', tip: 'Tip', important: 'Important', warning: 'Warning', caution: 'Caution' } as const;
const ALERT_MARKER = /^\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\][ \t]*(?:\n|$)/i;
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
md.renderer.rules.blockquote_open = (tokens, idx, options, _env, self) => {
  const alert = (tokens[idx]!.meta as { alert?: string } | null)?.alert;
  return self.renderToken(tokens, idx, options) + (alert ? `<p class="alert-title">${alert}</p>` : '');
};

// A code block scrolls sideways when a line is long: it takes the focus (tabindex) so that the
// keyboard can scroll it too, as WCAG 2.1.1 asks.
for (const rule of ['fence', 'code_block'] as const) {
  const render = md.renderer.rules[rule]!;
  md.renderer.rules[rule] = (tokens, idx, options, env, self) =>
    render(tokens, idx, options, env, self).replace(/^<pre\b/, '<pre tabindex="0"');
}

// The report's status emoji drawn with CSS, so they read the same on a machine without an emoji font.
const EMOJI: Record<string, string> = {
  '✅': '<span class="emoji ok">✓</span>',
  '❌': '<span class="emoji bad">✗</span>',
  '⚠️': '<span class="emoji warn">!</span>',
  '⚠': '<span class="emoji warn">!</span>',
};

export const renderMarkdown = (source: string): string => md.render(source).replace(/✅|❌|⚠️|⚠/g, (e) => EMOJI[e]!);

export function Markdown({ source, className }: { source: string; className?: string }) {
  const html = useMemo(() => renderMarkdown(source), [source]);
  // markdown-it with html:false escapes every tag and refuses unsafe link schemes, so this HTML
  // holds no script, handler, iframe or javascript: URL (test/app/security.test.ts).
  return <div className={`markdown ${className ?? ''}`} dangerouslySetInnerHTML={{ __html: html }} />;
}
