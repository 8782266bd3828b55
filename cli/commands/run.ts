// `audit-workbench run`: run evidence cells and record their captures.
import { appHome } from '../../node/app-home';
import { runAudit } from '../../node/app/run';
import { describeOutcome } from '../../node/evidence/engine';
import { type Io, UsageError, type Values, oneDir, str } from '../args';
import { outcomesJson, printJson } from '../json-output';
import { cellProgress } from '../progress';
import { withTrust } from '../trust-prompt';

export async function run(positionals: string[], values: Values, io: Io): Promise<void> {
  const dir = oneDir(positionals, 'run');
  const pillar = str(values['pillar']);
  if (pillar !== undefined && !/^\d+$/.test(pillar)) throw new UsageError(`--pillar expects a pillar number, got "${pillar}"`);
  const cell = str(values['cell']);
  const selection = {
    ...(pillar !== undefined ? { pillar: Number(pillar) } : {}),
    ...(cell !== undefined ? { cell } : {}),
    ...(values['checks'] === true ? { kinds: ['query', 'check'] as const } : {}),
    ...(values['disputed'] === true ? { disputed: true } : {}),
  };
  // With --json, stdout holds the JSON alone: the lines of progress go to stderr.
  const json = values['json'] === true;
  const progress = cellProgress(io);
  const options = {
    yesMutating: values['yes-mutating'] === true && cell !== undefined,
    now: () => io.clock.now(),
    ...(io.signal ? { signal: io.signal } : {}),
    onStart: progress.start,
  };
  const outcomes = await withTrust(dir, values['trust'] === true, json ? { ...io, out: io.err } : io, (confirmed) =>
    runAudit(appHome(process.env), dir, selection, { ...options, confirmed }, (o, i, total) => {
      progress.stop();
      (json ? io.err : io.out)(`[${i + 1}/${total}] ${describeOutcome(o)}`);
    }),
  );
  if (json) printJson(io.out, outcomesJson(dir, outcomes));
  const cancelled = outcomes.filter((o) => o.status === 'skipped' && o.reason === 'cancelled').length;
  if (cancelled) throw new Error(`cancelled: ${cancelled} cell(s) not run; captures made before the cancel are saved`);
  const failed = outcomes.filter((o) => o.status === 'error' || (o.status === 'captured' && o.check?.status === 'error')).length;
  if (failed) throw new Error(`${failed} of ${outcomes.length} cell(s) failed; their previous captures are kept`);
}
