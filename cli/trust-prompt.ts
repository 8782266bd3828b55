// The CLI's side of trust (the rule is node/app/trust.ts): when a workbook is not trusted here,
// the commands its cells would run are listed, and it runs only with --trust or a "y" on a terminal.
import { appHome, trust } from '../node/app-home';
import { UntrustedWorkbook } from '../node/app/trust';
import type { Io } from './args';

/** Runs `attempt`; refused for want of trust, it asks (or takes --trust), trusts the folder and runs it again confirmed. */
export async function withTrust<T>(dir: string, given: boolean, io: Io, attempt: (confirmed: boolean) => Promise<T>): Promise<T> {
  try {
    return await attempt(false);
  } catch (error) {
    if (!(error instanceof UntrustedWorkbook)) throw error;
    const { check } = error;
    if (check.damaged) io.err(`note: ${check.damaged}`);
    if (!given) {
      io.out(`${dir} was not created or trusted on this machine. Its cells would run:`);
      for (const { cell, command } of check.wouldRun) io.out(`  ${cell}: ${command.replace(/\n/g, '\n    ')}`);
      const yes = io.ask && /^y(es)?$/i.test((await io.ask('Trust this workbook and run them? [y/N] ')).trim());
      if (!yes) {
        throw new Error(
          `${dir} is not trusted on this machine: review the ${check.wouldRun.length} command(s) above, then run again with --trust (or audit-workbench trust ${dir})`,
        );
      }
    }
    await trust(appHome(process.env), dir);
    io.err(`note: ${dir} is now trusted on this machine`);
    return attempt(true);
  }
}
