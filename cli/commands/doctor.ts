// `audit-workbench doctor`: say, before a run, which cells can run here and what to fix.
import { type Io, type Values, oneDir } from '../args';

export async function run(positionals: string[], values: Values, io: Io): Promise<void> {
  const dir = oneDir(positionals, 'doctor');
  const { doctorWorkbook } = await import('../../node/evidence/doctor');
  const findings = await doctorWorkbook(dir, { network: values['offline'] !== true });
  const mark = { ready: 'ok     ', skip: 'skipped', blocked: 'BLOCKED' } as const;
  for (const f of findings) {
    io.out(`${mark[f.status]} ${f.cell} (pillar ${f.pillar}, ${f.kind}): ${f.says}`);
    if (f.fix) io.out(`        fix: ${f.fix}`);
  }
  const count = (s: string) => findings.filter((f) => f.status === s).length;
  io.out(`${count('ready')} ready, ${count('skip')} left out, ${count('blocked')} blocked of ${findings.length} evidence cell(s).`);
  if (count('blocked')) throw new Error(`${count('blocked')} cell(s) cannot run as the workbook stands`);
}
