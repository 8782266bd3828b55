// The reproducible command behind each cell, as a person would type it: what the report's Method
// section and appendix print. Parameters with a value are substituted; secrets stay references.
import type { Cell, Parameter } from '../workbook/schema';

/** Replaces `${NAME}` by the parameter's value; secrets and unknown names stay as written. */
export function resolveParams(text: string, params: readonly Parameter[]): string {
  return text.replace(/\$\{([A-Z][A-Z0-9_]*)\}/g, (whole, name: string) => {
    const param = params.find((p) => p.name === name);
    return param?.value !== undefined && param.secret === undefined ? param.value : whole;
  });
}

/** Quotes one argument for a POSIX shell when it needs it; `${PARAM}` references stay readable. */
export function shellQuote(arg: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(arg)) return arg;
  if (/^[A-Za-z0-9_@%+=:,./${}-]+$/.test(arg)) return `"${arg}"`;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

const argvText = (argv: readonly string[]) => argv.map(shellQuote).join(' ');

/** A cell's command and the language to highlight it in; null for notes. */
export function commandText(cell: Cell, params: readonly Parameter[]): { language: 'bash' | 'sql'; text: string } | null {
  const r = (s: string) => resolveParams(s, params);
  switch (cell.kind) {
    case 'rest': {
      const argv = ['curl', '-sS'];
      if (cell.method !== 'GET') argv.push('-X', cell.method);
      argv.push(r(cell.url));
      for (const h of cell.headers) argv.push('-H', `${h.name}: ${r(h.value)}`);
      if (cell.auth) argv.push('-H', `Authorization: ${cell.auth.scheme} \${${cell.auth.parameter}}`);
      if (cell.body !== undefined) argv.push('-d', r(cell.body));
      const paging = cell.pagination === 'none' ? '' : `  # paginated (${cell.pagination === 'mlflow' ? 'next_page_token' : 'Link header'})`;
      return { language: 'bash', text: argvText(argv) + paging };
    }
    case 'sql':
      return { language: 'sql', text: `-- ${cell.engine}${cell.connection ? `: ${r(cell.connection)}` : ''}\n${r(cell.query)}` };
    case 's3': {
      const argv = ['aws', 's3api', cell.operation, '--bucket', r(cell.bucket)];
      const prefix = r(cell.prefix ?? '');
      const endpoint = r(cell.endpoint ?? '');
      if (prefix) argv.push('--prefix', prefix);
      if (endpoint) argv.push('--endpoint-url', endpoint);
      return { language: 'bash', text: argvText(argv) };
    }
    case 'kubectl': {
      const argv = ['kubectl'];
      const context = r(cell.context ?? '');
      const namespace = r(cell.namespace ?? '');
      if (context) argv.push('--context', context);
      if (namespace) argv.push('-n', namespace);
      argv.push(...cell.args.map(r));
      return { language: 'bash', text: argvText(argv) };
    }
    case 'shell': {
      const cwd = r(cell.cwd);
      const prefix = cwd === '' || cwd === '.' ? '' : `cd ${shellQuote(cwd)} && `;
      return { language: 'bash', text: `${prefix}${argvText(cell.argv.map(r))}` };
    }
    case 'import':
      return {
        language: 'bash',
        text: `${r(cell.sourceCommand)}\n# run elsewhere${cell.sourceLocation ? ` (${r(cell.sourceLocation)})` : ''}; output imported`,
      };
    case 'query':
    case 'check':
      return { language: 'sql', text: `-- over the local DuckDB evidence tables\n${cell.sql}` };
    case 'note':
      return null;
  }
}
