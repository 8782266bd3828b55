// Tables and columns offered by SQL completion. Kept apart from Monaco so that loading the
// evidence does not pull the editor into the first screen's bundle.
export interface CatalogTable {
  table: string;
  columns: string[];
}

let catalog: CatalogTable[] = [];
export const setSqlCatalog = (tables: CatalogTable[]) => {
  catalog = tables;
};
export const sqlCatalog = (): readonly CatalogTable[] => catalog;
