import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Contact } from '../../shared/domain/contact';
import { plain, runE2e, screenshot, sharedBrowser, withApp } from './support';

/**
 * The contact table with a million rows. The list answers are faked in the browser (page.route), so the test
 * exercises the renderer's virtualiser, scaled scrolling and page cache without writing a million rows to
 * SQLite first; everything else still goes to the real web shell.
 */

const contactAt = (index: number): Contact => ({
  id: index + 1,
  phone: `+7916${String(index).padStart(7, '0')}`,
  email: `user${index + 1}@example.ru`,
  lastName: 'Абонент',
  firstName: String(index + 1),
  middleName: '',
  telegramChatId: null,
  attributes: {},
  source: 'import',
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
  groups: [],
  optOut: { sms: index % 10 === 0, email: false, telegram: false, whatsapp: false },
});

interface Fake {
  total: number;
  exact: boolean;
  listCalls: number;
}

async function fakeBase(page: Page, fake: Fake): Promise<void> {
  await page.route('**/api/contacts:list', async (route) => {
    fake.listCalls++;
    const input = (route.request().postDataJSON() ?? {}) as { offset?: number; limit?: number };
    const offset = input.offset ?? 0;
    const limit = input.limit ?? 100;
    const rows: Contact[] = [];
    for (let i = offset; i < Math.min(fake.total, offset + limit); i++) rows.push(contactAt(i));
    await route.fulfill({ json: { ok: true, value: { rows, total: fake.total, exact: fake.exact } } });
  });
  await page.route('**/api/contacts:get', async (route) => {
    const { id } = route.request().postDataJSON() as { id: number };
    await route.fulfill({ json: { ok: true, value: { contact: contactAt(id - 1), optOutHistory: [], consents: [] } } });
  });
}

/**
 * The few DOM members the in-page callbacks use. This file is type-checked with the Node libs (no DOM), so
 * the callbacks take `unknown` and name what they touch.
 */
interface Box {
  top: number;
  bottom: number;
}
interface Checkbox {
  indeterminate: boolean;
}
interface DomNode {
  scrollTop: number;
  readonly scrollHeight: number;
  readonly clientHeight: number;
  querySelector(selector: string): DomNode | null;
  querySelectorAll(selector: string): ArrayLike<DomNode>;
  getBoundingClientRect(): Box;
  getAttribute(name: string): string | null;
}

const table = (page: Page) => page.getByTestId('contact-table');
const ready = (page: Page) => page.locator('[data-testid="contact-table"][data-ready="true"]').waitFor();

/** Index of the first row whose top edge is inside the table viewport (below the sticky header). */
async function firstVisibleIndex(page: Page): Promise<number> {
  return table(page).evaluate((el: unknown) => {
    const scroller = el as DomNode;
    const header = scroller.querySelector('.table-header');
    if (!header) return -1;
    const top = header.getBoundingClientRect().bottom;
    const rows = Array.from(scroller.querySelectorAll('[data-testid="contact-row"]'));
    const visible = rows
      .filter((r) => r.getBoundingClientRect().top >= top - 1)
      .map((r) => Number(r.getAttribute('data-index')));
    return Math.min(...visible);
  });
}

