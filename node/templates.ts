// Finds audit templates: a name under the bundled audit-templates/ folder, or a path to a YAML file.
import { readdir, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';
import { parseTemplate, type Template } from '../core/templates/template';

/** The audit-templates/ folder shipped with the app. */
export const BUNDLED_TEMPLATES_DIR = fileURLToPath(new URL('../audit-templates', import.meta.url));

export async function listTemplates(dir = BUNDLED_TEMPLATES_DIR): Promise<string[]> {
  const names = await readdir(dir, { withFileTypes: true });
  return names.filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'template.yaml'))).map((d) => d.name).sort();
}

/** Loads a template by bundled name (`mlflow-backbone`) or by path to a template.yaml. */
export async function loadTemplate(nameOrPath: string, dir = BUNDLED_TEMPLATES_DIR): Promise<Template> {
  const isPath = nameOrPath.endsWith('.yaml') || nameOrPath.endsWith('.yml') || nameOrPath.includes('/');
  const file = isPath ? resolve(nameOrPath) : join(dir, nameOrPath, 'template.yaml');
  if (!existsSync(file)) {
    const known = await listTemplates(dir).catch(() => []);
    throw new Error(
      isPath ? `template file not found: ${nameOrPath}` : `unknown template "${nameOrPath}" (available: ${known.join(', ') || 'none'})`,
    );
  }
  return parseTemplate(await readFile(file, 'utf8'), file);
}
