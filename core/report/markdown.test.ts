import { describe, expect, it } from 'vitest';
import { codeBlock, escapeBlock, escapeCell, escapeLine, githubAnchor, inlineCode, table } from './markdown';

describe('escaping user text for GFM', () => {
  it('keeps a table row intact whatever the cell holds', () => {
    const cell = escapeCell('a | b\nsecond line `x|y` <b>bold</b>');
    expect(cell).toBe('a \\| b<br>second line `x\\|y` &lt;b>bold&lt;/b>');
    const row = table(['A', 'B'], [[cell, 'z']]).split('\n')[2]!;
    // Unescaped pipes delimit cells: exactly three on the row.
    expect(row.match(/(?<!\\)\|/g)!.length).toBe(3);
  });

  it('does not double-escape a pipe the user already escaped', () => {
    expect(escapeCell('a \\| b')).toBe('a \\| b');
    expect(escapeCell('a \\\\| b')).toBe('a \\\\\\| b');
  });

  it('neutralises HTML outside code, keeps it literal inside code spans', () => {
    expect(escapeLine('<script>alert(1)</script> `<img onerror=x>`')).toBe('&lt;script>alert(1)&lt;/script> `<img onerror=x>`');
    expect(escapeLine('<iframe src="javascript:alert(1)">')).toBe('&lt;iframe src="javascript:alert(1)">');
  });

  it('escapes a backtick left unmatched, so that two strings on one line cannot pair theirs', () => {
    const line = `${escapeLine('title ``')} — ${escapeLine('`` <img src=x onerror=alert(1)> `` note')}`;
    expect(line).toBe('title \\`\\` — `` <img src=x onerror=alert(1)> `` note');
    expect(escapeLine('a \\` b')).toBe('a \\\\\\` b');
  });

  it('keeps Markdown blocks, fenced code untouched, and closes a fence left open', () => {
    const md = 'Intro <img src=x onerror=alert(1)>\n\n```html\n<p>kept</p>\n```\n\n```\nunclosed';
    expect(escapeBlock(md)).toBe('Intro &lt;img src=x onerror=alert(1)>\n\n```html\n<p>kept</p>\n```\n\n```\nunclosed\n```');
  });

  it('flattens a line and never produces an empty table cell', () => {
    expect(escapeLine(' a\n  b ')).toBe('a b');
    expect(escapeCell('   ')).toBe(' ');
  });

  it('fences code with more backticks than it contains', () => {
    expect(codeBlock('a ``` b')).toBe('````\na ``` b\n````');
    expect(inlineCode('a`b')).toBe('``a`b``');
    expect(inlineCode('`x')).toBe('`` `x ``');
  });

  it('computes the anchors GitHub gives headings', () => {
    expect(githubAnchor('Pillar 7 — Access Control & Security (RBAC)')).toBe('pillar-7--access-control--security-rbac');
    expect(githubAnchor('Pillar 6 — Consume via alias/version')).toBe('pillar-6--consume-via-aliasversion');
  });
});
