// `audit-workbench export-evidence`: every capture's tables as Parquet or Arrow IPC files.
import { EXPORT_FORMATS, exportEvidence, type ExportFormat } from '../../node/evidence/export-evidence';
import { type Io, UsageError, type Values, oneDir, str } from '../args';

export async function run(positionals: string[], values: Values, io: Io): Promise<void> {
  const dir = oneDir(positionals, 'export-evidence');
  const out = str(values['out']);
  const format = str(values['format']);
  if (!out) throw new UsageError('export-evidence needs --out <folder> for the files');
  if (!format || !(EXPORT_FORMATS as readonly string[]).includes(format))
    throw new UsageError(`export-evidence needs --format ${EXPORT_FORMATS.join(' or ')}${format ? `, not "${format}"` : ''}`);
  const { files, manifest } = await exportEvidence(dir, {
    format: format as ExportFormat,
    out,
    onFile: (f) => io.err(`${f.file}: ${f.rows.toLocaleString('en')} rows`),
  });
  const rows = files.reduce((n, f) => n + f.rows, 0);
  io.out(`Wrote ${files.length} ${format} file(s), ${rows.toLocaleString('en')} rows, and ${manifest}.`);
}
