// Tables built column by column (the kubectl and S3 normalisers): rows are appended straight into
// per-column arrays, never held as row objects, and Arrow vectors are made from the columns
// directly (the path DESIGN asks for: build columns in TypeScript, insert Arrow IPC). MLflow runs,
// the largest captures, have their own byte scanner (runs-pages.ts).
import { Table, tableToIPC } from 'apache-arrow';
import { arrowVector, inferType, toValue, type ColumnType, type EvidenceTable, type TableValue } from './table';

export class ColumnarTable {
  readonly columns: { name: string; values: TableValue[] }[];
  length = 0;

  constructor(
    readonly name: string,
    columnNames: readonly string[],
  ) {
    this.columns = columnNames.map((n) => ({ name: n, values: [] }));
  }

  /** Appends one row, one value per column in order (undefined is null). */
  push(...values: unknown[]): void {
    for (let i = 0; i < this.columns.length; i++) this.columns[i]!.values.push(toValue(values[i]));
    this.length++;
  }

  private types(): ColumnType[] {
    return this.columns.map((c) => inferType(c.values));
  }

  /** Arrow IPC stream bytes; a mixed column is text throughout, like tableFromRecords. */
  toArrow(): Uint8Array {
    const types = this.types();
    const vectors = Object.fromEntries(this.columns.map((c, i) => [c.name, arrowVector(c.values, types[i]!, i)]));
    return tableToIPC(new Table(vectors), 'stream');
  }

  toEvidenceTable(): EvidenceTable {
    const types = this.types();
    const rows: TableValue[][] = [];
    for (let r = 0; r < this.length; r++) {
      rows.push(
        this.columns.map((c, i) => {
          const v = c.values[r]!;
          return types[i] === 'string' && v !== null ? String(v) : v;
        }),
      );
    }
    return { name: this.name, columns: this.columns.map((c, i) => ({ name: c.name, type: types[i]! })), rows };
  }
}
