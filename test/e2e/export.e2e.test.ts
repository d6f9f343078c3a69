import * as XLSX from '@e965/xlsx';
import iconv from 'iconv-lite';
import fs from 'node:fs';
import type { Download, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { WebShell } from '../../electron/core/web/server';
import { plain, runE2e, screenshot, sharedBrowser, withApp } from './support';

/**
 * "Экспорт" in the base toolbar, through the web shell: the menu exports what the table shows (a group, a
 * search within it) and the file arrives as a browser download, read back here as the user's Excel would.
 */

function seed(shell: WebShell): void {
  const h = shell.core.handlers;
  const vip = h['groups:create']({ name: 'VIP' });
  h['groups:create']({ name: 'Остальные' });
  h['contacts:create']({
    lastName: 'Иванов',
    firstName: 'Иван',
    middleName: 'Иванович',
    phone: '+79207460022',
    email: 'ivanov@example.ru',
    attributes: { город: 'Тула' },
    groupIds: [vip.id],
  });
  h['contacts:create']({ lastName: 'Ёлкина', firstName: 'Алёна', phone: '+79161234567', groupIds: [vip.id] });
  h['contacts:create']({ lastName: 'Петров', firstName: 'Пётр', phone: '+79031112233' });
}

const menu = (page: Page) => page.getByTestId('export-menu');
const focused = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);

async function downloadOf(page: Page, action: () => Promise<void>): Promise<{ download: Download; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download'), action()]);
  return { download, bytes: fs.readFileSync(await download.path()) };
}

