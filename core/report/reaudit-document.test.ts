import { describe, expect, it } from 'vitest';
import { reauditDocument, reauditVerdict, type ReauditResult } from './reaudit-document';

const base: ReauditResult = {
  workbook: { id: 'wb-1', title: 'Backbone <audit>' },
  startedAt: '2027-03-01T06:00:00Z',
  finishedAt: '2027-03-01T06:01:00Z',
  commandLine: 'audit-workbench reaudit audits/x',
  cells: [{ cell: 'code', pillar: 1, kind: 'shell', command: "grep -rn 'a\\|b' .", status: 'reproduced' }],
  regressions: [],
};

describe('the re-audit delta document', () => {
  it('is a finding when evidence drifted or a closed gap alarms again, incomplete when only a cell failed', () => {
    expect(reauditVerdict(base)).toBe('reproduced');
    const failed = {
      ...base,
      cells: [...base.cells, { cell: 'api', pillar: 2, kind: 'rest', status: 'failed' as const, error: 'ECONNREFUSED' }],
    };
    expect(reauditVerdict(failed)).toBe('incomplete');
    expect(reauditVerdict({ ...failed, cells: [...failed.cells, { ...base.cells[0]!, status: 'drifted' }] })).toBe('drifted');
    const regression = { gap: 'G-1', title: 't', severity: 'Major', status: 'Closed', check: 'c', message: '1 violating row(s)' };
    expect(reauditVerdict({ ...base, regressions: [regression] })).toBe('drifted');
  });

  it('says when and what ran, escapes workbook text and pipes inside table cells', () => {
    const doc = reauditDocument({
      ...base,
      cells: [
        {
          ...base.cells[0]!,
          status: 'drifted',
          changes: [{ table: 'code', added: 1, removed: 0, changed: 0 }],
          rows: [{ table: 'code', change: 'added', row: '{"file":"a|b.py"}' }],
        },
      ],
    });
    expect(doc).toContain('# Re-audit — Backbone &lt;audit>: drift found');
    expect(doc).toContain('2027-03-01T06:00:00Z to 2027-03-01T06:01:00Z');
    expect(doc).toContain('| `code` | 1 | shell | drifted |');
    // The command as it ran, in a code block (a table cell would drop grep's backslash).
    expect(doc).toContain("`code`:\n\n```\ngrep -rn 'a\\|b' .\n```");
    expect(doc).toContain('| `code` | added | `{"file":"a\\|b.py"}` |');
    expect(doc).not.toContain('## Since');
  });
});
