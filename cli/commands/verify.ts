// `audit-workbench verify`: re-run the evidence and report reproduced / drifted / failed.
import { appHome } from '../../node/app-home';
import { verifyAudit } from '../../node/app/run';
import { describeOutcome } from '../../node/evidence/engine';
import { type Io, type Values, oneDir } from '../args';
import { outcomesJson, printJson } from '../json-output';
import { cellProgress } from '../progress';
import { withTrust } from '../trust-prompt';

export async function run(positionals: string[], values: Values, io: Io): Promise<void> {
  const dir = oneDir(positionals, 'verify');
  const json = values['json'] === true;
  const say = json ? io.err : io.out; // with --json, stdout holds the JSON alone
  const progress = cellProgress(io);
  const options = { now: () => io.clock.now(), ...(io.signal ? { signal: io.signal } : {}), onStart: progress.start };
  const outcomes = await withTrust(dir, values['trust'] === true, json ? { ...io, out: io.err } : io, (confirmed) =>
    verifyAudit(appHome(process.env), dir, { ...options, confirmed }, (o, i, total) => {
      progress.stop();
      say(`[${i + 1}/${total}] ${describeOutcome(o)}`);
    }),
  );
  const drifted = outcomes.filter((o) => o.status === 'captured' && o.recorded.comparison.status === 'drifted').length;
  const failed = outcomes.filter((o) => o.status === 'error').length;
  const reproduced = outcomes.filter((o) => o.status === 'captured' && o.recorded.comparison.status === 'reproduced').length;
  say(`${reproduced} reproduced, ${drifted} drifted, ${failed} failed of ${outcomes.length} cell(s).`);
  if (json) printJson(io.out, outcomesJson(dir, outcomes));
  if (drifted || failed) throw new Error(`evidence did not reproduce: ${drifted} drifted, ${failed} failed`);
}
