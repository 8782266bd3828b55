// Secrets typed into the workbook itself — a token pasted into a cell's header, `PGPASSWORD=…` in
// a shell cell, a password given as a plain parameter — are replaced before the workbook is
// written, and the save says where, so the auditor can move them into a secret parameter.
import type { Cell, Parameter, Workbook } from '../../workbook/schema';
import { isPlaceholder, isSecretName, REDACTED } from './secret-names';
import { redactText, tally, type Redaction } from './text-rules';

/** Every string of `value` redacted; `where` names the place in the workbook. */
function redactStrings(value: unknown, where: string, redactions: Redaction[]): unknown {
  if (typeof value === 'string') {
    const r = redactText(value, where);
    for (const x of r.redactions) tally(redactions, x.where, x.what, x.count);
    return r.text;
  }
  if (Array.isArray(value)) return value.map((v) => redactStrings(v, where, redactions));
  if (value !== null && typeof value === 'object') {
    // A header {name: X-Vault-Token, value: …} is secret by its name, as a key would be.
    const record = value as Record<string, unknown>;
    const pairName = typeof record['name'] === 'string' && 'value' in record ? record['name'] : undefined;
    return Object.fromEntries(
      Object.entries(record).map(([k, v]) => {
        if (typeof v === 'string' && (isSecretName(k) || (k === 'value' && pairName && isSecretName(pairName))) && !isPlaceholder(v)) {
          tally(redactions, where, 'secret field', 1);
          return [k, REDACTED];
        }
        return [k, redactStrings(v, where, redactions)];
      }),
    );
  }
  return value;
}

// Captures and failures were redacted when recorded; SQL over the local evidence reaches nothing.
const RECORDED = new Set(['captures', 'failure', 'sql', 'id', 'title', 'kind']);

function redactCell(cell: Cell, redactions: Redaction[]): Cell {
  const where = `cell ${cell.id}`;
  return Object.fromEntries(
    Object.entries(cell).map(([k, v]) => [k, RECORDED.has(k) ? v : redactStrings(v, where, redactions)]),
  ) as unknown as Cell;
}

function redactParameter(p: Parameter, redactions: Redaction[]): Parameter {
  const where = `parameter ${p.name}`;
  if (p.value !== undefined && isSecretName(p.name) && !isPlaceholder(p.value)) {
    tally(redactions, where, 'secret parameter value', 1);
    return { ...p, value: REDACTED };
  }
  return p.value !== undefined ? { ...p, value: redactStrings(p.value, where, redactions) as string } : p;
}

/** The workbook with the secrets typed into its cells and parameters replaced, and where they were. */
export function redactDefinitions(wb: Workbook): { workbook: Workbook; redactions: Redaction[] } {
  const redactions: Redaction[] = [];
  const workbook: Workbook = {
    ...wb,
    parameters: wb.parameters.map((p) => redactParameter(p, redactions)),
    pillars: wb.pillars.map((pillar) => ({ ...pillar, cells: pillar.cells.map((c) => redactCell(c, redactions)) })),
  };
  return { workbook: redactions.length ? workbook : wb, redactions };
}
