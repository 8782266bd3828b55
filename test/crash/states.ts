// The sequence of workbook states the crash test saves: state i differs from i-1 in title, gap
// count and scores, so that files of different sizes replace each other.
import { validateWorkbook } from '../../core/workbook/file-format';
import type { Workbook } from '../../core/workbook/schema';

const LEVELS = ['Low', 'Med', 'High'] as const;

export function stateFor(i: number): Workbook {
  const gapCount = (i * 7) % 23;
  return validateWorkbook(
    {
      schemaVersion: 1,
      id: 'crash-test',
      title: `state ${i}`,
      date: '2026-05-01',
      pillars: [{ number: 1, name: 'Only', order: 1 }],
      gaps: Array.from({ length: gapCount }, (_, g) => ({
        id: `C-${g + 1}`,
        pillar: 1,
        title: `gap ${g} of state ${i} ${'x'.repeat((i + g) % 300)}`,
        severity: 'Major',
        scores: { pnl: LEVELS[(i + g) % 3], ops: LEVELS[g % 3], compliance: LEVELS[i % 3] },
      })),
    },
    `state ${i}`,
  );
}

export const stateIndex = (wb: Workbook): number => Number(/^state (\d+)$/.exec(wb.title)?.[1] ?? Number.NaN);
