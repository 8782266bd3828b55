// Markdown as the auditor and the report wrote it, rendered inert: raw HTML is not interpreted (it
// shows as text), and links other than http(s)/mailto/#anchors are not links at all. The rules are
// core's (core/report/markdown-html.ts), shared with the HTML report.
import { useMemo } from 'react';
import { markdownRenderer } from '../../../core/report/markdown-html';

export const renderMarkdown = markdownRenderer({ externalLinksInNewWindow: true });

export function Markdown({ source, className }: { source: string; className?: string }) {
  const html = useMemo(() => renderMarkdown(source), [source]);
  // markdown-it with html:false escapes every tag and refuses unsafe link schemes, so this HTML
  // holds no script, handler, iframe or javascript: URL (test/app/security.test.ts).
  return <div className={`markdown ${className ?? ''}`} dangerouslySetInnerHTML={{ __html: html }} />;
}
