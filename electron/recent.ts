// The Open Recent list: a small JSON file in the app's user-data folder, validated on read. A
// damaged or foreign file only costs the history, so it reads as an empty list.
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, isAbsolute } from 'node:path';
import * as z from 'zod';
import { writeFileAtomic } from '../node/node-file-system';

export const MAX_RECENT = 10;

const RecentFile = z.strictObject({ version: z.literal(1), folders: z.array(z.string().min(1).max(4096)).max(100) });

export async function readRecent(file: string): Promise<string[]> {
  try {
    const parsed = RecentFile.safeParse(JSON.parse(await readFile(file, 'utf8')));
    return parsed.success ? [...new Set(parsed.data.folders.filter((f) => isAbsolute(f)))].slice(0, MAX_RECENT) : [];
  } catch {
    return [];
  }
}

/** The list with `dir` first (moved up if it was there already), capped. */
export const withRecent = (list: readonly string[], dir: string): string[] => [dir, ...list.filter((d) => d !== dir)].slice(0, MAX_RECENT);

export async function writeRecent(file: string, folders: readonly string[]): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFileAtomic(file, `${JSON.stringify({ version: 1, folders }, null, 2)}\n`);
}
