// Cross-field rules the shape alone cannot state: ids are unique and every reference resolves.
import type { Workbook } from './schema';

/** A broken rule, with the field path where it was found. */
export interface ReferenceProblem {
  path: (string | number)[];
  message: string;
}

export function checkReferences(wb: Workbook): ReferenceProblem[] {
  const problems: ReferenceProblem[] = [];
  const add = (path: (string | number)[], message: string) => problems.push({ path, message });

  const pillarNumbers = new Set<number>();
  const orders = new Set<number>();
  const cellKinds = new Map<string, string>();
  wb.pillars.forEach((pillar, p) => {
    if (pillarNumbers.has(pillar.number)) add(['pillars', p, 'number'], `pillar ${pillar.number} appears twice`);
    pillarNumbers.add(pillar.number);
    if (orders.has(pillar.order)) add(['pillars', p, 'order'], `audit order position ${pillar.order} is used by two pillars`);
    orders.add(pillar.order);
    pillar.cells.forEach((cell, c) => {
      if (cellKinds.has(cell.id)) add(['pillars', p, 'cells', c, 'id'], `cell id "${cell.id}" appears twice`);
      cellKinds.set(cell.id, cell.kind);
    });
  });

  const paramNames = new Set<string>();
  wb.parameters.forEach((param, i) => {
    if (paramNames.has(param.name)) add(['parameters', i, 'name'], `parameter ${param.name} appears twice`);
    paramNames.add(param.name);
  });
  wb.pillars.forEach((pillar, p) =>
    pillar.cells.forEach((cell, c) => {
      if (cell.kind === 'rest' && cell.auth && !paramNames.has(cell.auth.parameter)) {
        add(['pillars', p, 'cells', c, 'auth', 'parameter'], `unknown parameter ${cell.auth.parameter}`);
      }
    }),
  );

  const gapIds = new Set<string>();
  wb.gaps.forEach((gap, g) => {
    if (gapIds.has(gap.id)) add(['gaps', g, 'id'], `gap id ${gap.id} appears twice`);
    gapIds.add(gap.id);
    if (!pillarNumbers.has(gap.pillar)) add(['gaps', g, 'pillar'], `no pillar numbered ${gap.pillar}`);
    gap.evidence.forEach((ev, e) => {
      if (ev.cell !== undefined && !cellKinds.has(ev.cell)) add(['gaps', g, 'evidence', e, 'cell'], `no cell "${ev.cell}"`);
    });
    if (gap.closingCheck !== undefined && cellKinds.get(gap.closingCheck) !== 'check') {
      add(['gaps', g, 'closingCheck'], `"${gap.closingCheck}" is not a check cell of this workbook`);
    }
  });

  wb.controls.forEach((control, i) => {
    if (control.pillar !== undefined && !pillarNumbers.has(control.pillar)) {
      add(['controls', i, 'pillar'], `no pillar numbered ${control.pillar}`);
    }
    if (control.check !== undefined && cellKinds.get(control.check) !== 'check') {
      add(['controls', i, 'check'], `"${control.check}" is not a check cell of this workbook`);
    }
    control.gaps.forEach((id, j) => {
      if (!gapIds.has(id)) add(['controls', i, 'gaps', j], `no gap ${id}`);
    });
  });

  const sectionIds = new Set<string>();
  wb.sections.forEach((section, i) => {
    if (sectionIds.has(section.id)) add(['sections', i, 'id'], `section id "${section.id}" appears twice`);
    sectionIds.add(section.id);
  });

  const versionNumbers = wb.versions.map((v) => v.number);
  wb.versions.forEach((v, i) => {
    if (v.number !== i + 1)
      add(['versions', i, 'number'], `versions must be numbered 1, 2, 3 … in order; found v${v.number} at position ${i + 1}`);
  });
  if (wb.baseline?.version !== undefined && !versionNumbers.includes(wb.baseline.version)) {
    add(['baseline', 'version'], `no published version v${wb.baseline.version}`);
  }

  const sessionIds = new Set<string>();
  wb.committee.forEach((session, s) => {
    if (sessionIds.has(session.id)) add(['committee', s, 'id'], `committee session id "${session.id}" appears twice`);
    sessionIds.add(session.id);
    session.disputedPillars.forEach((n, j) => {
      if (!pillarNumbers.has(n)) add(['committee', s, 'disputedPillars', j], `no pillar numbered ${n}`);
    });
  });
  return problems;
}