describe.skipIf(!runE2e)('virtualised contact table (e2e)', () => {
  const browser = sharedBrowser();

  it('scrolls through 1,000,000 contacts with a bounded DOM and bounded requests', { timeout: 60_000 }, async () => {
    const fake: Fake = { total: 1_000_000, exact: true, listCalls: 0 };
    await withApp(browser(), { beforeGoto: (page) => fakeBase(page, fake) }, async (app, page) => {
      expect(await table(page).getAttribute('data-total')).toBe('1000000');
      expect(plain(await page.getByTestId('contact-count').textContent())).toBe('Контактов: 1 000 000');
      const rowsInDom = () =>
        page.locator('[data-testid="contact-row"], [data-testid="contact-row-placeholder"]').count();
      expect(await rowsInDom()).toBeLessThan(60);
      // The spacer is capped far below the browser's element-height limit; the position is scaled instead.
      const scrollHeight = await table(page).evaluate((el: unknown) => (el as DomNode).scrollHeight);
      expect(scrollHeight).toBeLessThanOrEqual(8_000_100);
      expect(scrollHeight).toBeGreaterThan(7_000_000);

      // Jump to the very bottom: the last contact is there and fully visible.
      await table(page).evaluate((el: unknown) => {
        const t = el as DomNode;
        t.scrollTop = t.scrollHeight;
      });
      const last = page.locator('[data-testid="contact-row"][data-index="999999"]');
      await last.waitFor();
      await ready(page);
      expect(await last.textContent()).toContain('Абонент 1000000');
      const box = await last.boundingBox();
      const viewport = await table(page).boundingBox();
      expect(box && viewport && box.y + box.height <= viewport.y + viewport.height + 1).toBe(true);
      expect(await rowsInDom()).toBeLessThan(60);

      // The middle of the scrollbar is the middle of the base.
      await table(page).evaluate((el: unknown) => {
        const t = el as DomNode;
        t.scrollTop = (t.scrollHeight - t.clientHeight) / 2;
      });
      await page.locator('[data-testid="contact-row"][data-index="499990"]').waitFor();
      await ready(page);
      expect(Math.abs((await firstVisibleIndex(page)) - 499_993)).toBeLessThanOrEqual(2);

      // Jumps fetch only the pages on screen, not everything scrolled past.
      expect(fake.listCalls).toBeLessThan(20);

      // Keyboard: Home, arrows, End, Enter opens the card.
      await table(page).focus();
      await page.keyboard.press('Home');
      await page.locator('[data-testid="contact-row"][data-index="0"]').waitFor();
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      await expect.poll(() => page.locator('.row.is-active').getAttribute('data-index')).toBe('2');
      await page.keyboard.press('End');
      await expect.poll(() => page.locator('.row.is-active').getAttribute('data-index')).toBe('999999');
      await ready(page);
      await page.keyboard.press('Enter');
      await expect
        .poll(() =>
          page.locator('[data-testid="contact-card"][data-ready="true"]').getByTestId('card-name').textContent(),
        )
        .toBe('Абонент 1000000');
      await page.getByTestId('card-close').click();

      // Select visible rows; the bar then offers the whole base, as a mail client does.
      await table(page).focus();
      await page.keyboard.press('Home');
      await expect.poll(() => firstVisibleIndex(page)).toBe(0);
      await page.getByTestId('select-visible').check();
      const visibleRows = await page.locator('.row.is-selected').count();
      expect(visibleRows).toBeGreaterThan(10);
      const bar = page.getByTestId('selection-bar');
      expect(plain(await bar.textContent())).toContain(`Выбрано: ${visibleRows}`);
      const selectAll = page.getByTestId('select-all-matches');
      expect(plain(await selectAll.textContent())).toBe('Выбрать все 1 000 000 контактов');
      await screenshot(page, 'base-million.png');

      // "All" holds the filter, not a million ids: rows far away, loaded or not, show ticked.
      await selectAll.click();
      const count = page.getByTestId('selection-count');
      expect(plain(await count.textContent())).toBe('Выбрано: 1 000 000');
      expect(await page.getByTestId('select-all-matches').count()).toBe(0);
      expect(plain(await page.getByTestId('delete-selected').textContent())).toBe('Удалить (1 000 000)');
      await table(page).focus();
      await page.keyboard.press('End');
      await last.waitFor();
      expect(await last.getAttribute('aria-selected')).toBe('true');
      // Unticking a row makes it an exception; the header box then shows a partial selection.
      await last.getByTestId('row-check').click();
      await expect.poll(async () => plain(await count.textContent())).toBe('Выбрано: 999 999');
      expect(await last.getAttribute('aria-selected')).toBe('false');
      expect(await page.getByTestId('select-visible').evaluate((el: unknown) => (el as Checkbox).indeterminate)).toBe(
        true,
      );
      // The header box clears "all" at once.
      await page.getByTestId('select-visible').click();
      await bar.waitFor({ state: 'detached' });
      expect(await page.locator('.row.is-selected').count()).toBe(0);
      // Ctrl+A in the table does the same as the offer.
      await table(page).focus();
      await page.keyboard.press('Control+a');
      expect(plain(await count.textContent())).toBe('Выбрано: 1 000 000');
      await page.getByTestId('clear-selection').click();
      await bar.waitFor({ state: 'detached' });

      // A capped count is shown as a lower bound, and "all" is offered as "all matches".
      fake.total = 10_000;
      fake.exact = false;
      await page.getByTestId('search').fill('Абонент');
      await expect
        .poll(async () => plain(await page.getByTestId('contact-count').textContent()))
        .toBe('Контактов: 10 000+');
      await ready(page);
      await page.getByTestId('select-visible').check();
      expect(plain(await page.getByTestId('select-all-matches').textContent())).toBe(
        'Выбрать все совпадения (10 000+)',
      );
      await page.getByTestId('select-all-matches').click();
      expect(plain(await count.textContent())).toBe('Выбраны все совпадения (10 000+)');
      // A new search is a new list: the selection goes.
      await page.getByTestId('search').fill('Абонент 1');
      await bar.waitFor({ state: 'detached' });
    });
  });
});
