import { describe, expect, it } from 'vitest';
import type { WebShell } from '../../electron/core/web/server';
import { plain, runE2e, screenshot, sharedBrowser, withApp } from './support';

/**
 * "База абонентов" driven as a user would, in real Chromium against the real web shell and core. Waits are on
 * data-ready attributes and on the expected text appearing (Playwright locators retry), never on timers.
 */

const LAST_NAMES = [
  'Смирнова',
  'Кузнецов',
  'Попова',
  'Васильев',
  'Петрова',
  'Соколов',
  'Михайлова',
  'Новиков',
  'Фёдорова',
  'Морозов',
];
const FIRST_NAMES = ['Анна', 'Дмитрий', 'Елена', 'Сергей', 'Ольга', 'Алексей', 'Мария', 'Николай', 'Татьяна', 'Павел'];
const MIDDLE_NAMES = [
  'Сергеевна',
  'Андреевич',
  'Викторовна',
  'Петрович',
  'Игоревна',
  'Олегович',
  'Павловна',
  'Юрьевич',
  'Олеговна',
  'Ильич',
];
const SEEDED = 36;

function seed(shell: WebShell): void {
  const h = shell.core.handlers;
  const regular = h['groups:create']({ name: 'Постоянные клиенты' });
  const wholesale = h['groups:create']({ name: 'Оптовые покупатели' });
  h['groups:create']({ name: 'Новости магазина' });
  for (let i = 0; i < SEEDED; i++) {
    const female = i % 2 === 0;
    const c = h['contacts:create']({
      lastName: LAST_NAMES[i % 10] ?? '',
      firstName: FIRST_NAMES[(i * 3) % 10] ?? '',
      middleName: MIDDLE_NAMES[(i * 3) % 10] ?? '',
      phone: `+7916${String(2_000_000 + i * 104_729).slice(-7)}`,
      email: i % 3 === 0 ? null : `client${i + 1}@example.ru`,
      telegramChatId: i % 5 === 0 ? String(100_000_000 + i) : null,
      attributes: i % 4 === 0 ? { город: female ? 'Тула' : 'Калуга' } : {},
      groupIds: [...(i % 2 === 0 ? [regular.id] : []), ...(i % 5 === 0 ? [wholesale.id] : [])],
    });
    if (i % 7 === 3) h['contacts:set-opt-out']({ id: c.id, channel: 'sms', optedOut: true, reason: 'Жалоба' });
    if (i % 11 === 4 && c.email) h['contacts:set-opt-out']({ id: c.id, channel: 'email', optedOut: true, reason: '' });
  }
}

