// The evidence rows a child issue shows: those the link names, from the capture it pins, as a table
// whose cells hold data (code spans, pipes escaped) and never break the issue; a secret in a value
// redacted; a capture that cannot be read leaves the link without rows, never a failed export.
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nodeFileSystem as fs } from '../../node/node-file-system';
import { copyFixture } from '../../test/helpers/workbooks';
import { tableToArrow } from '../evidence/table';
import { sha256Hex } from '../hash';
import type { Workbook } from '../workbook/schema';
import { issueDrafts } from './drafts';
import { evidenceExcerpts, excerptKey } from './excerpts';

describe('evidence excerpts in child issues', () => {
  let demo: { dir: string; cleanup: () => Promise<void> };
  let wb: Workbook;
  beforeEach(async () => {
    demo = await copyFixture('demo-helix-backbone');
    wb = JSON.parse(await readFile(join(demo.dir, 'workbook.json'), 'utf8')) as Workbook;
  });
  afterEach(() => demo.cleanup());
  const gap = (id: string) => wb.gaps.find((g) => g.id === id)!;
  const body = (excerpts: Awaited<ReturnType<typeof evidenceExcerpts>>, id: string) =>
    issueDrafts(wb, 'report.md', undefined, excerpts).drafts.find((d) => d.key === `gap:${id}`)!.body;

  it('shows the rows the evidence link names, from the capture it pins', async () => {
    const link = gap('GAP-01').evidence[0]!;
    const excerpts = await evidenceExcerpts(fs, demo.dir, wb, [gap('GAP-01')]);
    const x = excerpts.get(excerptKey(link.cell!, link.capture!, link.rows))!;
    expect(x.rows.map((r) => r.number)).toEqual([1, 2]);
    expect(x.columns).toEqual(['run_id', 'missing_tag']);
    expect(body(excerpts, 'GAP-01')).toContain('| 2 | `00000000000000000000000000000004` | `cvn.enrichment_version` |');
    expect(body(excerpts, 'GAP-01')).toContain(`the full capture is \`${link.capture}\``);
    // One row named: that row only.
    const one = { ...gap('GAP-01'), evidence: [{ ...link, rows: '2' }] };
    const only = await evidenceExcerpts(fs, demo.dir, wb, [one]);
    expect(only.get(excerptKey(link.cell!, link.capture!, '2'))!.rows.map((r) => r.number)).toEqual([2]);
  });

  it('keeps hostile values inside their cell, redacts a secret, and leaves out a capture it cannot read', async () => {
    const link = gap('GAP-01').evidence[0]!;
    const cell = wb.pillars.flatMap((p) => p.cells).find((c) => c.id === link.cell)!;
    const capture = cell.captures.find((c) => c.hash === link.capture)!;
    // The capture's table replaced by one whose values would break a Markdown table or leak a token.
    const hostile = tableToArrow({
      name: capture.tables[0]!.name,
      columns: [
        { name: 'run_id', type: 'string' },
        { name: 'missing_tag', type: 'string' },
      ],
      rows: [
        ['a | b `c` <img src=x>', 'ghp_0123456789abcdefghijklmnopqrstuvwxyzAB'],
        ['line\nbreak', '| --- |'],
      ],
    });
    const hash = sha256Hex(hostile);
    await writeFile(join(demo.dir, 'evidence', hash), hostile);
    capture.tables[0] = { ...capture.tables[0]!, hash, rows: 2 };
    const text = body(await evidenceExcerpts(fs, demo.dir, wb, [gap('GAP-01')]), 'GAP-01');
    const rows = text.split('\n').filter((l) => /^ {2}\| [12] \|/.test(l));
    expect(rows).toHaveLength(2);
    // Every row has its three cells: no pipe of the data split one.
    for (const row of rows) expect(row.replace(/\\\|/g, '').split('|').length - 2).toBe(3);
    expect(text).not.toContain('ghp_0123456789abcdefghijklmnopqrstuvwxyzAB');
    expect(text).toContain('[REDACTED]');
    expect(tableFromIPC(hostile).numRows).toBe(2);
    // The blob gone (purged, lost): the issue keeps the link, without rows.
    await rm(join(demo.dir, 'evidence', hash));
    const without = body(await evidenceExcerpts(fs, demo.dir, wb, [gap('GAP-01')]), 'GAP-01');
    expect(without).toContain('`runs-missing-lineage-tags`');
    expect(without).not.toContain('| # |');
  });
});