describe.skipIf(!runE2e)('Экспорт контактов (e2e)', () => {
  const browser = sharedBrowser();

  it('exports a group as XLSX and as Windows-1251 CSV, by mouse and keyboard', { timeout: 60_000 }, async () => {
    await withApp(browser(), { seed }, async (_app, page) => {
      const table = page.getByTestId('contact-table');
      await page.getByTestId('group-item').filter({ hasText: 'VIP' }).click();
      await expect.poll(() => table.getAttribute('data-total')).toBe('2');

      // The menu says what it will export: the table's count and filter.
      const button = page.getByTestId('export-button');
      await button.click();
      await menu(page).waitFor();
      expect(await button.getAttribute('aria-expanded')).toBe('true');
      expect(plain(await page.getByTestId('export-count').textContent())).toBe('Экспортировать 2 контакта…');
      expect(await page.getByTestId('export-scope').textContent()).toBe('Группа «VIP»');
      expect(await menu(page).getByRole('menuitem').allTextContents()).toEqual([
        'Excel (XLSX)Для Excel, LibreOffice и Google Таблиц',
        'CSV (UTF-8)Для CRM, 1С и других программ',
        'CSV (Windows-1251, для старого Excel)Если в Excel вместо букв — непонятные знаки',
      ]);
      await page.getByTestId('export-xlsx').hover();
      await screenshot(page, 'export-menu-ru.png');

      // Escape closes it and gives the focus back; so does a click elsewhere.
      await page.keyboard.press('Escape');
      await menu(page).waitFor({ state: 'detached' });
      expect(await focused(page)).toBe('export-button');
      expect(await button.getAttribute('aria-expanded')).toBe('false');
      await button.click();
      await menu(page).waitFor();
      await page.getByTestId('view-title').click();
      await menu(page).waitFor({ state: 'detached' });

      // XLSX, with the button busy until the file is there.
      let release = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      await page.route('**/api/contacts:export', async (route) => {
        await held;
        await route.continue();
      });
      await button.click();
      const xlsx = downloadOf(page, async () => {
        await page.getByTestId('export-xlsx').click();
        await expect.poll(() => button.getAttribute('data-busy')).toBe('true');
        expect(await button.textContent()).toBe('Экспорт…');
        expect(await menu(page).count()).toBe(0);
        release();
      });
      const { download, bytes } = await xlsx;
      await page.unroute('**/api/contacts:export');
      expect(download.suggestedFilename()).toMatch(/^VIP \d{4}-\d{2}-\d{2}\.xlsx$/);
      await expect.poll(() => button.getAttribute('data-busy')).toBe('false');
      await expect
        .poll(() => page.getByTestId('toast').textContent())
        .toBe(`Экспорт готов: ${download.suggestedFilename()} — контактов: 2`);
      const book = XLSX.read(bytes, { type: 'buffer' });
      expect(XLSX.utils.sheet_to_json(book.Sheets[book.SheetNames[0] ?? '']!, { header: 1, defval: '' })).toEqual([
        ['Фамилия', 'Имя', 'Отчество', 'Телефон', 'E-mail', 'Telegram', 'город'],
        ['Иванов', 'Иван', 'Иванович', '+79207460022', 'ivanov@example.ru', '', 'Тула'],
        ['Ёлкина', 'Алёна', '', '+79161234567', '', '', ''],
      ]);

      // Windows-1251 CSV from the keyboard: ↓ opens the menu on the first format, End goes to the last one.
      await button.focus();
      await page.keyboard.press('ArrowDown');
      await menu(page).waitFor();
      expect(await focused(page)).toBe('export-xlsx');
      await page.keyboard.press('ArrowDown');
      expect(await focused(page)).toBe('export-csv');
      await page.keyboard.press('ArrowUp');
      await page.keyboard.press('ArrowUp');
      expect(await focused(page)).toBe('export-cp1251');
      await page.keyboard.press('Home');
      await page.keyboard.press('End');
      const csv = await downloadOf(page, () => page.keyboard.press('Enter'));
      expect(csv.download.suggestedFilename()).toMatch(/^VIP \d{4}-\d{2}-\d{2}\.csv$/);
      expect(iconv.decode(csv.bytes, 'win1251').split('\r\n')).toEqual([
        'Фамилия;Имя;Отчество;Телефон;E-mail;Telegram;город',
        "Иванов;Иван;Иванович;'+79207460022;ivanov@example.ru;;Тула",
        "Ёлкина;Алёна;;'+79161234567;;;",
        '',
      ]);
      expect(await focused(page)).toBe('export-button');
    });
  });

  it('exports what a search shows, and offers nothing when it shows nothing', { timeout: 60_000 }, async () => {
    await withApp(browser(), { seed }, async (_app, page) => {
      const table = page.getByTestId('contact-table');
      await page.getByTestId('group-item').filter({ hasText: 'VIP' }).click();
      await page.getByTestId('search').fill('Ёлкина');
      await expect.poll(() => table.getAttribute('data-total')).toBe('1');
      await page.getByTestId('export-button').click();
      expect(plain(await page.getByTestId('export-count').textContent())).toBe('Экспортировать 1 контакт…');
      expect(await page.getByTestId('export-scope').textContent()).toBe('Группа «VIP», поиск «Ёлкина»');
      const { bytes } = await downloadOf(page, () => page.getByTestId('export-csv').click());
      // UTF-8 with a BOM, so that Excel opens it right.
      expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
      expect(bytes.toString('utf8').slice(1).split('\r\n').slice(0, 2)).toEqual([
        'Фамилия;Имя;Отчество;Телефон;E-mail;Telegram',
        "Ёлкина;Алёна;;'+79161234567;;",
      ]);

      await page.getByTestId('view-all').click();
      await page.getByTestId('search').fill('Нет такого');
      await expect.poll(() => table.getAttribute('data-total')).toBe('0');
      await page.getByTestId('export-button').click();
      expect(await page.getByTestId('export-scope').textContent()).toBe(
        'В списке нет контактов — экспортировать нечего.',
      );
      expect(await page.getByTestId('export-xlsx').isDisabled()).toBe(true);
      await page.keyboard.press('Escape');
      await menu(page).waitFor({ state: 'detached' });

      await page.getByTestId('lang-en').click();
      await page.getByTestId('search').fill('');
      await expect.poll(() => table.getAttribute('data-total')).toBe('3');
      await page.getByTestId('export-button').click();
      expect(plain(await page.getByTestId('export-count').textContent())).toBe('Export 3 contacts…');
      expect(await page.getByTestId('export-scope').textContent()).toBe('Every contact in the base');
    });
  });
});
