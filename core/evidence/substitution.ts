// `${NAME}` references in cells: the one set of rules by which parameters, list parameters and the
// inputs a cell discovers from earlier evidence are put into URLs, bodies, argv and SQL. The same
// rules serve the run (values and secrets) and the display (values; secrets stay references), so
// that the command shown is the command run.
import type { Parameter } from '../workbook/schema';

/** What a reference stands for: one text, or a list (a list parameter, a discovered input). */
export type Bound = string | readonly string[];
export type Lookup = (name: string) => Bound | undefined;
/** The text put in place of a reference that the lookup cannot resolve (or a throw). */
export type Missing = (name: string, reference: string) => string;

/**
 * `${NAME}` — the value; a list is joined with commas.
 * `${NAME:json}` — a JSON literal: a list as an array of strings, a value as a string (request bodies).
 */
export const REFERENCE = /\$\{([A-Z][A-Z0-9_]*)(:json)?\}/g;

const render = (value: Bound, json: boolean): string => {
  if (json) return JSON.stringify(typeof value === 'string' ? value : [...value]);
  return typeof value === 'string' ? value : value.join(',');
};

/** Substitutes every reference in `text`. */
export function substitute(text: string, lookup: Lookup, missing: Missing): string {
  return text.replace(REFERENCE, (whole, name: string, json: string | undefined) => {
    const value = lookup(name);
    return value === undefined ? missing(name, whole) : render(value, json !== undefined);
  });
}

/**
 * argv with list references expanded: an element that references a list becomes one element per
 * item (`--include=${GLOBS}` with GLOBS = [*.py, *.ipynb] gives two), and none for an empty list.
 */
export function expandArgv(argv: readonly string[], lookup: Lookup, missing: Missing): string[] {
  return argv.flatMap((arg) => {
    const list = [...arg.matchAll(REFERENCE)].find((m) => m[2] === undefined && Array.isArray(lookup(m[1]!)));
    if (!list) return [substitute(arg, lookup, missing)];
    const items = lookup(list[1]!) as readonly string[];
    return items.map((item) => substitute(arg, (name) => (name === list[1] ? item : lookup(name)), missing));
  });
}

/** The names a text references. */
export const referencedNames = (text: string): string[] => [...text.matchAll(REFERENCE)].map((m) => m[1]!);

/** A parameter's value as a reference sees it: its list, its value, or nothing (secrets, unset). */
export const parameterValue = (p: Parameter): Bound | undefined => p.values ?? p.value;

/** A list parameter's items from what a person typed: comma-separated, trimmed, empty items dropped. */
export const parseListValue = (text: string): string[] =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
