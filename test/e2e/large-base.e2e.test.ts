import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { WebShell } from '../../electron/core/web/server';
import { plain, runE2e, screenshot, sharedBrowser, withApp } from './support';

/**
 * A base of 100,000 contacts in the real core (no faked answers): the counter, scrolling to the very end, search,
 * and "select all matches" added to a new group, which the core resolves from the filter, rows never loaded
 * included. The rows go straight into SQLite with one prepared INSERT in one transaction (a few seconds; the
 * FTS triggers index them as an import would).
 */

const TOTAL = 100_000;
/** Forty surnames in turn (even places female, odd male), so each one is exactly TOTAL / 40 = 2,500 contacts. */
const SURNAMES = [
  'Смирнова', 'Кузнецов', 'Попова', 'Васильев', 'Петрова', 'Соколов', 'Михайлова', 'Новиков', 'Фёдорова', 'Морозов',
  'Волкова', 'Алексеев', 'Лебедева', 'Семёнов', 'Егорова', 'Павлов', 'Козлова', 'Степанов', 'Николаева', 'Орлов',
  'Андреева', 'Макаров', 'Никитина', 'Захаров', 'Зайцева', 'Соловьёв', 'Борисова', 'Яковлев', 'Григорьева', 'Романов',
  'Воробьёва', 'Сергеев', 'Кузьмина', 'Фролов', 'Александрова', 'Дмитриев', 'Королёва', 'Гусев', 'Киселёва', 'Ильин',
]; // prettier-ignore
const FIRST = [
  ['Анна', 'Елена', 'Ольга', 'Мария', 'Татьяна', 'Наталья', 'Ирина'],
  ['Дмитрий', 'Сергей', 'Алексей', 'Николай', 'Павел', 'Андрей', 'Игорь'],
];
const MIDDLE = [
  ['Сергеевна', 'Викторовна', 'Игоревна', 'Павловна', 'Андреевна'],
  ['Андреевич', 'Петрович', 'Олегович', 'Юрьевич', 'Иванович'],
];
const SEARCHED = 'Воробьёва';
const PER_SURNAME = TOTAL / SURNAMES.length;

const at = <T>(list: readonly T[], i: number): T => list[i % list.length]!;
const person = (i: number) => {
  const male = i % 2;
  // Whole turns of the surname list pick the names, so people sharing a surname still differ.
  const turn = Math.floor(i / SURNAMES.length);
  return {
    phone: `+7916${String(i).padStart(7, '0')}`,
    lastName: at(SURNAMES, i),
    firstName: at(FIRST[male]!, turn),
    middleName: at(MIDDLE[male]!, Math.floor(turn / 7)),
    email: i % 3 === 0 ? null : `client${i + 1}@example.ru`,
  };
};

