// Tables and columns offered by SQL completion. Kept apart from Monaco so that loading the
// evidence does not pull the editor into the first screen's bundle.
export interface CatalogTable {
  table: string;
  columns: string[];
}

let catalog: CatalogTable[] = [];
/** Where completion asks for the tables when it opens; null when nothing is open to ask. */
let source: (() => Promise<CatalogTable[]> | null) | null = null;

export const setSqlCatalog = (tables: CatalogTable[]) => {
  catalog = tables;
};

/** Sets where completion takes the evidence tables from (the open workbook's, asked when needed). */
export const setSqlCatalogSource = (next: () => Promise<CatalogTable[]> | null) => {
  source = next;
};

/**
 * The tables as of now, for a completion list being opened: the source's answer (the last one known
 * when it fails), so that a table captured or imported a moment ago is offered at once.
 */
export async function currentSqlCatalog(): Promise<readonly CatalogTable[]> {
  const asked = source?.();
  if (asked) catalog = await asked.catch(() => catalog);
  return catalog;
}
