// The report's and the umbrella issue's charts parse as mermaid (the mermaid package's own parser,
// as GitHub renders them), for the shipped workbooks and for hostile severity labels; a gap moved
// or scored differently moves its dot; no open gap, no charts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import DOMPurify from 'dompurify';
import { beforeAll, describe, expect, it } from 'vitest';
import { riskPicture } from '../core/report/mermaid-charts';
import { parseWorkbook } from '../core/workbook/file-format';
import type { Workbook } from '../core/workbook/schema';
import { FIXTURES } from './helpers/workbooks';

type Mermaid = { parse(text: string): Promise<{ diagramType: string }> };
let mermaid: Mermaid;
beforeAll(async () => {
  // Parsing sanitises nothing: DOMPurify without a window lacks its hooks, which mermaid registers at load.
  const purify = DOMPurify as unknown as Record<string, unknown>;
  purify['addHook'] ??= () => undefined;
  purify['sanitize'] ??= (text: string) => text;
  mermaid = (await import('mermaid')).default as unknown as Mermaid;
});

const blocks = (markdown: string) => [...markdown.matchAll(/```mermaid\n([\s\S]*?)\n```/g)].map((m) => m[1]!);
const load = (name: string) => parseWorkbook(readFileSync(join(FIXTURES, name, 'workbook.json'), 'utf8'));

describe('mermaid charts of the risk picture', () => {
  it.each(['demo-helix-backbone', 'backbone-seed-000', 'registry-audit-seed-001'])('parse for %s', async (name) => {
    const charts = blocks(riskPicture(load(name))!);
    expect(charts.map((c) => c.split('\n')[0])).toEqual(['quadrantChart', 'pie title Open gaps by severity']);
    for (const chart of charts) expect((await mermaid.parse(chart)).diagramType).toMatch(/^(quadrantChart|pie)$/);
  });

  it('parse with hostile severity labels, and place a gap by its scores', async () => {
    const wb: Workbook = {
      ...load('demo-helix-backbone'),
      severityLabels: { Critical: 'P1 "urgent": now\n# x', Major: '"; pie', Minor: '```' },
    };
    const text = riskPicture(wb)!;
    for (const chart of blocks(text)) await expect(mermaid.parse(chart)).resolves.toBeDefined();
    // The table beside the chart keeps the labels the auditor chose.
    expect(text).toContain('| P1 "urgent": now<br># x |');
    const gap = wb.gaps.find((g) => g.scores && ['Open', 'In progress'].includes(g.status))!;
    const dot = (w: Workbook) =>
      blocks(riskPicture(w)!)[0]!
        .split('\n')
        .find((l) => l.trim().startsWith(`${gap.id}:`));
    const moved = {
      ...wb,
      gaps: wb.gaps.map((g) =>
        g.id === gap.id ? { ...g, scores: { pnl: 'Low' as const, ops: 'High' as const, compliance: 'High' as const } } : g,
      ),
    };
    expect(dot(moved)).not.toEqual(dot(wb));
    expect(dot(moved)).toMatch(/radius: 11/);
  });

  it('is left out when no gap is open', () => {
    const wb = load('demo-helix-backbone');
    expect(riskPicture({ ...wb, gaps: wb.gaps.map((g) => ({ ...g, status: 'Closed' as const })) })).toBeNull();
  });
});
