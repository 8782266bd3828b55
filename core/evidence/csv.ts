// CSV evidence, read through csv-parse: refused at the line and field where it goes wrong.
import { CsvError, parse as parseCsvRecords } from 'csv-parse/sync';
import { at, numberedLines } from './line-formats';

/**
 * RFC 4180 CSV through csv-parse: quoted fields, doubled quotes, newlines inside quotes, a UTF-8 BOM
 * as spreadsheets write it. Every record must have the header's number of fields.
 */
export function readCsv(text: string): string[][] {
  let lastLine = 0;
  try {
    return parseCsvRecords(text, {
      bom: true,
      // Line ends as they come: captures pasted together mix \n and \r\n.
      record_delimiter: ['\r\n', '\n', '\r'],
      skip_empty_lines: true,
      on_record: (record: string[], context: { lines: number }) => {
        lastLine = context.lines;
        return record;
      },
    }) as string[][];
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const e = error as CsvError & { lines?: number; column?: number; record?: string[] };
    const line = e.lines ?? lastLine + 1;
    switch (e.code) {
      case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH': {
        const expected = /expect (\d+)/.exec(e.message)?.[1] ?? '?';
        throw new Error(at(line, null, `${e.record?.length ?? '?'} fields where the header has ${expected}`));
      }
      case 'CSV_QUOTE_NOT_CLOSED':
        throw new Error(at(lastLine + 1, null, `a quoted field that starts here or below is never closed (the text ends inside it)`));
      case 'INVALID_OPENING_QUOTE':
        throw new Error(
          at(line, `field ${(e.column ?? 0) + 1}`, `a quote inside a field that is not quoted (quote the field and double the quote)`),
        );
      case 'CSV_INVALID_CLOSING_QUOTE':
        throw new Error(
          at(line, `field ${(e.column ?? 0) + 1}`, 'a closing quote is followed by text instead of a comma or the end of the line'),
        );
      default:
        throw new Error(at(line, null, e.message.replace(/ at line \d+.*$/, '')));
    }
  }
}

/** Whether the text reads as CSV of two or more records with one width (a header and its rows). */
export function looksLikeCsv(text: string): boolean {
  const first = numberedLines(text.slice(0, 4096))[0]?.content ?? '';
  if (!first.includes(',')) return false;
  try {
    return readCsv(text).length >= 2;
  } catch {
    return false;
  }
}

/** A CSV field as a value: empty is null, a plain decimal number a number, anything else text. */
export const csvValue = (v: string | undefined): string | number | null =>
  v === undefined || v === '' ? null : /^-?(0|[1-9]\d*)(\.\d+)?$/.test(v) ? Number(v) : v;
