// What the app keeps on this machine, outside any workbook: the list of trusted workbook folders
// and the recovery journal of unsaved edits. The home folder is ~/.config/audit-workbench unless
// AUDIT_WORKBENCH_HOME says otherwise (tests point it at a temporary folder).
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, realpathSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';
import { nodeFileSystem as fs } from './node-file-system';

export const appHome = (env: NodeJS.ProcessEnv = process.env): string =>
  env['AUDIT_WORKBENCH_HOME'] ?? join(env['XDG_CONFIG_HOME'] ?? join(homedir(), '.config'), 'audit-workbench');

/** The folder's real path, so that two spellings of one folder share their trust. */
export const canonical = (dir: string): string => {
  try {
    return realpathSync(resolve(dir));
  } catch {
    return resolve(dir);
  }
};

const TrustFile = z.object({ folders: z.array(z.string()) });

/** The trusted folders, and what was wrong with the list when it could not be read. */
async function readTrustFile(home: string): Promise<{ folders: string[]; damaged?: string }> {
  const file = join(home, 'trusted.json');
  if (!(await fs.exists(file))) return { folders: [] };
  // A damaged list trusts nothing rather than failing: the safe direction, said to the user.
  let raw: unknown;
  try {
    raw = JSON.parse(await fs.readText(file));
  } catch (error) {
    return {
      folders: [],
      damaged: `${file} is damaged (${(error as Error).message.split('\n')[0]}); it trusts nothing until a workbook is trusted again`,
    };
  }
  const parsed = TrustFile.safeParse(raw);
  return parsed.success
    ? { folders: parsed.data.folders }
    : { folders: [], damaged: `${file} is not a list of trusted folders; it trusts nothing until a workbook is trusted again` };
}

const readTrust = async (home: string) => (await readTrustFile(home)).folders;

/** Whether workbooks in `dir` run without asking: created here, or trusted by the user. */
export async function isTrusted(home: string, dir: string): Promise<boolean> {
  return (await readTrust(home)).includes(canonical(dir));
}

/** Trust of `dir`, with what was wrong with the trust list, if anything. */
export async function trustState(home: string, dir: string): Promise<{ trusted: boolean; damaged?: string }> {
  const { folders, damaged } = await readTrustFile(home);
  return { trusted: folders.includes(canonical(dir)), ...(damaged ? { damaged } : {}) };
}

export async function trust(home: string, dir: string): Promise<void> {
  const folders = await readTrust(home);
  const folder = canonical(dir);
  if (folders.includes(folder)) return;
  await fs.mkdirp(home);
  await fs.writeAtomic(join(home, 'trusted.json'), `${JSON.stringify({ folders: [...folders, folder].sort() }, null, 2)}\n`);
}

// Recovery: the renderer journals every edit here before autosave, so a crash loses nothing
// even when the edited state is not yet valid enough to be saved as the workbook.
const recoveryFile = (home: string, dir: string) =>
  join(home, 'recovery', `${createHash('sha256').update(canonical(dir)).digest('hex').slice(0, 24)}.json`);

const RecoveryEntry = z.object({ dir: z.string(), savedAt: z.string(), workbook: z.unknown() });
export type RecoveryEntry = z.infer<typeof RecoveryEntry>;

export async function putRecovery(home: string, dir: string, workbook: unknown, now: Date): Promise<string> {
  const savedAt = now.toISOString();
  await fs.mkdirp(join(home, 'recovery'));
  await fs.writeAtomic(recoveryFile(home, dir), JSON.stringify({ dir: canonical(dir), savedAt, workbook }));
  return savedAt;
}

export async function readRecovery(home: string, dir: string): Promise<RecoveryEntry | null> {
  const file = recoveryFile(home, dir);
  if (!(await fs.exists(file))) return null;
  try {
    const parsed = RecoveryEntry.safeParse(JSON.parse(await fs.readText(file)));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export async function clearRecovery(home: string, dir: string): Promise<boolean> {
  const file = recoveryFile(home, dir);
  if (!(await fs.exists(file))) return false;
  await rm(file, { force: true });
  return true;
}

const DEMO_PREFIX = 'audit-workbench-demo-';

/** The shipped demo workbook, copied to a fresh temporary folder so the original stays pristine. */
export function copyDemo(): string {
  const source = fileURLToPath(new URL('../fixtures/workbooks/demo-helix-backbone', import.meta.url));
  const dir = join(mkdtempSync(join(tmpdir(), DEMO_PREFIX)), 'demo-helix-backbone');
  cpSync(source, dir, { recursive: true });
  return dir;
}

/** A throw-away copy of the demo made by copyDemo (not worth remembering among recent workbooks). */
export const isDemoCopy = (dir: string): boolean => canonical(dir).startsWith(join(canonical(tmpdir()), DEMO_PREFIX));
