/** A cell as the readers give it: text, a number Excel stored as a number, a boolean, a date, or empty. */
export type CellValue = string | number | boolean | Date | null;

export interface SheetRow {
  /** The row number as the spreadsheet shows it. */
  row: number;
  cells: CellValue[];
}
