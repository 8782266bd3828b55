// The workbooks opened on this machine, most recent first, for New/Open and the start screen. Kept
// in the app's home folder beside the trust list; a damaged list is started afresh (it is only a
// convenience), and folders that no longer hold a workbook are left out when listed.
import { join } from 'node:path';
import * as z from 'zod';
import { canonical, isDemoCopy } from './app-home';
import { nodeFileSystem as fs } from './node-file-system';

const KEPT = 10;
const RecentFile = z.object({ workbooks: z.array(z.object({ dir: z.string(), title: z.string(), openedAt: z.string() })) });
export type RecentWorkbook = z.infer<typeof RecentFile>['workbooks'][number];

const fileOf = (home: string) => join(home, 'recent.json');

async function read(home: string): Promise<RecentWorkbook[]> {
  try {
    const parsed = RecentFile.safeParse(JSON.parse(await fs.readText(fileOf(home))));
    return parsed.success ? parsed.data.workbooks : [];
  } catch {
    return [];
  }
}

/** Puts `dir` first. Two windows opening at once may drop one entry: harmless, never a damaged file. */
export async function rememberOpened(home: string, dir: string, title: string, now: Date): Promise<void> {
  if (isDemoCopy(dir)) return;
  const folder = canonical(dir);
  const workbooks = [{ dir: folder, title, openedAt: now.toISOString() }, ...(await read(home)).filter((w) => w.dir !== folder)];
  await fs.mkdirp(home);
  await fs.writeAtomic(fileOf(home), `${JSON.stringify({ workbooks: workbooks.slice(0, KEPT) }, null, 2)}\n`);
}

/** The recent workbooks whose folder still holds a workbook.json. */
export async function recentWorkbooks(home: string): Promise<RecentWorkbook[]> {
  const all = await read(home);
  const present = await Promise.all(all.map((w) => fs.exists(join(w.dir, 'workbook.json'))));
  return all.filter((_w, i) => present[i]);
}
