import * as XLSX from '@e965/xlsx';
import iconv from 'iconv-lite';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import type { WebShell } from '../../electron/core/web/server';
import { plain, runE2e, screenshot, sharedBrowser, withApp } from './support';

/**
 * "Импорт контактов" driven as a user would, through the web shell: the file goes up through the page's file
 * input (or a drop), the real core previews and imports it in its worker, progress arrives over SSE. Waits are
 * on data attributes and on text appearing, never on timers.
 */

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vestnik-import-e2e-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A CSV as Russian Excel and 1C save it: Windows-1251, ";" between cells, CRLF, quotes where needed. */
function writeCp1251Csv(name: string, rows: string[][]): string {
  const quote = (s: string) => (/[";\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
  const file = path.join(dir, name);
  fs.writeFileSync(file, iconv.encode(rows.map((r) => r.map(quote).join(';')).join('\r\n') + '\r\n', 'win1251'));
  return file;
}

/** An export with a title and a blank row above the header, good rows, repeats and several kinds of bad rows. */
const CLIENTS: string[][] = [
  ['Выгрузка покупателей из 1С на 01.06.2024'],
  [],
  ['ФИО', 'Моб. телефон', 'E-mail', 'Город'],
  ['Иванов Иван Иванович', '8 920 746-00-22', 'Ivan@Mail.ru', 'Тула'],
  ['Петрова Анна Сергеевна', '+7 (916) 123-45-67', '', 'Москва'],
  ['Сидоров Семён', '9031234567', 'sidorov@example.ru', 'Калуга'],
  ['Кузнецов Пётр', '12-34', '', 'Тула'],
  ['Без Телефона', '', 'нет почты', 'Орёл'],
  ['Смирнова Ольга', '79031112233', 'olga@example.org', 'Тула'],
  ['Иванов Иван Иванович', '8 (920) 746-00-22', '', 'Тула'],
  ['Только Имя', '', '', 'Тверь'],
  ['Путаница', '+7 903 555-00-01', 'yuriev@example.ru', 'Тула'],
];

/** Three contacts already in the base: one the file repeats, two whose phone and e-mail the file mixes up. */
function seedClients(shell: WebShell): void {
  const h = shell.core.handlers;
  h['contacts:create']({ lastName: 'Орлова', firstName: 'Нина', phone: '+79035550001' });
  h['contacts:create']({ lastName: 'Юрьев', firstName: 'Олег', email: 'yuriev@example.ru' });
  h['contacts:create']({ lastName: 'Смирнова', firstName: 'Ольга', phone: '+79031112233' });
}

const count = (shell: WebShell): number => shell.core.handlers['contacts:list']({ offset: 0, limit: 1 }).total;

const targets = (page: Page) => page.getByTestId('import-target');
const run = (page: Page, state: string) => page.locator(`[data-testid="import-run"][data-state="${state}"]`);
const stat = async (page: Page, tone: string) => page.getByTestId(`import-stat-${tone}`).getAttribute('data-value');

async function openImport(page: Page): Promise<void> {
  await page.getByTestId('nav-import').click();
  await page.locator('[data-testid="import-screen"][data-step="1"]').waitFor();
}

async function upload(page: Page, file: string): Promise<void> {
  await page.getByTestId('import-file-input').setInputFiles(file);
}

/** Waits until step 2 shows the preview of the file. */
async function previewReady(page: Page): Promise<Locator> {
  await page.locator('[data-testid="import-screen"][data-step="2"]').waitFor();
  const preview = page.locator('[data-testid="import-preview"][data-ready="true"]');
  await preview.waitFor();
  return preview;
}

describe.skipIf(!runE2e)('Импорт контактов (e2e)', () => {
  const browser = sharedBrowser();

  it(
    'imports a Windows-1251 CSV with a title row: detection, mapping, dry run, rejected rows, new group',
    { timeout: 90_000 },
    async () => {
      const csv = writeCp1251Csv('клиенты.csv', CLIENTS);
      await withApp(browser(), { seed: seedClients }, async (app, page) => {
        await app.context.grantPermissions(['clipboard-read', 'clipboard-write']);
        await openImport(page);
        await screenshot(page, 'import-file-ru.png');

        await upload(page, csv);
        const preview = await previewReady(page);
        expect(await page.getByTestId('import-file-name').textContent()).toBe('клиенты.csv');
        expect(plain(await page.getByTestId('import-file-size').textContent())).toMatch(/^\d+ Б$/);
        expect(await page.getByTestId('import-format').textContent()).toBe('CSV, Windows-1251, разделитель «;»');
        expect(await page.getByTestId('import-delimiter').inputValue()).toBe(';');

        // The header is found under the title and the blank row; the rows above it are marked as such.
        expect(await preview.getAttribute('data-header-row')).toBe('3');
        expect(await page.getByTestId('import-header-row').inputValue()).toBe('3');
        const row = (n: number) => page.locator(`[data-testid="import-row"][data-row="${n}"]`);
        expect(await row(1).getAttribute('data-role')).toBe('above');
        expect(await row(3).getAttribute('data-role')).toBe('header');
        expect(await row(4).getAttribute('data-role')).toBe('data');
        expect(await row(1).textContent()).toContain('Выгрузка покупателей из 1С на 01.06.2024');
        expect(await row(7).textContent()).toContain('12-34');

        // The automatic mapping: ФИО, phone, e-mail, and the unknown "Город" kept as a custom field.
        expect(await targets(page).evaluateAll((els) => els.map((e) => (e as HTMLSelectElement).value))).toEqual([
          'fullName',
          'phone',
          'email',
          'attribute',
        ]);
        const attr = page.getByTestId('import-attr-name');
        expect(await attr.inputValue()).toBe('Город');
        const selected = await targets(page)
          .nth(3)
          .evaluate((e) => (e as HTMLSelectElement).selectedOptions[0]?.textContent);
        expect(selected).toBe('Доп. поле «Город»');
        await screenshot(page, 'import-mapping-ru.png');

        // Another header row: the core proposes the mapping again from it (the names become custom fields, the
        // phone and e-mail columns are recognised by their values); back to row 3 restores the first proposal.
        // Column D, set by hand, keeps its target and takes its name from the new header.
        await targets(page).nth(3).selectOption('skip');
        await targets(page).nth(3).selectOption('attribute');
        await row(4).getByTestId('import-row-number').click();
        await expect.poll(() => preview.getAttribute('data-header-row')).toBe('4');
        await page.locator('[data-testid="import-preview"][data-ready="true"]').waitFor();
        expect(await row(3).getAttribute('data-role')).toBe('above');
        expect(await targets(page).evaluateAll((els) => els.map((e) => (e as HTMLSelectElement).value))).toEqual([
          'attribute',
          'phone',
          'email',
          'attribute',
        ]);
        const attrOf = (col: number) => page.locator(`[data-testid="import-attr-name"][data-col="${col}"]`);
        expect(await attrOf(0).inputValue()).toBe('Иванов Иван Иванович');
        expect(await attrOf(3).inputValue()).toBe('Тула');
        await page.getByTestId('import-header-row').selectOption('3');
        await page.locator('[data-testid="import-preview"][data-ready="true"][data-header-row="3"]').waitFor();
        await expect.poll(() => attr.inputValue()).toBe('Город');
        expect(await targets(page).nth(0).inputValue()).toBe('fullName');

        // "Город" → not loaded and back; then the custom field gets a name of our own.
        await targets(page).nth(3).selectOption('skip');
        await expect.poll(() => attr.count()).toBe(0);
        await targets(page).nth(3).selectOption('attribute');
        await attr.fill('');
        expect(await page.getByTestId('import-attr-error').textContent()).toBe('Назовите поле');
        await attr.fill('Город клиента');
        expect(await page.getByTestId('import-attr-error').count()).toBe(0);

        // A field comes from one column only: phone on column D takes it away from B, and back.
        await targets(page).nth(2).selectOption('phone');
        expect(await targets(page).nth(1).inputValue()).toBe('skip');
        await targets(page).nth(1).selectOption('phone');
        await targets(page).nth(2).selectOption('email');
        expect(await page.getByTestId('import-blocker').textContent()).toContain('база не изменится');

        // Into a new group; its name is required.
        await page.getByTestId('import-group-new').check();
        await page.getByTestId('import-check').click();
        expect(await page.getByTestId('import-group-name-error').textContent()).toBe('Введите название группы');
        await page.getByTestId('import-group-name').fill('Из 1С');
        await page.getByTestId('import-group-name').scrollIntoViewIfNeeded();
        await screenshot(page, 'import-options-ru.png');

        // The dry run: counts and the rejected rows by the numbers Excel shows; the base is untouched.
        await page.getByTestId('import-check').click();
        await run(page, 'checked').waitFor();
        expect(await stat(page, 'add')).toBe('3');
        expect(await stat(page, 'update')).toBe('0');
        expect(await stat(page, 'skip')).toBe('2');
        expect(await stat(page, 'reject')).toBe('4');
        const rejected = page.getByTestId('import-rejected-item');
        expect((await rejected.allTextContents()).map(plain)).toEqual([
          'Строка 7неверный номер телефона: 12-34',
          'Строка 8неверный e-mail: нет почты',
          'Строка 11нет ни телефона, ни e-mail, ни Telegram chat id',
          'Строка 12телефон принадлежит контакту №1, а e-mail — контакту №2',
        ]);
        expect(count(app.shell)).toBe(3);
        expect(app.shell.core.handlers['groups:list']()).toEqual([]);
        await screenshot(page, 'import-check-ru.png');

        // The list goes to the clipboard as a two-column table, ready to paste into Excel.
        await page.getByTestId('import-copy').click();
        await expect.poll(() => page.getByTestId('toast').textContent()).toBe('Список отклонённых строк скопирован');
        const copied = await page.evaluate(() => navigator.clipboard.readText());
        expect(copied.split('\r\n').slice(0, 3)).toEqual([
          'Строка\tПричина',
          '7\tневерный номер телефона: 12-34',
          '8\tневерный e-mail: нет почты',
        ]);

        // The import itself.
        await page.getByTestId('import-start').click();
        await run(page, 'done').waitFor();
        expect(await stat(page, 'add')).toBe('3');
        expect(await stat(page, 'skip')).toBe('2');
        expect(await stat(page, 'reject')).toBe('4');
        await expect
          .poll(() => page.getByTestId('import-done-group').textContent())
          .toBe('Все контакты из файла — в группе «Из 1С».');
        await screenshot(page, 'import-done-ru.png');
        expect(count(app.shell)).toBe(6);
        const [ivan] = app.shell.core.handlers['contacts:list']({ query: 'Иванов', offset: 0, limit: 5 }).rows;
        expect(ivan).toMatchObject({ lastName: 'Иванов', firstName: 'Иван', middleName: 'Иванович' });
        expect(ivan).toMatchObject({ phone: '+79207460022', email: 'ivan@mail.ru' });
        expect(app.shell.core.handlers['contacts:get']({ id: ivan!.id }).contact.attributes).toEqual({
          'Город клиента': 'Тула',
        });

        // The group is in the sidebar (new contacts and the one already in the base) and the table shows it.
        const group = page.getByTestId('group-item').filter({ hasText: 'Из 1С' });
        await expect.poll(async () => plain(await group.textContent())).toBe('Из 1С4');
        await page.getByTestId('import-show-group').click();
        await expect.poll(() => page.getByTestId('view-title').textContent()).toBe('Из 1С');
        const table = page.getByTestId('contact-table');
        await expect.poll(() => table.getAttribute('data-total')).toBe('4');
        await page.locator('[data-testid="contact-table"][data-ready="true"]').waitFor();
        expect(await page.getByTestId('contact-row').allTextContents()).toEqual(
          expect.arrayContaining([expect.stringContaining('Иванов Иван Иванович')]),
        );
        await page.getByTestId('view-all').click();
        await expect.poll(() => table.getAttribute('data-total')).toBe('6');
        await screenshot(page, 'import-base-after-ru.png');
      });
    },
  );

  it(
    'imports an XLSX workbook: sheet picker, title row, existing group; a drop opens the import; English',
    {
      timeout: 90_000,
    },
    async () => {
      const file = path.join(dir, 'Клиенты магазина.xlsx');
      const book = XLSX.utils.book_new();
      XLSX.utils.book_append_sheet(
        book,
        XLSX.utils.aoa_to_sheet([
          ['Список клиентов на 01.06.2024'],
          [],
          ['Фамилия', 'Имя', 'Телефон', 'Дата рождения', 'Баланс'],
          ['Волкова', 'Анна', '+7 912 000-11-22', '21.06.1985', 1500.5],
          ['Лебедев', 'Игорь', '8 (913) 222-33-44', '', 0],
          ['Орлов', 'Пётр', '89134445566', 'вчера', ''],
        ]),
        'Клиенты',
      );
      XLSX.utils.book_append_sheet(
        book,
        XLSX.utils.aoa_to_sheet([
          ['Код', 'Комментарий'],
          ['1', 'служебный лист'],
        ]),
        'Справка',
      );
      XLSX.set_fs(fs);
      XLSX.writeFile(book, file);

      const seed = (shell: WebShell) => {
        shell.core.handlers['groups:create']({ name: 'Постоянные клиенты' });
      };
      await withApp(browser(), { seed }, async (app, page) => {
        // A file dropped on the base screen opens the import with it.
        const bytes = fs.readFileSync(file).toString('base64');
        await page.evaluate(
          ({ name, b64 }) => {
            const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
            const transfer = new DataTransfer();
            transfer.items.add(new File([data], name));
            document.body.dispatchEvent(new DragEvent('dragenter', { dataTransfer: transfer, bubbles: true }));
            (window as unknown as { __drop: DataTransfer }).__drop = transfer;
          },
          { name: path.basename(file), b64: bytes },
        );
        await page.getByTestId('drop-overlay').waitFor();
        await screenshot(page, 'import-drop-ru.png');
        await page.evaluate(() => {
          const transfer = (window as unknown as { __drop: DataTransfer }).__drop;
          document.body.dispatchEvent(
            new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }),
          );
        });
        await page.getByTestId('drop-overlay').waitFor({ state: 'detached' });
        const preview = await previewReady(page);
        expect(await page.getByTestId('import-file-name').textContent()).toBe('Клиенты магазина.xlsx');
        expect(await page.getByTestId('import-format').textContent()).toBe('Excel (XLSX), лист «Клиенты»');
        const sheet = page.getByTestId('import-sheet');
        expect(await sheet.locator('option').allTextContents()).toEqual(['Клиенты', 'Справка']);
        expect(await preview.getAttribute('data-header-row')).toBe('3');
        expect(await targets(page).evaluateAll((els) => els.map((e) => (e as HTMLSelectElement).value))).toEqual([
          'lastName',
          'firstName',
          'phone',
          'birthday',
          'balance',
        ]);

        // Another sheet is read again; then back.
        await sheet.selectOption('Справка');
        await expect.poll(() => page.getByTestId('import-format').textContent()).toBe('Excel (XLSX), лист «Справка»');
        await page.locator('[data-testid="import-preview"][data-ready="true"]').waitFor();
        expect(await page.getByTestId('import-row').first().textContent()).toContain('Комментарий');
        expect(await page.getByTestId('import-blocker').textContent()).toContain('Укажите столбец с телефоном');
        await sheet.selectOption('Клиенты');
        await expect.poll(() => preview.getAttribute('data-header-row')).toBe('3');
        await expect.poll(() => page.getByTestId('import-row').first().textContent()).toContain('Список клиентов');

        await page.getByTestId('import-group-existing').check();
        expect(await page.getByTestId('import-group-select').locator('option').allTextContents()).toEqual([
          'Постоянные клиенты (0)',
        ]);
        await page.getByTestId('import-duplicates-fill').check();
        await screenshot(page, 'import-xlsx-ru.png');

        await page.getByTestId('import-check').click();
        await run(page, 'checked').waitFor();
        expect(await stat(page, 'add')).toBe('2');
        expect(await stat(page, 'reject')).toBe('1');
        expect((await page.getByTestId('import-rejected-item').allTextContents()).map(plain)).toEqual([
          'Строка 6неверная дата: вчера',
        ]);
        await page.getByTestId('import-start').click();
        await run(page, 'done').waitFor();
        expect(await stat(page, 'add')).toBe('2');
        const group = page.getByTestId('group-item').filter({ hasText: 'Постоянные клиенты' });
        await expect.poll(async () => plain(await group.textContent())).toBe('Постоянные клиенты2');
        const [volkova] = app.shell.core.handlers['contacts:list']({ query: 'Волкова', offset: 0, limit: 1 }).rows;
        expect(app.shell.core.handlers['contacts:get']({ id: volkova!.id }).contact.attributes).toMatchObject({
          birthday: '1985-06-21',
          balance: '1500.5',
        });

        await page.getByTestId('import-open-base').click();
        await expect.poll(() => page.getByTestId('contact-table').getAttribute('data-total')).toBe('2');
        expect(await page.getByTestId('view-title').textContent()).toBe('Все контакты');

        // The same screen in English.
        await page.getByTestId('lang-en').click();
        await page.getByTestId('open-import').click();
        await page.locator('[data-testid="import-screen"][data-step="1"]').waitFor();
        expect(await page.getByTestId('nav-import').textContent()).toBe('Import contacts');
        await upload(page, writeCp1251Csv('clients.csv', CLIENTS));
        await previewReady(page);
        expect(await page.getByTestId('import-format').textContent()).toBe('CSV, Windows-1251, delimiter “;”');
        await screenshot(page, 'import-mapping-en.png');
        await page.getByTestId('import-check').click();
        await run(page, 'checked').waitFor();
        expect((await page.getByTestId('import-rejected-item').first().textContent()) ?? '').toContain(
          'invalid phone number: 12-34',
        );
        await screenshot(page, 'import-check-en.png');
      });
    },
  );

  it(
    'refuses a file whose content does not match its name, and one that is no table at all',
    {
      timeout: 60_000,
    },
    async () => {
      const fake = path.join(dir, 'клиенты.xlsx');
      fs.writeFileSync(fake, 'ФИО;Телефон\r\nИванов;89207460022\r\n');
      const picture = path.join(dir, 'фото.csv');
      fs.writeFileSync(
        picture,
        Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]), Buffer.alloc(64)]),
      );
      await withApp(browser(), {}, async (app, page) => {
        await page.getByTestId('empty-import').click();
        await page.locator('[data-testid="import-screen"][data-step="1"]').waitFor();
        await upload(page, fake);
        const error = page.getByTestId('import-file-error');
        await expect
          .poll(async () => plain(await error.textContent()))
          .toContain(
            'Файл назван .xlsx, но внутри — текстовая таблица (CSV/TXT). Переименуйте его или выберите другой файл.',
          );
        expect(await error.getByTestId('import-file-name').textContent()).toBe('клиенты.xlsx');
        expect(await page.locator('[data-testid="import-screen"]').getAttribute('data-step')).toBe('1');
        await screenshot(page, 'import-error-ru.png');

        await upload(page, picture);
        await expect
          .poll(async () => plain(await error.textContent()))
          .toContain('Это не таблица: выберите файл Excel (XLSX, XLS), CSV или TXT.');

        // A good file after a bad one goes through.
        await upload(page, writeCp1251Csv('good.csv', CLIENTS));
        await previewReady(page);
        expect(await error.count()).toBe(0);
        expect(count(app.shell)).toBe(0);

        // What the user is told follows the error's code: a sentence this page does not know still gets the
        // general text of its code, with the core's sentence under it.
        await page.route('**/api/import:preview', (route) =>
          route.fulfill({
            contentType: 'application/json',
            body: JSON.stringify({
              ok: false,
              error: { code: 'bad_file', message: '"xl/styles.xml" is not well-formed XML: unexpected end' },
            }),
          }),
        );
        await page.getByTestId('import-delimiter').selectOption(',');
        const alert = page.getByTestId('import-preview-error');
        await expect
          .poll(async () => plain(await alert.locator('p').first().textContent()))
          .toBe('Файл повреждён или не читается как таблица. Откройте его в Excel и сохраните заново.');
        expect(plain(await page.getByTestId('import-preview-error-detail').textContent())).toBe(
          'Подробности: "xl/styles.xml" is not well-formed XML: unexpected end',
        );
        await screenshot(page, 'import-error-detail-ru.png');
        await page.unroute('**/api/import:preview');
      });
    },
  );

  it('cancelling a large import leaves the base exactly as it was', { timeout: 120_000 }, async () => {
    // The import is held to 1,000 rows a second (its dry run is not): still running, whatever the machine,
    // after the clicks, the page reload and the screenshots below, which take a few seconds.
    const ROWS = 60_000;
    const big = path.join(dir, 'большой.csv');
    const lines = ['Телефон;Имя;Город'];
    for (let i = 0; i < ROWS; i++) lines.push(`+7916${String(i).padStart(7, '0')};Клиент ${i + 1};Тула`);
    fs.writeFileSync(big, lines.join('\r\n') + '\r\n');
    await withApp(browser(), { seed: seedClients, importRowsPerSecond: 1_000 }, async (app, page) => {
      await openImport(page);
      await upload(page, big);
      await previewReady(page);
      expect(await page.getByTestId('import-format').textContent()).toBe('CSV, UTF-8, разделитель «;»');
      await page.getByTestId('import-group-new').check();
      await page.getByTestId('import-group-name').fill('Большой список');
      await page.getByTestId('import-check').click();
      await run(page, 'checked').waitFor({ timeout: 60_000 });
      expect(await stat(page, 'add')).toBe(String(ROWS));

      await page.getByTestId('import-start').click();
      const progress = run(page, 'running');
      await progress.waitFor();
      await expect
        .poll(async () => Number(await page.getByTestId('import-progress-rows').getAttribute('data-rows')))
        .toBeGreaterThan(0);
      // The import keeps running while the base is shown; the sidebar says how far it is.
      await page.getByTestId('nav-base').click();
      await page.getByTestId('nav-import-running').waitFor();
      expect(await page.getByTestId('nav-import-running').textContent()).toMatch(/^\d+%$/);
      await page.getByTestId('nav-import').click();
      await progress.waitFor();
      await screenshot(page, 'import-progress-ru.png');
      await page.getByTestId('import-cancel').click();
      await run(page, 'checked').waitFor({ timeout: 60_000 });
      expect(await page.getByTestId('import-notice').textContent()).toBe(
        'Импорт отменён — база осталась такой, какой была.',
      );
      await screenshot(page, 'import-cancelled-ru.png');
      expect(count(app.shell)).toBe(3);
      expect(app.shell.core.handlers['groups:list']()).toEqual([]);

      // The import again, and the page reloaded while it runs: the app finds the job in the core, the sidebar
      // and the import screen show it, and Cancel still reaches it.
      await page.getByTestId('import-start').click();
      await run(page, 'running').waitFor();
      await page.reload();
      await page.getByTestId('nav-import-running').waitFor();
      await page.getByTestId('nav-import').click();
      const resumed = page.locator('[data-testid="import-run"][data-state="running"][data-dry-run="false"]');
      await resumed.waitFor();
      await screenshot(page, 'import-resumed-ru.png');
      await page.getByTestId('import-cancel').click();
      await page.locator('[data-testid="import-screen"][data-step="1"]').waitFor({ timeout: 60_000 });
      expect(await page.getByTestId('import-notice').textContent()).toBe(
        'Импорт отменён — база осталась такой, какой была.',
      );
      expect(count(app.shell)).toBe(3);

      await page.getByTestId('nav-base').click();
      await expect.poll(() => page.getByTestId('contact-table').getAttribute('data-total')).toBe('3');
      expect(plain(await page.getByTestId('contact-count').textContent())).toBe('Контактов: 3');
    });
  });

  it('saves every rejected row as an XLSX report, beyond the 1,000 the screen lists', { timeout: 60_000 }, async () => {
    const BAD = 1_200;
    const rows = [['ФИО', 'Телефон']];
    for (let i = 0; i < BAD; i++) rows.push([`Клиент ${i + 1}`, `12-${i}`]);
    rows.push(['Иванов Иван', '8 920 746-00-22']);
    const csv = writeCp1251Csv('отказы.csv', rows);
    await withApp(browser(), {}, async (app, page) => {
      await openImport(page);
      await upload(page, csv);
      await previewReady(page);
      await page.getByTestId('import-check').click();
      await run(page, 'checked').waitFor();
      expect(await stat(page, 'add')).toBe('1');
      expect(await stat(page, 'reject')).toBe(String(BAD));
      expect(await page.getByTestId('import-rejected-item').count()).toBe(1_000);
      expect(plain(await page.getByTestId('import-rejected-partial').textContent())).toBe(
        'Показаны первые 1 000 из 1 200 — все строки в отчёте.',
      );

      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('import-report').click()]);
      expect(download.suggestedFilename()).toBe('отказы — отклонённые строки.xlsx');
      await expect
        .poll(() => page.getByTestId('toast').textContent())
        .toBe('Отчёт сохранён: отказы — отклонённые строки.xlsx');
      const book = XLSX.read(fs.readFileSync(await download.path()), { type: 'buffer' });
      const sheet = book.Sheets[book.SheetNames[0] ?? ''];
      const table = XLSX.utils.sheet_to_json<string[]>(sheet!, { header: 1 });
      expect(table).toHaveLength(BAD + 1);
      expect(table.slice(0, 3)).toEqual([
        ['Строка', 'Причина'],
        ['2', 'неверный номер телефона: 12-0'],
        ['3', 'неверный номер телефона: 12-1'],
      ]);
      expect(table.at(-1)).toEqual([String(BAD + 1), `неверный номер телефона: 12-${BAD - 1}`]);
      await page.getByTestId('import-report').scrollIntoViewIfNeeded();
      await screenshot(page, 'import-report-ru.png');

      // The import's own result has its report too.
      await page.getByTestId('import-start').click();
      await run(page, 'done').waitFor();
      expect(count(app.shell)).toBe(1);
      const [again] = await Promise.all([page.waitForEvent('download'), page.getByTestId('import-report').click()]);
      const rejected = XLSX.read(fs.readFileSync(await again.path()), { type: 'buffer' });
      expect(XLSX.utils.sheet_to_json(rejected.Sheets[rejected.SheetNames[0] ?? '']!, { header: 1 })).toHaveLength(
        BAD + 1,
      );
    });
  });
});
