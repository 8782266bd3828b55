// Opening a workbook: its content, whether this machine trusts it, and unsaved edits a previous
// session left in the recovery journal. Opening runs nothing.
import type { Workbook } from '../../core/workbook/schema';
import { loadWorkbook } from '../../core/workbook/store';
import { isTrusted, readRecovery } from '../app-home';
import { nodeFileSystem as fs } from '../node-file-system';

export async function openAudit(
  home: string,
  dir: string,
): Promise<{ workbook: Workbook; trusted: boolean; recovery: { savedAt: string } | null }> {
  const workbook = await loadWorkbook(fs, dir);
  const recovery = await readRecovery(home, dir);
  return { workbook, trusted: await isTrusted(home, dir), recovery: recovery ? { savedAt: recovery.savedAt } : null };
}
