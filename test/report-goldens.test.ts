// Golden files of the report and the issue drafts for the two seed fixtures. The goldens were read
// by eye against seeds 000 and 001; regenerate with UPDATE_GOLDENS=1 and read the diff before
// committing it.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { prepareExport } from '../core/exports';
import { issueDrafts, issueFiles } from '../core/issues/drafts';
import { fixedClock } from '../core/ports';
import { renderReport } from '../core/report/report';
import { nodeFileSystem as fs } from '../node/node-file-system';
import { FIXTURES } from './helpers/workbooks';

const GOLDENS = fileURLToPath(new URL('./goldens', import.meta.url));
const UPDATE = process.env['UPDATE_GOLDENS'] === '1';
// Before any waiver of the fixtures expires, so the goldens do not depend on today's date.
const CLOCK = fixedClock('2026-05-01T12:00:00Z');

function golden(path: string, actual: string): void {
  const file = join(GOLDENS, path);
  if (UPDATE || !existsSync(file)) {
    if (!UPDATE && process.env['CI']) throw new Error(`golden file ${path} is missing`);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, actual);
  }
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

/** Lines outside fenced code blocks. */
function proseLines(markdown: string): string[] {
  let fence: string | null = null;
  const out: string[] = [];
  for (const line of markdown.split('\n')) {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (marker && (fence === null || (marker[0] === fence[0] && marker.length >= fence.length))) {
      fence = fence === null ? marker : null;
      continue;
    }
    if (fence === null) out.push(line);
  }
  return out;
}

const cellCount = (row: string) => row.replace(/\\\\/g, '').split(/(?<!\\)\|/).length - 2;

/** Every GFM table keeps the header's cell count on every row, and no raw HTML escapes. */
function expectValidGfm(markdown: string): void {
  const lines = proseLines(markdown);
  let header: number | null = null;
  for (const line of lines) {
    if (line.startsWith('|')) {
      const n = cellCount(line);
      if (header === null) header = n;
      else expect(n, `table row: ${line}`).toBe(header);
    } else header = null;
    const withoutCode = line.replace(/(`+)[\s\S]*?\1/g, '');
    const tags = withoutCode.match(/<(?!br>|!-- audit-workbench:)[A-Za-z!/][^>]*>/g);
    expect(tags, `raw HTML in: ${line}`).toBeNull();
  }
}

describe.each(['registry-audit-seed-001', 'backbone-seed-000'])('%s', (name) => {
  it('renders the report golden, deterministically, as valid GFM', async () => {
    const context = await prepareExport(fs, join(FIXTURES, name), CLOCK);
    const report = renderReport(context);
    expect(renderReport(await prepareExport(fs, join(FIXTURES, name), CLOCK))).toBe(report);
    expectValidGfm(report);
    golden(`${name}/${context.reportFile}`, report);
  });

  it('renders the issue drafts golden', async () => {
    const context = await prepareExport(fs, join(FIXTURES, name), CLOCK);
    const files = issueFiles(issueDrafts(context.workbook, context.reportFile));
    for (const file of files) {
      if (file.name.endsWith('.md')) expectValidGfm(file.content);
      golden(`${name}/issues/${file.name}`, file.content);
    }
    if (!UPDATE) {
      const expected = readdirSync(join(GOLDENS, name, 'issues')).sort();
      expect(files.map((f) => f.name).sort()).toEqual(expected);
    }
  });
});

describe('seed 001 rebuilt', () => {
  it('has the risk register ML-01…ML-05 with P1/P2 and the ✅/❌ summary', async () => {
    const context = await prepareExport(fs, join(FIXTURES, 'registry-audit-seed-001'), CLOCK);
    const report = renderReport(context);
    for (const row of [
      '| ML-01 | 1 | P1 | All runs land in matches_clf_smoke — no automatic switch to a production experiment | Open |',
      '| ML-04 | 1 | P2 | ablation_study runs share experiment with train_eval — no explicit separation of exploratory vs training runs | Open |',
      '| Champion/challenger gate | ❌ (ML-02) |',
      '| Registration idempotency | ✅ |',
    ]) {
      expect(report).toContain(row);
    }
    expect(report).toContain('## Delta vs baseline');
    expect(report).toContain('0 gap(s) added, 0 removed, 0 changed, 0 verdict change(s), 3 capture(s) reproduced, 0 drifted.');
  });

  it('batches the two P2 gaps into the polish issue and gives P1 gaps their own', async () => {
    const context = await prepareExport(fs, join(FIXTURES, 'registry-audit-seed-001'), CLOCK);
    const drafts = issueDrafts(context.workbook, context.reportFile).drafts;
    expect(drafts.map((d) => d.key)).toEqual(['umbrella', 'gap:ML-02', 'gap:ML-03', 'gap:ML-01', 'polish']);
    expect(drafts.find((d) => d.key === 'polish')!.gaps).toEqual(['ML-04', 'ML-05']);
    expect(drafts.find((d) => d.key === 'gap:ML-02')!.labels).toEqual(['audit', 'severity:p1', 'pillar:3', 'effort:M']);
  });
});

describe('seed 000 shape', () => {
  it('pauses on fail-fast Critical gaps and prints the committee session', async () => {
    const report = renderReport(await prepareExport(fs, join(FIXTURES, 'backbone-seed-000'), CLOCK));
    expect(report).toContain('**Fail-fast pivot: the audit is paused.**');
    expect(report).toContain('Verdict: **REJECT** / METHODOLOGY_FLAW · mean expert score 7.8/10');
    expect(report).toContain('weights P&L impact 0.5 (50%), operational stability 0.3 (30%), compliance exposure 0.2 (20%)');
    expect(report).toContain('&lt;script>alert("not executed")&lt;/script>');
    expect(report).not.toContain('<script>');
  });

  it('reopens an expired waiver in the export, and says so', async () => {
    const later = await prepareExport(fs, join(FIXTURES, 'backbone-seed-000'), fixedClock('2027-07-01T00:00:00Z'));
    expect(later.lapsed.map((l) => l.gap)).toEqual(['ML-06']);
    const report = renderReport(later);
    expect(report).toContain(
      '| ML-06 | 7 | Critical | Artifact bucket readable by AllUsers | Open — Waiver expired on 2027-06-30 (approved by Head of Platform); the gap is Open again. |',
    );
  });
});

describe('the GFM checker itself', () => {
  it('catches a row that breaks its table and raw HTML', () => {
    expect(() => expectValidGfm('| a | b |\n| --- | --- |\n| x | y | z |')).toThrow();
    expect(() => expectValidGfm('| a | b |\n| --- | --- |\n| x \\| y | z |')).not.toThrow();
    expect(() => expectValidGfm('text <img src=x onerror=alert(1)>')).toThrow();
    expect(() => expectValidGfm('text `<img>` and &lt;img>')).not.toThrow();
  });
});
