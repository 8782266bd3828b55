import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { escapeHtml } from './html';

// Characters that change how HTML is read, mixed with text that looks like entities and tags.
const PIECES = [
  '<',
  '>',
  '&',
  '"',
  "'",
  '&amp;',
  '&lt;',
  '&#60;',
  '<script>',
  '</p>',
  '<img src=x onerror=alert(1)>',
  'a',
  ' ',
  '\n',
  'é',
  '`',
  '=',
  '/',
];
const { unescapeAll } = new MarkdownIt().utils;

function randomString(seed: number): string {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31);
  return Array.from({ length: 1 + (next() % 12) }, () => PIECES[next() % PIECES.length]).join('');
}

describe('escapeHtml', () => {
  it('escapes the five characters that start markup or end an attribute', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('for 2,000 random strings: no markup character survives, and decoding gives the string back', () => {
    for (let seed = 1; seed <= 2000; seed++) {
      const text = randomString(seed);
      const escaped = escapeHtml(text);
      expect(escaped, text).not.toMatch(/[<>"']/);
      // Every & starts one of the entities written, so nothing the text held is read as an entity.
      expect(escaped.replace(/&(amp|lt|gt|quot|#39);/g, ''), text).not.toContain('&');
      expect(unescapeAll(escaped), text).toBe(text);
    }
  });
});
