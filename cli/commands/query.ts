// `audit-workbench query`: run SQL over the captured evidence and print the result.
import { queryEvidence } from '../../node/app/query';
import { printJson, queryJson } from '../json-output';
import { textTable } from '../text-table';
import { type Io, UsageError, type Values, str } from '../args';

export async function run(positionals: string[], values: Values, io: Io): Promise<void> {
  if (positionals.length !== 2) throw new UsageError('query takes a workbook folder and one SQL string');
  const [dir, sql] = positionals as [string, string];
  const json = values['json'] === true;
  // A table for the eye stops at 100 rows; JSON for a script holds every row unless told otherwise.
  const given = str(values['max-rows']);
  const maxRows = given === undefined ? (json ? null : 100) : Number(given);
  if (maxRows !== null && (!Number.isInteger(maxRows) || maxRows < 1)) throw new UsageError('--max-rows expects a positive whole number');
  const { result } = await queryEvidence(dir, sql);
  if (json) printJson(io.out, queryJson(result, maxRows));
  else io.out(textTable(result, maxRows ?? 100));
}
