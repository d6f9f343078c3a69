// Threat: an import that is cancelled, broken off or fails half-way leaves the file open — on Windows the user
// then cannot move or delete it, and a long session runs out of descriptors. Every way out must close the zip.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_XLSX_LIMITS, listXlsxSheets, readXlsxRows } from '../../../electron/core/import/xlsx-reader';
import {
  handmadeParts,
  makeTempDir,
  openFdCount,
  worksheetXml,
  writeLargeSheet,
  writeZip,
  type TempDir,
} from '../../fixtures/xlsx-fixtures';

let tmp: TempDir;
let large: string;
let baseline: number | undefined;

beforeAll(async () => {
  tmp = makeTempDir();
  large = tmp.file('large.xlsx');
  writeLargeSheet(large, { rows: 20_000, strings: 'shared' });
  // Warm up once so lazily opened module files do not count as leaks below.
  for await (const _row of readXlsxRows(large, 0)) break;
  baseline = openFdCount();
});
afterAll(() => tmp.cleanup());

/** Fails if any descriptor opened during the test is still open (Linux only; elsewhere a no-op). */
function expectNoLeak(): void {
  if (baseline !== undefined) expect(openFdCount()).toBe(baseline);
}

describe('closing the file', () => {
  it('stops between rows on abort, throws an AbortError and closes the file', async () => {
    const copy = tmp.file('abort.xlsx');
    fs.copyFileSync(large, copy);
    const controller = new AbortController();
    let seen = 0;
    const run = async (): Promise<void> => {
      for await (const _row of readXlsxRows(copy, 'Контакты', { signal: controller.signal })) {
        seen++;
        if (seen === 100) controller.abort();
      }
    };
    await expect(run()).rejects.toMatchObject({ name: 'AbortError' });
    expect(seen).toBe(100);
    expectNoLeak();
    fs.unlinkSync(copy);
    expect(fs.existsSync(copy)).toBe(false);
  });

  it('does not open the file when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const gen = readXlsxRows(large, 0, { signal: controller.signal });
    await expect(gen.next()).rejects.toMatchObject({ name: 'AbortError' });
    expectNoLeak();
  });

  it('closes the file when the consumer breaks out of the loop', async () => {
    let seen = 0;
    for await (const _row of readXlsxRows(large, 0)) {
      if (++seen === 10) break;
    }
    expect(seen).toBe(10);
    expectNoLeak();
  });

  it('closes the file when the consumer throws inside the loop', async () => {
    const run = async (): Promise<void> => {
      for await (const { row } of readXlsxRows(large, 0)) {
        if (row === 5_000) throw new Error('consumer failed');
      }
    };
    await expect(run()).rejects.toThrow('consumer failed');
    expectNoLeak();
  });

  it('closes the file when the reader fails mid-stream', async () => {
    const limits = { ...DEFAULT_XLSX_LIMITS, maxColumns: 5 }; // row 1 already has 6 columns
    await expect(readXlsxRows(large, 0, { limits }).next()).rejects.toMatchObject({ code: 'too_many_columns' });
    expectNoLeak();
  });

  it('closes the file after a full read, after listing, and after every kind of refusal', async () => {
    let count = 0;
    for await (const _row of readXlsxRows(large, 0)) count++;
    expect(count).toBe(20_000);
    expect(await listXlsxSheets(large)).toEqual([{ name: 'Контакты', index: 0, hidden: false }]);

    const notZip = tmp.file('text.xlsx');
    fs.writeFileSync(notZip, 'not a zip at all');
    const bad = tmp.file('bad.xlsx');
    writeZip(bad, handmadeParts({ sheets: [{ name: 'S', xml: worksheetXml('<row><c><v>1</c></row>') }] }));
    const doctype = tmp.file('doctype.xlsx');
    writeZip(doctype, handmadeParts({ sheets: [{ name: 'S', xml: `<!DOCTYPE x>${worksheetXml('')}` }] }));
    const cases: Array<[string, string | number, string]> = [
      [notZip, 0, 'not_xlsx'],
      [bad, 0, 'bad_xml'],
      [doctype, 0, 'dtd_refused'],
      [large, 'missing', 'no_sheet'],
      [large, 1, 'no_sheet'],
    ];
    for (const [file, sheet, code] of cases) {
      const error: unknown = await readXlsxRows(file, sheet)
        .next()
        .then(
          () => undefined,
          (err: unknown) => err,
        );
      expect(error).toMatchObject({ code });
      expectNoLeak();
    }
    await expect(listXlsxSheets(notZip)).rejects.toMatchObject({ code: 'not_xlsx' });
    expectNoLeak();
  });

  it('opens nothing for a generator that is never started', async () => {
    const gen = readXlsxRows(large, 0);
    await gen.return(undefined);
    expectNoLeak();
  });

  it('reads two sheets of the same file at once without interference', async () => {
    const sheet = (tag: string): string =>
      worksheetXml(
        Array.from(
          { length: 2_000 },
          (_, i) => `<row r="${i + 1}"><c r="A${i + 1}" t="str"><v>${tag}${i}</v></c></row>`,
        ).join(''),
      );
    const file = tmp.file('two.xlsx');
    writeZip(
      file,
      handmadeParts({
        sheets: [
          { name: 'A', xml: sheet('a') },
          { name: 'B', xml: sheet('b') },
        ],
      }),
    );
    const collect = async (name: string): Promise<string[]> => {
      const out: string[] = [];
      for await (const { cells } of readXlsxRows(file, name)) out.push(String(cells[0]));
      return out;
    };
    const [a, b] = await Promise.all([collect('A'), collect('B')]);
    expect(a[1_999]).toBe('a1999');
    expect(b[1_999]).toBe('b1999');
    expect(a).toHaveLength(2_000);
    expect(b).toHaveLength(2_000);
    expectNoLeak();
  });
});