function seed(shell: WebShell): void {
  const insert = shell.core.db.prepare(
    `INSERT INTO contacts (phone, last_name, first_name, middle_name, email, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const now = new Date().toISOString();
  shell.core.db.transaction(() => {
    for (let i = 0; i < TOTAL; i++) {
      const p = person(i);
      insert.run(p.phone, p.lastName, p.firstName, p.middleName, p.email, now, now);
    }
  })();
}

/** The table's scroll box: this file is type-checked without trusting DOM types inside page callbacks. */
interface Scroller {
  scrollTop: number;
  readonly scrollHeight: number;
  readonly clientHeight: number;
}

/**
 * Drags the table's scrollbar thumb from the top past the bottom edge, as a person jumping to the end would.
 * Chromium's classic scrollbar starts with an arrow button as tall as the bar is wide; the thumb is right below.
 */
async function dragScrollbarToBottom(page: Page): Promise<void> {
  const table = page.getByTestId('contact-table');
  const box = await table.boundingBox();
  if (!box) throw new Error('the table is not on screen');
  const barWidth = await table.evaluate((el: unknown) => {
    const e = el as { offsetWidth: number; clientWidth: number };
    return e.offsetWidth - e.clientWidth;
  });
  expect(barWidth, 'a classic scrollbar to drag').toBeGreaterThan(0);
  const x = box.x + box.width - barWidth / 2;
  await page.mouse.move(x, box.y + barWidth + 4);
  await page.mouse.down();
  await page.mouse.move(x, box.y + box.height / 2, { steps: 5 });
  await page.mouse.move(x, box.y + box.height + 40, { steps: 5 });
  await page.mouse.up();
}

describe.skipIf(!runE2e)('a base of 100,000 contacts (e2e, real core)', () => {
  const browser = sharedBrowser({ scrollbars: true });

  it('counts, scrolls to the end, searches, and adds all matches to a new group', { timeout: 120_000 }, async () => {
    await withApp(browser(), { seed }, async (app, page) => {
      const table = page.getByTestId('contact-table');
      const ready = page.locator('[data-testid="contact-table"][data-ready="true"]');
      expect(await table.getAttribute('data-total')).toBe(String(TOTAL));
      expect(plain(await page.getByTestId('contact-count').textContent())).toBe('Контактов: 100 000');
      await expect
        .poll(async () => plain(await page.getByTestId('view-all').textContent()))
        .toBe('Все контакты100 000');

      // The very bottom, by dragging the scrollbar: the last contact is there.
      await dragScrollbarToBottom(page);
      await expect
        .poll(() => table.evaluate((el: unknown) => (el as Scroller).scrollTop))
        .toBe(await table.evaluate((el: unknown) => (el as Scroller).scrollHeight - (el as Scroller).clientHeight));
      const last = page.locator(`[data-testid="contact-row"][data-index="${TOTAL - 1}"]`);
      await last.waitFor();
      await ready.waitFor();
      const lastPerson = person(TOTAL - 1);
      expect(await last.textContent()).toContain(
        `${lastPerson.lastName} ${lastPerson.firstName} ${lastPerson.middleName}`,
      );
      expect(await last.textContent()).toContain('+7 916 009 99 99');

      // Search a surname: results from the top and their count.
      await page.getByTestId('search').fill(SEARCHED);
      await expect.poll(() => table.getAttribute('data-total')).toBe(String(PER_SURNAME));
      await ready.waitFor();
      expect(plain(await page.getByTestId('contact-count').textContent())).toBe('Контактов: 2 500');
      const rows = page.getByTestId('contact-row');
      expect(await rows.first().getAttribute('data-index')).toBe('0');
      for (const text of await rows.allTextContents()) expect(text).toContain(SEARCHED);

      // Tick the screenful, take up the offer of all 2,500, then untick one: 2,499, most never loaded.
      await page.getByTestId('select-visible').check();
      const selectAll = page.getByTestId('select-all-matches');
      expect(plain(await selectAll.textContent())).toBe('Выбрать все 2 500 контактов');
      await selectAll.click();
      const count = page.getByTestId('selection-count');
      expect(plain(await count.textContent())).toBe('Выбрано: 2 500');
      const skipped = rows.first();
      const skippedId = Number(await skipped.getAttribute('data-id'));
      await skipped.getByTestId('row-check').click();
      await expect.poll(async () => plain(await count.textContent())).toBe('Выбрано: 2 499');

      // Add them to a group created in the same dialog; the sidebar shows its size.
      await page.getByTestId('add-to-group').click();
      const dialog = page.getByTestId('add-to-group-dialog');
      expect(plain(await dialog.textContent())).toContain('Выбрано контактов: 2 499');
      await dialog.getByTestId('new-group-name').fill('Все Воробьёвы');
      await screenshot(page, 'add-to-new-group-ru.png');
      await dialog.getByTestId('confirm').click();
      await dialog.waitFor({ state: 'detached' });
      const group = page.getByTestId('group-item').filter({ hasText: 'Все Воробьёвы' });
      await expect.poll(async () => plain(await group.textContent())).toBe('Все Воробьёвы2 499');
      await expect.poll(async () => plain(await page.getByTestId('toast').textContent())).toContain('2 499');
      await screenshot(page, 'large-base-ru.png');

      // The core agrees: everyone matching but the unticked row.
      const h = app.shell.core.handlers;
      const groupId = h['groups:list']().find((g) => g.name === 'Все Воробьёвы')?.id;
      expect(groupId).toBeDefined();
      const members = h['contacts:list']({ groupId, offset: 0, limit: 1 });
      expect(members.total).toBe(PER_SURNAME - 1);
      const skippedInGroup = h['contacts:get']({ id: skippedId }).contact.groups.some((g) => g.id === groupId);
      expect(skippedInGroup).toBe(false);
    });
  });
});
