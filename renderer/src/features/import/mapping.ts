import { LIMITS } from '../../../../shared/domain/contact';
import {
  FIELD_ATTRIBUTE,
  IMPORT_FIELDS,
  type ColumnTarget,
  type ImportField,
  type ImportPreview,
} from '../../../../shared/domain/import';
import { isSafeKey } from '../../../../shared/domain/safe-keys';

/**
 * Pure helpers for the mapping step: what each column of the file becomes. Kept free of React so the rules
 * (one column per field, attribute names unique and safe) are unit-tested on their own.
 */

/** The order targets are offered in (the contract lists them as people think of a contact: how to reach them, who they are, the rest). */
export const TARGET_FIELDS: readonly ImportField[] = IMPORT_FIELDS;

/** Fields that make a row a contact: without one of them every row is rejected. */
const ADDRESS_FIELDS: ReadonlySet<ImportField> = new Set(['phone', 'email', 'telegramChatId']);

/** 0 → A, 25 → Z, 26 → AA: the letters Excel shows above its columns. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** How many columns the preview has: the widest row, or the mapping if it is wider. */
export function columnCount(preview: Pick<ImportPreview, 'rows' | 'mapping'>): number {
  return Math.max(preview.mapping.length, ...preview.rows.map((r) => r.cells.length), 0);
}

/** The core's proposal, one target per column (columns it did not cover are not loaded). */
export function initialMapping(preview: Pick<ImportPreview, 'rows' | 'mapping'>): ColumnTarget[] {
  const width = columnCount(preview);
  return Array.from({ length: width }, (_, i) => preview.mapping[i] ?? { field: 'skip' });
}

/** The cells of the header row, trimmed; empty strings when there is no header (or it is not in the preview). */
export function headerCells(preview: Pick<ImportPreview, 'rows' | 'mapping'>, headerRow: number): string[] {
  const row = headerRow > 0 ? preview.rows.find((r) => r.row === headerRow) : undefined;
  return Array.from({ length: columnCount(preview) }, (_, i) => (row?.cells[i] ?? '').trim());
}

/** A header text as an attribute name: trimmed and cut to the length the contract allows. */
export const attributeNameOf = (text: string): string => text.trim().slice(0, LIMITS.attributeKey);

/**
 * Sets one column's target. A field can come from one column only, so picking "Телефон" for column C takes it
 * away from the column that had it (that one is then not loaded) — the core does the same for overrides.
 * A new custom attribute is named after the column's header, or `fallbackName` when the header is empty.
 */
export function withTarget(
  mapping: readonly ColumnTarget[],
  col: number,
  field: ImportField,
  fallbackName: string,
  header: readonly string[],
): ColumnTarget[] {
  const out = [...mapping];
  if (field === 'attribute') {
    const current = out[col];
    if (current?.field === 'attribute') return out;
    out[col] = { field: 'attribute', name: attributeNameOf(header[col] ?? '') || fallbackName };
    return out;
  }
  if (field !== 'skip') {
    for (let i = 0; i < out.length; i++) if (i !== col && out[i]?.field === field) out[i] = { field: 'skip' };
  }
  out[col] = { field };
  return out;
}

/** Renames a column's custom attribute (the name is checked by `mappingProblems`, not refused here). */
export function withAttributeName(mapping: readonly ColumnTarget[], col: number, name: string): ColumnTarget[] {
  const out = [...mapping];
  if (out[col]?.field === 'attribute') out[col] = { field: 'attribute', name };
  return out;
}

/**
 * While the core reads the file again for another header row, custom attributes already take their names from
 * the new header (a column whose new header cell is empty keeps its name), so the table does not lag behind.
 */
export function withHeaderRow(mapping: readonly ColumnTarget[], header: readonly string[]): ColumnTarget[] {
  return mapping.map((target, i) => {
    if (target.field !== 'attribute') return target;
    const name = attributeNameOf(header[i] ?? '');
    return name === '' ? target : { field: 'attribute', name };
  });
}

/** A column the user set by hand; `named` once they typed the custom attribute's name themselves. */
export interface ColumnEdit {
  target: ColumnTarget;
  named: boolean;
}

export type ColumnEdits = ReadonlyMap<number, ColumnEdit>;

/**
 * Records the user's choice for one column. A field comes from one column only, so an earlier choice of the
 * same field for another column is void now (that column then follows the core's proposal again).
 */
export function withEdit(
  edits: ColumnEdits,
  col: number,
  target: ColumnTarget,
  named: boolean,
): Map<number, ColumnEdit> {
  const prev = edits.get(col);
  const out = new Map(edits);
  out.delete(col); // re-added last: later choices are applied last
  if (target.field !== 'skip' && target.field !== 'attribute') {
    for (const [c, e] of out) if (e.target.field === target.field) out.delete(c);
  }
  const keptName = target.field === 'attribute' && prev?.target.field === 'attribute' && prev.named;
  out.set(col, { target, named: named || keptName });
  return out;
}

/**
 * The core's proposal for a new header row with the user's own choices laid over it: what the user said a
 * column holds stays true whatever row the names come from. A custom attribute the user did not name by hand
 * takes its name from the new header, as the proposal's own attributes do.
 */
export function withEdits(
  proposal: readonly ColumnTarget[],
  edits: ColumnEdits,
  header: readonly string[],
): ColumnTarget[] {
  const out = [...proposal];
  for (const [col, { target, named }] of edits) {
    if (col >= out.length) continue;
    if (target.field === 'attribute') {
      const fromHeader = attributeNameOf(header[col] ?? '');
      out[col] = { field: 'attribute', name: named || fromHeader === '' ? target.name : fromHeader };
      continue;
    }
    if (target.field !== 'skip') {
      for (let i = 0; i < out.length; i++) if (i !== col && out[i]?.field === target.field) out[i] = { field: 'skip' };
    }
    out[col] = target;
  }
  return out;
}

export type AttributeProblem = 'required' | 'duplicate' | 'forbidden';

export interface MappingProblems {
  /** No column gives a phone, an e-mail or a Telegram chat id: every row would be rejected. */
  noAddress: boolean;
  /** Per column index, what is wrong with its attribute name. */
  attributes: Map<number, AttributeProblem>;
}

/**
 * What stops the mapping from being run. Attribute names must be present, safe and unique — also against
 * the names the birthday and balance fields are stored under, which a same-named column would overwrite.
 */
export function mappingProblems(mapping: readonly ColumnTarget[]): MappingProblems {
  const attributes = new Map<number, AttributeProblem>();
  const taken = new Set<string>();
  for (const t of mapping) {
    const stored = FIELD_ATTRIBUTE[t.field];
    if (stored) taken.add(stored.toLowerCase());
  }
  mapping.forEach((t, i) => {
    if (t.field !== 'attribute') return;
    const name = t.name.trim();
    const key = name.toLowerCase();
    if (name === '') attributes.set(i, 'required');
    else if (!isSafeKey(name)) attributes.set(i, 'forbidden');
    else if (taken.has(key)) attributes.set(i, 'duplicate');
    taken.add(key);
  });
  return { noAddress: !mapping.some((t) => ADDRESS_FIELDS.has(t.field)), attributes };
}

/** The mapping as the contract takes it: names trimmed (the checks above ran on trimmed names too). */
export function mappingForStart(mapping: readonly ColumnTarget[]): ColumnTarget[] {
  return mapping.map((t) => (t.field === 'attribute' ? { field: 'attribute', name: t.name.trim() } : t));
}