describe.skipIf(!runE2e)('База абонентов (e2e)', () => {
  const browser = sharedBrowser();

  it(
    'adds, finds, edits, opts out and deletes a contact; validates; switches to English',
    { timeout: 90_000 },
    async () => {
      await withApp(browser(), { seed }, async (app, page) => {
        const table = page.getByTestId('contact-table');
        const rows = page.getByTestId('contact-row');
        await expect.poll(() => table.getAttribute('data-total')).toBe(String(SEEDED));
        expect(plain(await page.getByTestId('contact-count').textContent())).toBe(`Контактов: ${SEEDED}`);
        await expect.poll(() => page.getByTestId('group-item').count()).toBe(3);
        await screenshot(page, 'base-ru.png');

        // Add a contact the way people type a Russian number.
        await page.getByTestId('add-contact').click();
        const dialog = page.getByTestId('contact-dialog');
        await dialog.getByTestId('field-lastName').fill('Иванов');
        await dialog.getByTestId('field-firstName').fill('Иван');
        await dialog.getByTestId('field-middleName').fill('Иванович');
        await dialog.getByTestId('field-phone').fill('8 920 746-00-22');
        await dialog.getByTestId('field-email').fill('ivanov@example.ru');
        await dialog.getByText('Сохранится как +79207460022').waitFor();
        await dialog.getByTestId('contact-save').click();
        await dialog.waitFor({ state: 'detached' });
        await expect.poll(() => table.getAttribute('data-total')).toBe(String(SEEDED + 1));

        // Find it by search.
        await page.getByTestId('search').fill('Иванов');
        await expect.poll(() => rows.count()).toBe(1);
        const row = rows.first();
        await expect.poll(() => row.textContent()).toContain('Иванов Иван Иванович');
        expect(await row.textContent()).toContain('+7 920 746 00 22');
        expect(await row.textContent()).toContain('ivanov@example.ru');

        // Open the card and edit the first name.
        await row.click();
        const card = page.locator('[data-testid="contact-card"][data-ready="true"]');
        await card.waitFor();
        expect(await card.getByTestId('card-name').textContent()).toBe('Иванов Иван Иванович');
        await card.getByTestId('card-edit').click();
        await dialog.getByTestId('field-firstName').waitFor();
        expect(await dialog.getByTestId('field-phone').inputValue()).toBe('+79207460022');
        await dialog.getByTestId('field-firstName').fill('Пётр');
        await dialog.getByTestId('contact-save').click();
        await dialog.waitFor({ state: 'detached' });
        await expect.poll(() => row.textContent()).toContain('Иванов Пётр Иванович');
        await expect.poll(() => card.getByTestId('card-name').textContent()).toBe('Иванов Пётр Иванович');

        // Switch SMS off with a reason; the history and the table show it.
        const sms = card.getByTestId('optout-sms');
        expect(await sms.getAttribute('aria-checked')).toBe('false');
        expect(await sms.textContent()).toContain('Не использовать SMS');
        await sms.click();
        const optDialog = page.getByTestId('optout-dialog');
        await optDialog.getByTestId('optout-reason').fill('Просьба клиента по телефону');
        await screenshot(page, 'optout-dialog-ru.png');
        await optDialog.getByTestId('confirm').click();
        await optDialog.waitFor({ state: 'detached' });
        await expect.poll(() => sms.getAttribute('aria-checked')).toBe('true');
        await expect
          .poll(() => card.getByTestId('optout-history').textContent())
          .toContain('Просьба клиента по телефону');
        await expect.poll(() => row.getByTestId('optout-badge-sms').count()).toBe(1);
        await screenshot(page, 'card-ru.png');

        // Record a consent: the source is required, the evidence is not; the ledger shows it at once.
        await card.getByTestId('consent-add').click();
        const consentForm = card.getByTestId('consent-form');
        const channels = consentForm.getByTestId('consent-channel');
        expect(await channels.locator('option').allTextContents()).toEqual(['SMS', 'E-mail', 'Telegram', 'WhatsApp']);
        await consentForm.getByTestId('consent-save').click();
        expect(await consentForm.getByTestId('consent-source-error').textContent()).toBe(
          'Укажите, где получено согласие',
        );
        await channels.selectOption('email');
        await consentForm.getByTestId('consent-source').fill('Анкета в магазине');
        await consentForm.getByTestId('consent-evidence').fill('Анкета №15 от 3 марта');
        await consentForm.scrollIntoViewIfNeeded();
        await screenshot(page, 'consent-form-ru.png');
        await consentForm.getByTestId('consent-save').click();
        await consentForm.waitFor({ state: 'detached' });
        const consent = card.getByTestId('consent-item');
        await expect.poll(() => consent.count()).toBe(1);
        expect(await consent.textContent()).toContain('E-mail · Анкета в магазине');
        expect(await consent.textContent()).toContain('Анкета №15 от 3 марта');
        expect(await consent.textContent()).toContain('ivanov@example.ru');
        const ledger = app.shell.core.handlers['contacts:get']({ id: Number(await card.getAttribute('data-id')) });
        expect(ledger.consents.map((c) => [c.channel, c.source, c.evidence])).toEqual([
          ['email', 'Анкета в магазине', 'Анкета №15 от 3 марта'],
        ]);
        await screenshot(page, 'consent-ru.png');
        await card.getByTestId('card-close').click();
        await card.waitFor({ state: 'detached' });

        // A bad phone is refused on the spot, with the value in the message.
        await page.getByTestId('add-contact').click();
        await dialog.getByTestId('field-phone').fill('12345');
        await dialog.getByTestId('field-phone').press('Tab');
        await expect.poll(() => dialog.getByTestId('error-phone').textContent()).toBe('Неверный номер телефона: 12345');
        await dialog.getByTestId('field-email').fill('not-an-email');
        await dialog.getByTestId('contact-save').click();
        await expect.poll(() => dialog.getByTestId('error-email').textContent()).toBe('Неверный e-mail');
        await screenshot(page, 'validation-ru.png');
        // The core's own refusal lands under the field it names.
        await dialog.getByTestId('field-phone').fill('+7 (920) 746-00-22');
        await dialog.getByTestId('field-email').fill('');
        await dialog.getByTestId('contact-save').click();
        await expect
          .poll(() => dialog.getByTestId('error-phone').textContent())
          .toBe('Контакт с таким телефоном уже есть');
        await page.keyboard.press('Escape');
        await dialog.waitFor({ state: 'detached' });
        // Focus goes back to the button that opened the dialog.
        expect(await page.getByTestId('add-contact').evaluate((el: unknown) => el === document.activeElement)).toBe(
          true,
        );
        expect(plain(await page.getByTestId('contact-count').textContent())).toBe('Контактов: 1');

        // Delete it with confirmation.
        await row.getByTestId('row-check').click();
        const del = page.getByTestId('delete-selected');
        expect(await del.textContent()).toContain('Удалить (1)');
        await del.click();
        const confirm = page.getByTestId('confirm-dialog');
        expect(await confirm.textContent()).toContain('Иванов Пётр Иванович');
        await confirm.getByTestId('confirm').click();
        await confirm.waitFor({ state: 'detached' });
        await page.getByTestId('table-empty').waitFor();
        expect(await rows.count()).toBe(0);
        expect(app.shell.core.handlers['contacts:list']({ query: 'Иванов', offset: 0, limit: 10 }).total).toBe(0);

        // English, persisted through settings.
        await page.getByTestId('search').fill('');
        await expect.poll(() => table.getAttribute('data-total')).toBe(String(SEEDED));
        await page.getByTestId('lang-en').click();
        await expect.poll(() => page.getByTestId('nav-base').textContent()).toBe('Subscriber base');
        expect(plain(await page.getByTestId('contact-count').textContent())).toBe(`Contacts: ${SEEDED}`);
        expect(await page.getByTestId('add-contact').textContent()).toBe('Add contact');
        await expect.poll(() => app.shell.core.handlers['settings:get']().locale).toBe('en');
        await page.locator('[data-testid="contact-table"][data-ready="true"]').waitFor();
        await screenshot(page, 'base-en.png');

        // The language survives a reload.
        await page.reload();
        await page.locator('[data-testid="contact-table"][data-ready="true"]').waitFor();
        expect(await page.getByTestId('nav-base').textContent()).toBe('Subscriber base');
        await rows.first().click();
        await card.waitFor();
        expect(await card.getByTestId('optout-sms').textContent()).toContain('Do not use SMS');
        await screenshot(page, 'card-en.png');
        // No e-mail address, so no e-mail consent to record.
        await card.getByTestId('consent-add').click();
        expect(await card.getByTestId('consent-channel').locator('option').allTextContents()).toEqual([
          'SMS',
          'Telegram',
          'WhatsApp',
        ]);
      });
    },
  );

  it(
    'groups and segments: create, add selected, filter, remove from group, delete; save a search as a segment',
    { timeout: 60_000 },
    async () => {
      await withApp(browser(), { seed }, async (app, page) => {
        const table = page.getByTestId('contact-table');
        const rows = page.getByTestId('contact-row');

        await page.getByTestId('group-create').click();
        await page.getByTestId('group-name').fill('Тест');
        await page.getByTestId('group-save').click();
        const group = page.getByTestId('group-item').filter({ hasText: 'Тест' });
        await group.waitFor();

        // Shift-click selects a range of rows.
        await rows.nth(1).getByTestId('row-check').click();
        await rows
          .nth(4)
          .getByTestId('row-check')
          .click({ modifiers: ['Shift'] });
        expect(plain(await page.getByTestId('selection-bar').textContent())).toContain('Выбрано: 4');
        await screenshot(page, 'selection-ru.png');
        await page.getByTestId('add-to-group').click();
        const addDialog = page.getByTestId('add-to-group-dialog');
        await screenshot(page, 'add-to-group-ru.png');
        await addDialog.getByText('Тест').click();
        await addDialog.getByTestId('confirm').click();
        await addDialog.waitFor({ state: 'detached' });
        await expect.poll(async () => plain(await group.textContent())).toBe('Тест4');

        await group.click();
        await expect.poll(() => table.getAttribute('data-total')).toBe('4');
        expect(await page.getByTestId('view-title').textContent()).toBe('Тест');
        await page.getByTestId('select-visible').check();
        await page.getByTestId('remove-from-group').click();
        await page.getByTestId('table-empty').waitFor();
        await expect.poll(async () => plain(await group.textContent())).toBe('Тест0');

        await group.hover();
        await page.getByTestId('group-delete').filter({ visible: true }).click();
        await page.getByTestId('confirm').click();
        await group.waitFor({ state: 'detached' });
        expect(await page.getByTestId('view-title').textContent()).toBe('Все контакты');
        await expect.poll(() => table.getAttribute('data-total')).toBe(String(SEEDED));

        // Save a search as a segment; it then lists the same people without the search box.
        await page.getByTestId('search').fill('Смирнова');
        await expect.poll(() => table.getAttribute('data-total')).toBe('4');
        await page.getByTestId('save-segment').click();
        await page.getByTestId('segment-name').fill('Все Смирновы');
        await screenshot(page, 'segment-dialog-ru.png');
        await page.getByTestId('segment-save').click();
        const segment = page.getByTestId('segment-item').filter({ hasText: 'Все Смирновы' });
        await segment.waitFor();
        expect(await segment.getAttribute('aria-current')).toBe('true');
        expect(await page.getByTestId('search').inputValue()).toBe('');
        expect(await page.getByTestId('view-title').textContent()).toBe('Все Смирновы');
        await expect.poll(() => table.getAttribute('data-total')).toBe('4');
        await screenshot(page, 'segment-ru.png');
        await page.getByTestId('view-all').click();
        await expect.poll(() => table.getAttribute('data-total')).toBe(String(SEEDED));
        await segment.hover();
        await page.getByTestId('segment-delete').filter({ visible: true }).click();
        await page.getByTestId('confirm').click();
        await segment.waitFor({ state: 'detached' });
      });
    },
  );
  it('selects all matches, unticks one and deletes the rest after a confirmation naming the count', async () => {
    await withApp(browser(), { seed }, async (_app, page) => {
      const table = page.getByTestId('contact-table');
      await page.getByTestId('select-visible').check();
      const visible = await page.locator('.row.is-selected').count();
      expect(visible).toBeLessThan(SEEDED);
      const count = page.getByTestId('selection-count');
      expect(plain(await count.textContent())).toBe(`Выбрано: ${visible}`);
      const selectAll = page.getByTestId('select-all-matches');
      expect(plain(await selectAll.textContent())).toBe(`Выбрать все ${SEEDED} контактов`);
      await selectAll.click();
      expect(plain(await count.textContent())).toBe(`Выбрано: ${SEEDED}`);
      await screenshot(page, 'select-all-ru.png');

      // Rows below the screen are selected too; untick the last one.
      await table.evaluate((el: unknown) => {
        const t = el as { scrollTop: number; scrollHeight: number };
        t.scrollTop = t.scrollHeight;
      });
      const last = page.locator(`[data-testid="contact-row"][data-index="${SEEDED - 1}"]`);
      await last.waitFor();
      expect(await last.getAttribute('aria-selected')).toBe('true');
      const keptId = await last.getAttribute('data-id');
      await last.getByTestId('row-check').click();
      await expect.poll(async () => plain(await count.textContent())).toBe(`Выбрано: ${SEEDED - 1}`);

      // Into a new group, named in the add dialog next to the existing ones.
      await page.getByTestId('add-to-group').click();
      const addDialog = page.getByTestId('add-to-group-dialog');
      await addDialog.getByTestId('group-choice-new').check();
      await addDialog.getByTestId('new-group-name').fill('Почти все');
      await addDialog.getByTestId('confirm').click();
      await addDialog.waitFor({ state: 'detached' });
      const group = page.getByTestId('group-item').filter({ hasText: 'Почти все' });
      await expect.poll(async () => plain(await group.textContent())).toBe(`Почти все${SEEDED - 1}`);
      expect(plain(await count.textContent())).toBe(`Выбрано: ${SEEDED - 1}`);

      await page.getByTestId('delete-selected').click();
      const confirm = page.getByTestId('confirm-dialog');
      expect(plain(await confirm.textContent())).toContain(
        `Будет удалено контактов: ${SEEDED - 1} — все, кто есть в этом списке`,
      );
      await screenshot(page, 'delete-all-ru.png');
      await confirm.getByTestId('confirm').click();
      await confirm.waitFor({ state: 'detached' });
      await expect.poll(() => table.getAttribute('data-total')).toBe('1');
      expect(await page.getByTestId('contact-row').first().getAttribute('data-id')).toBe(keptId);
      expect(await page.getByTestId('selection-bar').count()).toBe(0);
    });
  });
});
