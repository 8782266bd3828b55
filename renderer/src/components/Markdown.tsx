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
