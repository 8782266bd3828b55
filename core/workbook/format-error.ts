// The error of a file that is not what it should be: light, so that the CLI can recognise it
// without loading the schema.

/** A file that could not be read as what it should be. Names the file and, if known, the field. */
export class FormatError extends Error {
  constructor(
    readonly file: string,
    readonly problems: { path: string; message: string }[],
  ) {
    super(
      problems.length === 1
        ? `${file}: ${formatProblem(problems[0]!)}`
        : `${file}: ${problems.length} problems:\n${problems.map((p) => `  - ${formatProblem(p)}`).join('\n')}`,
    );
    this.name = 'FormatError';
  }
}

function formatProblem(p: { path: string; message: string }): string {
  return p.path ? `${p.path}: ${p.message}` : p.message;
}
