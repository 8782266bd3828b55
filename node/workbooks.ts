// Creating a workbook from a template, as the CLI's `new` and the app's "New from template" do.
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { workbookId } from '../core/ids';
import { isoDay, type Clock } from '../core/ports';
import { instantiateTemplate } from '../core/templates/template';
import type { Workbook } from '../core/workbook/schema';
import { saveWorkbook } from '../core/workbook/store';
import type { Redaction } from '../core/evidence/redaction';
import { nodeFileSystem as fs } from './node-file-system';
import { loadTemplate } from './templates';

export interface NewWorkbook {
  template: string;
  params?: Record<string, string>;
  /** Values found in the environment (MLFLOW_TRACKING_URI), used where the template declares them and none was given. */
  paramsFromEnv?: Record<string, string>;
  title?: string;
  auditor?: string;
  scope?: string;
}

/** Writes a new workbook into `dir`, which must be absent or empty; nothing is written on bad input. */
export async function createWorkbook(
  dir: string,
  input: NewWorkbook,
  clock: Clock,
): Promise<{ workbook: Workbook; template: { name: string; version: number }; redactions: Redaction[] }> {
  if (existsSync(dir) && readdirSync(dir).length > 0) throw new Error(`${dir} already exists and is not empty; choose a new folder`);
  const template = await loadTemplate(input.template);
  const workbook = instantiateTemplate(template, {
    id: workbookId(randomUUID()),
    date: isoDay(clock.now()),
    params: {
      ...Object.fromEntries(Object.entries(input.paramsFromEnv ?? {}).filter(([name]) => template.parameters.some((p) => p.name === name))),
      ...input.params,
    },
    ...(input.title !== undefined ? { title: input.title } : {}),
    ...(input.auditor !== undefined ? { auditor: input.auditor } : {}),
    ...(input.scope !== undefined ? { scope: input.scope } : {}),
  });
  const saved = await saveWorkbook(fs, dir, workbook);
  return { ...saved, template: { name: template.name, version: template.version } };
}
