import { SpreadsheetError } from './errors';
import type { XlsxLimits } from './limits';
import { localName, parsePart } from './xml';
import type { XlsxZip } from './zip';

export interface WorkbookSheet {
  name: string;
  /** Position among the workbook's worksheets (0-based), the number readXlsxRows accepts. */
  index: number;
  hidden: boolean;
  /** Zip path of the sheet's XML, resolved through the workbook's relationships; undefined if unresolvable. */
  part: string | undefined;
}

export interface WorkbookInfo {
  /** Sheet names are arbitrary user text (`__proto__` included), so they live in an array, never as keys. */
  sheets: WorkbookSheet[];
  date1904: boolean;
  sharedStringsPart: string | undefined;
  stylesPart: string | undefined;
}

interface Relationship {
  type: string;
  target: string;
}

const DEFAULT_WORKBOOK_PART = 'xl/workbook.xml';

/**
 * Finds the workbook part (through _rels/.rels, falling back to xl/workbook.xml), its sheets in tab order and
 * where each is stored (through the workbook's relationships: names like sheet1.xml are a convention only).
 * Chart and dialog sheets are left out: they hold no cells.
 */
export async function readWorkbook(
  zip: XlsxZip,
  limits: XlsxLimits,
  signal: AbortSignal | undefined,
): Promise<WorkbookInfo> {
  const rootRels = await readRelationships(zip, '_rels/.rels', '', limits, signal);
  const office = [...rootRels.values()].find((r) => r.type.endsWith('/officeDocument'));
  const workbookPart = office?.target ?? DEFAULT_WORKBOOK_PART;
  const entry = zip.find(workbookPart);
  if (entry === undefined) {
    const binary = workbookPart.endsWith('.bin') || zip.find('xl/workbook.bin') !== undefined;
    throw new SpreadsheetError(
      'not_xlsx',
      binary
        ? 'This is a binary .xlsb workbook; save it as .xlsx (Excel Workbook) and import that.'
        : `The archive has no ${workbookPart}, so it is not an Excel workbook.`,
    );
  }

  const rels = await readRelationships(zip, relsPartOf(workbookPart), workbookPart, limits, signal);
  const sheets: WorkbookSheet[] = [];
  let date1904 = false;
  let inSheets = false;
  await parsePart(
    zip,
    entry,
    {
      open(name, attrs) {
        switch (localName(name)) {
          case 'workbookPr':
            date1904 = attrs.date1904 === '1' || attrs.date1904 === 'true';
            break;
          case 'sheets':
            inSheets = true;
            break;
          case 'sheet': {
            if (!inSheets) break;
            if (sheets.length >= limits.maxEntries) {
              throw new SpreadsheetError(
                'too_many_entries',
                `The workbook lists more than ${limits.maxEntries} sheets.`,
              );
            }
            const rel = rels.get(relationshipId(attrs) ?? '');
            // Without relationships we cannot tell a chart sheet from a worksheet; keep it and let reading decide.
            if (rel !== undefined && !rel.type.endsWith('/worksheet')) break;
            sheets.push({
              name: attrs.name ?? '',
              index: sheets.length,
              hidden: attrs.state === 'hidden' || attrs.state === 'veryHidden',
              part: rel?.target,
            });
            break;
          }
        }
      },
      close(name) {
        if (localName(name) === 'sheets') inSheets = false;
      },
      text: () => undefined,
    },
    signal,
  );

  const byType = (suffix: string): string | undefined =>
    [...rels.values()].find((r) => r.type.endsWith(suffix))?.target;
  const folder = workbookPart.slice(0, workbookPart.lastIndexOf('/') + 1);
  return {
    sheets,
    date1904,
    // Writers that omit these relationships still use the conventional names; Excel accepts that too.
    sharedStringsPart: byType('/sharedStrings') ?? `${folder}sharedStrings.xml`,
    stylesPart: byType('/styles') ?? `${folder}styles.xml`,
  };
}

/** The `r:id` attribute, whatever prefix the writer bound the relationships namespace to. */
function relationshipId(attrs: Record<string, string>): string | undefined {
  for (const key of Object.keys(attrs)) {
    if (key.endsWith(':id')) return attrs[key];
  }
  return undefined;
}

/** Relationships of a part, by Id (a Map: ids are file content). Internal targets only, resolved to zip paths. */
async function readRelationships(
  zip: XlsxZip,
  relsPart: string,
  sourcePart: string,
  limits: XlsxLimits,
  signal: AbortSignal | undefined,
): Promise<Map<string, Relationship>> {
  const rels = new Map<string, Relationship>();
  const entry = zip.find(relsPart);
  if (entry === undefined) return rels;
  await parsePart(
    zip,
    entry,
    {
      open(name, attrs) {
        if (localName(name) !== 'Relationship' || attrs.TargetMode === 'External') return;
        const { Id: id, Type: type, Target: target } = attrs;
        if (id === undefined || type === undefined || target === undefined || rels.has(id)) return;
        if (rels.size >= limits.maxEntries) {
          throw new SpreadsheetError('too_many_entries', `"${relsPart}" lists more than ${limits.maxEntries} parts.`);
        }
        rels.set(id, { type, target: resolveTarget(sourcePart, target) });
      },
      close: () => undefined,
      text: () => undefined,
    },
    signal,
  );
  return rels;
}

/** `xl/workbook.xml` → `xl/_rels/workbook.xml.rels`. */
function relsPartOf(part: string): string {
  const slash = part.lastIndexOf('/');
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
}

/**
 * Zip path for a relationship target: absolute ("/xl/worksheets/a.xml") or relative to the source part's
 * folder ("worksheets/a.xml", "../x.xml"). Percent-escapes are decoded, as targets are URIs.
 */
export function resolveTarget(sourcePart: string, target: string): string {
  let decoded = target;
  try {
    decoded = decodeURIComponent(target);
  } catch {
    // A malformed escape: keep the text as written; the lookup will simply fail.
  }
  const base = decoded.startsWith('/') ? '' : sourcePart.slice(0, sourcePart.lastIndexOf('/') + 1);
  const out: string[] = [];
  for (const segment of (base + decoded).split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') out.pop();
    else out.push(segment);
  }
  return out.join('/');
}
