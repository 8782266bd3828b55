// Finds audit templates: a name under the bundled audit-templates/ folder, or a path to a YAML file.
import { readdir, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';
import { engineMessage } from '../core/query/checks';
import {
  parseTemplate,
  summarizeTemplate,
  templatePlace,
  templateSql,
  type Template,
  type TemplateSummary,
} from '../core/templates/template';
import { FormatError } from '../core/workbook/file-format';
import { openDuckDb } from './query/duckdb';

/** The audit-templates/ folder shipped with the app. */
export const BUNDLED_TEMPLATES_DIR = fileURLToPath(new URL('../audit-templates', import.meta.url));

export async function listTemplates(dir = BUNDLED_TEMPLATES_DIR): Promise<string[]> {
  const names = await readdir(dir, { withFileTypes: true });
  return names
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'template.yaml')))
    .map((d) => d.name)
    .sort();
}

/** The bundled templates as the gallery shows them (parsed and validated; their SQL is checked by the test suite). */
export async function describeTemplates(dir = BUNDLED_TEMPLATES_DIR): Promise<TemplateSummary[]> {
  const names = await listTemplates(dir);
  return Promise.all(
    names.map(async (name) =>
      summarizeTemplate(parseTemplate(await readFile(join(dir, name, 'template.yaml'), 'utf8'), join(dir, name, 'template.yaml'))),
    ),
  );
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
  const text = await readFile(file, 'utf8');
  const template = parseTemplate(text, file);
  await checkTemplateSql(template, text, file);
  return template;
}

/**
 * Refuses SQL that DuckDB cannot parse. The tables a check reads exist only once evidence is
 * captured, so binding errors (unknown table or column) are expected here; syntax errors are not.
 */
export async function checkTemplateSql(template: Template, text: string, file: string): Promise<void> {
  const cells = templateSql(template);
  if (!cells.length) return;
  const engine = await openDuckDb();
  const problems: { path: string; message: string }[] = [];
  try {
    for (const { path, sql } of cells) {
      try {
        await engine.exec(`EXPLAIN ${sql}`);
      } catch (error) {
        const message = engineMessage(error);
        if (/^Parser Error/.test(message)) problems.push({ path: templatePlace(text, path), message: `invalid SQL: ${message}` });
      }
    }
  } finally {
    await engine.close();
  }
  if (problems.length) throw new FormatError(file, problems);
}
