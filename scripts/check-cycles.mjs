#!/usr/bin/env node
// Fails when the project's modules import each other in a cycle (type-only imports included: a
// cycle of types is a cycle of concepts). Reads every .ts/.tsx file under the source folders with
// TypeScript's own import scanner and prints each cycle as the chain of files that closes it.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FOLDERS = ['core', 'node', 'cli', 'electron', 'renderer/src'];

const sources = FOLDERS.flatMap((folder) =>
  readdirSync(join(ROOT, folder), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts'))
    .map((e) => join(e.parentPath ?? e.path, e.name)),
);

/** The project file a relative specifier names, if any. */
function resolveImport(from, specifier) {
  if (!specifier.startsWith('.')) return null;
  const base = resolve(dirname(from), specifier);
  const candidates = [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx'), base.replace(/\.js$/, '.ts')];
  return candidates.find((c) => /\.tsx?$/.test(c) && existsSync(c)) ?? null;
}

const imports = new Map(
  sources.map((file) => [
    file,
    ts
      .preProcessFile(readFileSync(file, 'utf8'), true, true)
      .importedFiles.map((i) => resolveImport(file, i.fileName))
      .filter((f) => f !== null),
  ]),
);

// Depth-first search; a back edge to a file on the current path closes a cycle.
const cycles = [];
const state = new Map(); // file → 'open' | 'done'
function visit(file, path) {
  state.set(file, 'open');
  for (const next of imports.get(file) ?? []) {
    if (state.get(next) === 'open') cycles.push([...path.slice(path.indexOf(next)), next]);
    else if (!state.has(next)) visit(next, [...path, next]);
  }
  state.set(file, 'done');
}
for (const file of sources) if (!state.has(file)) visit(file, [file]);

if (cycles.length) {
  for (const cycle of cycles) console.error(`import cycle: ${cycle.map((f) => relative(ROOT, f)).join(' → ')}`);
  process.exitCode = 1;
} else console.log(`no import cycle among ${sources.length} source files`);
