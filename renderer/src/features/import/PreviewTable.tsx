import type { ColumnTarget, ImportField, ImportPreview } from '../../../../shared/domain/import';
import { LIMITS } from '../../../../shared/domain/contact';
import type { MessageKey } from '../../i18n/translate';
import { useT } from '../../i18n/use-t';
import { useImport } from '../../stores/import';
import {
  attributeNameOf,
  columnCount,
  columnLetter,
  headerCells,
  mappingProblems,
  TARGET_FIELDS,
  type AttributeProblem,
} from './mapping';

const PROBLEM_KEYS: Record<AttributeProblem, MessageKey> = {
  required: 'import.attr.required',
  duplicate: 'import.attr.duplicate',
  forbidden: 'import.attr.forbidden',
};

/**
 * The first rows exactly as the file has them, with the row numbers Excel shows. Above each column, what it
 * becomes; the header row is highlighted, rows above it are greyed (they are not imported), and a click on a
 * row number makes that row the header.
 */
export function PreviewTable({ preview }: { preview: ImportPreview }) {
  const t = useT();
  const headerRow = useImport((s) => s.headerRow);
  const mapping = useImport((s) => s.mapping);
  const previewing = useImport((s) => s.previewing);
  const setHeaderRow = useImport((s) => s.setHeaderRow);
  const width = columnCount(preview);
  const cols = Array.from({ length: width }, (_, i) => i);
  const header = headerCells(preview, headerRow);
  const problems = mappingProblems(mapping).attributes;

  return (
    <div
      className="preview-scroll"
      data-testid="import-preview"
      data-ready={previewing ? 'false' : 'true'}
      data-header-row={headerRow}
    >
      <table className="preview">
        <thead>
          <tr>
            <th className="preview-corner" scope="col">
              <span className="visually-hidden">№</span>
            </th>
            {cols.map((i) => (
              <th key={i} scope="col" className={mapping[i]?.field === 'skip' ? 'is-skipped' : undefined}>
                <TargetPicker
                  col={i}
                  target={mapping[i] ?? { field: 'skip' }}
                  headerText={header[i] ?? ''}
                  problem={problems.get(i)}
                />
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {preview.rows.map((r) => {
            const role = r.row === headerRow ? 'header' : r.row < headerRow ? 'above' : 'data';
            return (
              <tr key={r.row} className={`is-${role}`} data-testid="import-row" data-row={r.row} data-role={role}>
                <th scope="row" className="preview-rownum">
                  <button
                    type="button"
                    className="rownum-button"
                    title={t('import.makeHeader', { row: r.row })}
                    aria-label={t('import.makeHeader', { row: r.row })}
                    aria-pressed={role === 'header'}
                    data-testid="import-row-number"
                    onClick={() => setHeaderRow(role === 'header' ? 0 : r.row)}
                  >
                    {r.row}
                  </button>
                  {role === 'header' && <span className="visually-hidden">{t('import.headerBadge')}</span>}
                </th>
                {cols.map((i) => {
                  const text = r.cells[i] ?? '';
                  return (
                    <td key={i} className={mapping[i]?.field === 'skip' ? 'is-skipped' : undefined} title={text}>
                      {text}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

interface TargetPickerProps {
  col: number;
  target: ColumnTarget;
  headerText: string;
  problem: AttributeProblem | undefined;
}

/** What one column becomes: a select, and for a custom attribute its name (editable, checked as typed). */
function TargetPicker({ col, target, headerText, problem }: TargetPickerProps) {
  const t = useT();
  const chooseTarget = useImport((s) => s.chooseTarget);
  const nameAttribute = useImport((s) => s.nameAttribute);
  const letter = columnLetter(col);
  const fallback = t('import.column', { letter });
  const attrName = target.field === 'attribute' ? target.name : attributeNameOf(headerText) || fallback;
  const label = (field: ImportField): string =>
    field === 'attribute'
      ? t('import.target.attribute', { name: attrName.trim() || '…' })
      : t(`import.target.${field}`);

  return (
    <div className="target">
      <span className="target-letter" aria-hidden="true">
        {letter}
      </span>
      <select
        className={`input target-select target-${target.field}`}
        value={target.field}
        aria-label={t('import.columnTarget', { letter })}
        title={label(target.field)}
        data-testid="import-target"
        data-col={col}
        onChange={(e) => chooseTarget(col, e.target.value as ImportField, fallback)}
      >
        {TARGET_FIELDS.map((field) => (
          <option key={field} value={field}>
            {label(field)}
          </option>
        ))}
      </select>
      {target.field === 'attribute' && (
        <>
          <input
            className={problem ? 'input target-attr has-error' : 'input target-attr'}
            value={target.name}
            maxLength={LIMITS.attributeKey}
            aria-label={t('import.attributeName', { letter })}
            aria-invalid={problem ? true : undefined}
            spellCheck={false}
            autoComplete="off"
            data-testid="import-attr-name"
            data-col={col}
            onChange={(e) => nameAttribute(col, e.target.value)}
          />
          {problem && (
            <span className="field-error" role="alert" data-testid="import-attr-error">
              {t(PROBLEM_KEYS[problem])}
            </span>
          )}
        </>
      )}
    </div>
  );
}
