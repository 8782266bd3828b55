// `audit-workbench report`: export the report as Markdown (the default), HTML or PDF.
import { exportReport, exportReportHtml, REPORT_FORMATS, type ReportFormat } from '../../core/exports';
import { nodeFileSystem as fs } from '../../node/node-file-system';
import { type Io, type Values, UsageError, oneDir, str } from '../args';

export async function run(positionals: string[], values: Values, io: Io): Promise<void> {
  const dir = oneDir(positionals, 'report');
  const format = (str(values['format']) ?? 'markdown') as ReportFormat;
  if (!REPORT_FORMATS.includes(format)) throw new UsageError(`--format is one of ${REPORT_FORMATS.join(', ')}, got "${format}"`);
  const chromium = str(values['chromium']);
  if (chromium && format !== 'pdf') throw new UsageError('--chromium only applies to --format pdf');
  const out = str(values['out']);
  const { path, context } =
    format === 'markdown'
      ? await exportReport(fs, dir, io.clock, out)
      : format === 'html'
        ? await exportReportHtml(fs, dir, io.clock, out)
        : await (await import('../../node/report/pdf')).exportReportPdf(dir, io.clock, { outFile: out, chromium });
  for (const l of context.lapsed) io.err(`note: ${l.gap}: ${l.note}`);
  io.out(`Wrote ${path}.`);
}
