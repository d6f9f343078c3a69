import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { countSms } from '../../shared/domain/sms';
import { startWebShell, type WebShell } from '../../electron/core/web/server';
import { plain, runE2e, screenshot, sharedBrowser } from './support';
import { kannelMissing, kannelRequired, pollUntil, startKannel } from '../peers/kannel';

/**
 * "Настройки" and "Тестовая отправка" driven as a user would, through the web shell and the real core: the
 * sandbox account configured and checked, a test SMS in Cyrillic with its live counter, the message id and
 * status, "Проверить статус", a refusal in words; an account whose check fails; secrets that never come back
 * to the page; the passphrase panel; Send on a contact card despite an opt-out. Waits are on data attributes
 * and on text appearing, never on timers.
 */

const PASSPHRASE = 'e2e passphrase for the vault';

interface Session {
  shell: WebShell;
  page: Page;
  errors: string[];
  close(): Promise<void>;
}

/**
 * Like support.ts's openApp, with what these screens need: the vault unlocked by a passphrase at start (null:
 * left new, for the unlock panel) and a short provider time limit.
 */
async function open(
  browser: Browser,
  opts: { passphrase?: string | null; seed?: (shell: WebShell) => Promise<void> | void; dataDir?: string } = {},
): Promise<Session> {
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'vestnik-channels-e2e-'));
  const passphrase = opts.passphrase === undefined ? PASSPHRASE : (opts.passphrase ?? undefined);
  const shell = await startWebShell({ dataDir, port: 0, passphrase, providerTimeoutMs: 3000 });
  const cleanup = async () => {
    await shell.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    if (opts.seed) await opts.seed(shell);
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'ru-RU' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
    page.on('response', (res) => {
      if (res.status() >= 400) errors.push(`HTTP ${res.status()} ${new URL(res.url()).pathname}`);
    });
    page.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
    });
    await page.goto(shell.url);
    await page.locator('[data-testid="contact-table"][data-ready="true"]').waitFor();
    return {
      shell,
      page,
      errors,
      close: async () => {
        await context.close();
        await cleanup();
      },
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}

async function withSession(
  browser: Browser,
  opts: Parameters<typeof open>[1],
  body: (s: Session, page: Page) => Promise<void>,
): Promise<void> {
  const s = await open(browser, opts);
  try {
    await body(s, s.page);
    expect(s.errors).toEqual([]);
  } finally {
    await s.close();
  }
}

async function openSettings(page: Page): Promise<void> {
  await page.getByTestId('nav-settings').click();
  await page.locator('[data-testid="settings-screen"][data-ready="true"]').waitFor();
}

async function openTestSend(page: Page): Promise<void> {
  await page.getByTestId('nav-test').click();
  await page.locator('[data-testid="test-send-screen"][data-ready="true"]').waitFor();
}

const text = async (l: Locator) => plain(await l.textContent());

/** A sandbox SMS account saved straight through the core (for tests about other screens). */
async function seedSandbox(shell: WebShell): Promise<void> {
  await shell.core.handlers['accounts:save']({
    account: { name: 'Песочница', provider: 'sandbox', settings: { channel: 'sms', deliverySeconds: '0' } },
  });
}

describe.skipIf(!runE2e)('Настройки и тестовая отправка (e2e)', () => {
  const browser = sharedBrowser();

  it(
    'configures the sandbox, sends a Cyrillic test SMS, checks its status, and shows a refusal in words',
    { timeout: 90_000 },
    async () => {
      await withSession(browser(), {}, async (_s, page) => {
        await openSettings(page);
        await page.getByTestId('accounts-empty').waitFor();
        expect(await page.getByTestId('vault-panel').count()).toBe(0);
        await screenshot(page, 'settings-empty-ru.png');

        // Add an account: the sandbox is first and says it sends nothing.
        await page.getByTestId('account-add').click();
        const dialog = page.getByTestId('account-dialog');
        await dialog.getByTestId('provider-list').waitFor();
        expect(await dialog.getByTestId('provider-sandbox').isChecked()).toBe(true);
        expect(await text(dialog.locator('.provider-choice').first())).toContain('Песочница — ничего не отправляется');
        await screenshot(page, 'account-provider-ru.png');
        await dialog.getByTestId('account-next').click();

        // The form comes from the provider's descriptors, defaults filled in.
        const form = dialog.locator('[data-testid="account-form"][data-provider="sandbox"]');
        await form.waitFor();
        expect(await form.getByTestId('account-field-channel').inputValue()).toBe('sms');
        expect(await form.getByTestId('account-field-deliverySeconds').inputValue()).toBe('3');
        expect(await form.getByTestId('account-field-pricePerPart').inputValue()).toBe('3.5');
        expect(await form.getByTestId('account-name-input').inputValue()).toBe('Песочница (без отправки)');
        await form.getByTestId('account-field-deliverySeconds').fill('0');
        await screenshot(page, 'account-form-sandbox-ru.png');
        await dialog.getByTestId('account-save').click();
        await dialog.waitFor({ state: 'detached' });

        // Saved and checked: the account under SMS, default, with the check's answer.
        const item = page.locator('[data-testid="accounts-sms"] [data-testid="account-item"]');
        await expect.poll(() => item.count()).toBe(1);
        await expect.poll(() => item.getAttribute('data-check')).toBe('ok');
        expect(await item.getAttribute('data-default')).toBe('true');
        expect(await text(item.getByTestId('account-note-title'))).toBe('Настройки сохранены и проверены');
        expect(await text(item.getByTestId('account-note-detail'))).toBe(
          'Песочница: ничего не отправляется по-настоящему',
        );
        expect(await text(item.getByTestId('account-last-check'))).toMatch(/^Проверена .+: Песочница/);
        await screenshot(page, 'settings-sandbox-ru.png');

        // Balance and sender names, as the Devino module's settings tab offers them.
        await item.getByTestId('account-balance').click();
        await expect.poll(() => text(item.getByTestId('account-balance-value'))).toBe('1 000,00 ₽');
        await item.getByTestId('account-senders').click();
        await expect.poll(() => text(item.getByTestId('account-senders-list'))).toBe('Vestnik');
        await screenshot(page, 'settings-senders-ru.png');

        // Test send: the SMS channel and its default account are preselected. (The "saved" notice goes first, so
        // it does not cover the screenshots.)
        await page.getByTestId('toast').waitFor({ state: 'detached' });
        await openTestSend(page);
        const sendForm = page.getByTestId('test-form');
        await sendForm.waitFor();
        expect(await page.getByTestId('test-channel-sms').getAttribute('aria-checked')).toBe('true');
        expect(await page.getByTestId('test-channel-email').isDisabled()).toBe(true);
        await page.getByTestId('test-sandbox-notice').waitFor();
        expect(await text(page.getByTestId('last-message'))).toContain('Сообщений пока не было');

        const body = 'Здравствуйте! Ваш заказ № 1042 собран и ждёт вас в магазине на Ленина, 5 до 20:00. Вестник';
        const expected = countSms(body);
        expect(expected.encoding).toBe('ucs2');
        expect(expected.parts).toBe(2);
        await page.getByTestId('test-to').fill('+7 916 123-45-67');
        await page.getByTestId('send-text').fill(body);
        const counter = page.getByTestId('sms-counter');
        await expect.poll(() => counter.getAttribute('data-parts')).toBe('2');
        expect(await counter.getAttribute('data-encoding')).toBe('ucs2');
        expect(await text(page.getByTestId('sms-counter-summary'))).toBe(
          `Символов: ${expected.characters} · SMS: 2 · до следующей части: ${expected.remaining}`,
        );
        expect(await text(page.getByTestId('sms-counter-encoding'))).toContain('UCS-2');
        expect(await text(page.getByTestId('sms-counter-encoding'))).toBe(
          'Кодировка UCS-2: 70 символов в SMS, 67 — в части длинной',
        );
        expect(await text(page.getByTestId('sms-counter-cause'))).toMatch(/^UCS-2 из-за символов: «З», «д»/);
        await expect
          .poll(() => text(page.getByTestId('cost-estimate')))
          .toBe('Стоимость ≈ 7,00 ₽ — по данным провайдера');
        await screenshot(page, 'test-send-form-ru.png');

        // Send: the message id, the status in words, parts and cost.
        await page.getByTestId('test-send').click();
        const view = page.getByTestId('message-view');
        await expect.poll(() => view.getAttribute('data-status')).toBe('sent');
        const id = await view.getAttribute('data-id');
        expect(id).toMatch(/^[0-9a-f-]{36}$/);
        expect(await text(view.getByTestId('msg-id'))).toBe(id);
        expect(await text(view.getByTestId('msg-status'))).toBe('Отправлено');
        expect(await text(view.getByTestId('msg-to'))).toBe('+7 916 123 45 67');
        expect(await text(view.getByTestId('msg-parts'))).toBe('2');
        expect(await text(view.getByTestId('msg-cost'))).toBe('7,00 ₽');
        expect(await text(view.getByTestId('msg-provider'))).toBe('accepted — Песочница: принято');
        await screenshot(page, 'test-send-sent-ru.png');

        // "Проверить статус": the sandbox delivers after its delay (0 s here).
        await view.getByTestId('msg-refresh').click();
        await expect.poll(() => view.getAttribute('data-status')).toBe('delivered');
        expect(await text(view.getByTestId('msg-status'))).toBe('Доставлено');
        expect(await text(view.getByTestId('msg-provider'))).toBe('delivered — Песочница: доставлено');
        expect(await text(view.getByTestId('msg-created'))).toMatch(/\d{2}:\d{2}:\d{2}/);
        expect(await text(view.getByTestId('msg-sent'))).toMatch(/\d{2}:\d{2}:\d{2}/);
        expect(await text(view.getByTestId('msg-status-at'))).toMatch(/\d{2}:\d{2}:\d{2}/);
        await screenshot(page, 'test-send-delivered-ru.png');

        // A number ending in 0000: the provider refuses it, in its words and ours.
        await page.getByTestId('test-to').fill('+7 916 000-00-00');
        await page.getByTestId('test-send').click();
        await expect.poll(() => view.getAttribute('data-status')).toBe('failed');
        expect(await view.getAttribute('data-id')).not.toBe(id);
        expect(await text(view.getByTestId('msg-status'))).toBe('Не доставлено');
        expect(await text(view.getByTestId('msg-provider'))).toBe(
          'bad_number — Песочница: такого номера нет (оканчивается на 0000)',
        );
        expect(await text(view.getByTestId('msg-hint'))).toContain('Провайдер не принял получателя');
        const history = page.getByTestId('history-item');
        await expect.poll(() => history.count()).toBe(2);
        expect(await history.first().getAttribute('data-status')).toBe('failed');
        expect(await history.nth(1).getAttribute('data-status')).toBe('delivered');
        await screenshot(page, 'test-send-refused-ru.png');

        // "Отправить не ранее": tomorrow at 09:30 by this computer's clock, its time zone shown.
        await page.getByTestId('test-to').fill('+7 916 123-45-67');
        await page.getByTestId('test-later').check();
        expect(await text(page.getByTestId('test-later-zone'))).toMatch(
          /^Время этого компьютера: .*UTC[+-]\d{2}:\d{2}$/,
        );
        const tomorrow = await page.evaluate(() => {
          const d = new Date();
          d.setDate(d.getDate() + 1);
          return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
        });
        await page.getByTestId('test-later-date').fill(tomorrow);
        await page.getByTestId('test-later-time').fill('09:30');
        expect(await text(page.getByTestId('test-send'))).toBe('Запланировать');
        await screenshot(page, 'test-send-later-ru.png');
        await page.getByTestId('test-send').click();
        await expect.poll(() => view.getAttribute('data-status')).toBe('scheduled');
        expect(await text(view.getByTestId('msg-status'))).toBe('Запланировано');
        expect(await text(view.getByTestId('msg-hint'))).toMatch(/^Уйдёт не ранее .*09:30:00/);
        expect(await text(view.getByTestId('msg-send-at'))).toContain('09:30:00');
        await expect.poll(() => history.count()).toBe(3);

        // After a reload the last message is still there.
        await page.reload();
        await page.locator('[data-testid="contact-table"][data-ready="true"]').waitFor();
        await openTestSend(page);
        await expect.poll(() => view.getAttribute('data-status')).toBe('scheduled');

        // The same in English.
        await page.getByTestId('lang-en').click();
        await expect.poll(() => text(view.getByTestId('msg-status'))).toBe('Scheduled');
        expect(await text(page.getByTestId('last-message').locator('h2'))).toBe('Last message');
        await screenshot(page, 'test-send-en.png');
        await openSettings(page);
        expect(await text(page.getByTestId('account-last-check'))).toMatch(/^Checked /);
        await screenshot(page, 'settings-en.png');
      });
    },
  );

  it(
    'keeps an account whose check fails, says why in words, and never shows its secret',
    { timeout: 60_000 },
    async () => {
      const secret = 'e2e-smsru-api-key-5f1c0b9d';
      await withSession(browser(), {}, async (_s, page) => {
        await openSettings(page);
        await page.getByTestId('account-add').click();
        const dialog = page.getByTestId('account-dialog');
        await dialog.getByTestId('provider-smsru').check();
        await dialog.getByTestId('account-next').click();
        const form = dialog.locator('[data-testid="account-form"][data-provider="smsru"]');
        await form.waitFor();
        expect(await form.getByTestId('account-field-baseUrl').inputValue()).toBe('https://sms.ru');
        expect(await form.getByTestId('account-field-testMode').isChecked()).toBe(false);
        expect(await form.getByTestId('account-field-apiId').getAttribute('type')).toBe('password');

        // A required secret left empty is refused before anything is sent.
        await dialog.getByTestId('account-save').click();
        await form.getByText('Введите значение — без него провайдер не примет запрос').waitFor();

        await form.getByTestId('account-field-apiId').fill(secret);
        await form.getByTestId('account-field-baseUrl').fill('http://127.0.0.1:9');
        await form.getByTestId('account-field-sender').fill('SHOP');
        await dialog.getByTestId('account-save').click();

        // Saved but not verified: the provider's words and what they mean; the dialog stays for a fix.
        const check = dialog.getByTestId('account-dialog-check');
        await check.waitFor();
        expect(await check.getAttribute('data-ok')).toBe('false');
        expect(await text(check.getByTestId('account-dialog-check-title'))).toBe(
          'Настройки сохранены, но проверка не прошла',
        );
        expect(await text(check.getByTestId('account-dialog-check-detail'))).toContain('127.0.0.1:9');
        expect(await text(check.getByTestId('account-dialog-check-meaning'))).toContain(
          'Провайдер недоступен, попробуйте позже',
        );
        // The secret went to the core and is gone from the page: the field is empty and says "задан".
        expect(await form.getByTestId('account-field-apiId').inputValue()).toBe('');
        await form.getByTestId('account-field-apiId-set').waitFor();
        expect(await form.getByTestId('account-field-apiId').getAttribute('placeholder')).toBe(
          'Оставьте пустым, чтобы не менять',
        );
        expect(await page.content()).not.toContain(secret);
        await screenshot(page, 'account-check-failed-ru.png');

        await dialog.locator('.modal-footer').getByText('Закрыть').click();
        await dialog.waitFor({ state: 'detached' });
        const item = page.locator('[data-testid="accounts-sms"] [data-testid="account-item"]');
        await expect.poll(() => item.getAttribute('data-check')).toBe('failed');
        expect(await item.getAttribute('data-provider')).toBe('smsru');
        expect(await text(item.getByTestId('account-last-check'))).toMatch(/^Проверка не прошла .+127\.0\.0\.1:9/);
        expect(await text(item.getByTestId('account-note-meaning'))).toContain('Провайдер недоступен');
        expect(await page.content()).not.toContain(secret);
        await screenshot(page, 'settings-failed-ru.png');

        // "Проверить" again: the same answer, still listed.
        // The note of the save is still shown until the check answers: wait for the check's own words.
        await item.getByTestId('account-check').click();
        await expect.poll(() => text(item.getByTestId('account-note-title'))).toBe('Проверка не прошла');
        expect(await item.getByTestId('account-note').getAttribute('data-ok')).toBe('false');

        // Editing it: the secret field is empty; saving without typing one keeps the stored secret.
        await item.getByTestId('account-edit').click();
        const edit = page.locator('[data-testid="account-form"][data-provider="smsru"]');
        await edit.waitFor();
        expect(await edit.getByTestId('account-field-apiId').inputValue()).toBe('');
        await edit.getByTestId('account-field-apiId-set').waitFor();
        expect(await edit.getByTestId('account-field-sender').inputValue()).toBe('SHOP');
        await edit.getByTestId('account-field-sender').fill('SHOP2');
        await dialog.getByTestId('account-save').click();
        await expect
          .poll(() => text(dialog.getByTestId('account-dialog-check-title')))
          .toBe('Настройки сохранены, но проверка не прошла');
        expect(await page.content()).not.toContain(secret);
        await dialog.locator('.modal-footer').getByText('Закрыть').click();
        const accounts = await page.evaluate(async () => {
          const res = await fetch('/api/accounts:list', {
            method: 'POST',
            body: '{}',
            headers: { 'content-type': 'application/json' },
          });
          return (await res.json()) as {
            ok: boolean;
            value: { secretsSet: string[]; settings: Record<string, string> }[];
          };
        });
        expect(accounts.value[0]?.secretsSet).toEqual(['apiId']);
        expect(accounts.value[0]?.settings.sender).toBe('SHOP2');
        expect(JSON.stringify(accounts)).not.toContain(secret);

        // Deleting asks first.
        await item.getByTestId('account-remove').click();
        await page.getByTestId('confirm-dialog').getByText('Удалить учётную запись «SMS — SMS.ru»?').waitFor();
        await page.getByTestId('confirm').click();
        await page.getByTestId('accounts-empty').waitFor();
      });
    },
  );

  it('asks for a new passphrase when the vault has none, then hides the panel', { timeout: 60_000 }, async () => {
    await withSession(browser(), { passphrase: null }, async (_s, page) => {
      await openSettings(page);
      const panel = page.locator('[data-testid="vault-panel"][data-state="new"]');
      await panel.waitFor();
      expect(await text(panel)).toContain('Придумайте парольную фразу');
      await panel.getByTestId('vault-passphrase').fill('короткая');
      await panel.getByTestId('vault-repeat').fill('другая фраза');
      await panel.getByTestId('vault-submit').click();
      await expect.poll(() => text(panel.getByTestId('vault-error'))).toBe('Фразы не совпадают');
      await screenshot(page, 'settings-vault-new-ru.png');
      await panel.getByTestId('vault-repeat').fill('короткая');
      await panel.getByTestId('vault-submit').click();
      await page.getByTestId('vault-panel').waitFor({ state: 'detached' });
      expect(await text(page.getByTestId('toast'))).toContain('Парольная фраза создана');
    });
  });

  it(
    'a locked vault: the account says it needs the passphrase, a check says so, unlocking fixes it',
    {
      timeout: 60_000,
    },
    async () => {
      // A first run stores an account with a secret under the passphrase; the second starts locked.
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vestnik-channels-e2e-'));
      const first = await startWebShell({ dataDir, port: 0, passphrase: PASSPHRASE, providerTimeoutMs: 3000 });
      try {
        await first.core.handlers['accounts:save']({
          account: {
            name: 'SMS.ru',
            provider: 'smsru',
            settings: { baseUrl: 'http://127.0.0.1:9' },
            secrets: { apiId: 'e2e-locked-key' },
          },
        });
      } finally {
        await first.close();
      }
      await withSession(browser(), { dataDir, passphrase: null }, async (_s, page) => {
        await openSettings(page);
        const panel = page.locator('[data-testid="vault-panel"][data-state="locked"]');
        await panel.waitFor();
        const item = page.getByTestId('account-item');
        await item.getByTestId('account-needs-vault').waitFor();
        await item.getByTestId('account-check').click();
        await expect
          .poll(() => text(item.getByTestId('account-note')))
          .toBe('Пароли и ключи закрыты: введите парольную фразу вверху экрана «Настройки»');
        await screenshot(page, 'settings-vault-locked-ru.png');

        await panel.getByTestId('vault-passphrase').fill('не та фраза');
        await panel.getByTestId('vault-submit').click();
        await expect.poll(() => text(panel.getByTestId('vault-error'))).toBe('Неверная парольная фраза');
        await panel.getByTestId('vault-passphrase').fill(PASSPHRASE);
        await panel.getByTestId('vault-submit').click();
        await page.getByTestId('vault-panel').waitFor({ state: 'detached' });
        expect(await item.getByTestId('account-needs-vault').count()).toBe(0);
        // Now the check reaches the (unreachable) provider: its words instead of the vault's.
        await item.getByTestId('account-check').click();
        await expect.poll(() => item.getByTestId('account-note').getAttribute('data-ok')).toBe('false');
        expect(await text(item.getByTestId('account-note-detail'))).toContain('127.0.0.1:9');
        expect(await page.content()).not.toContain('e2e-locked-key');
      });
    },
  );

  it('e-mail and WhatsApp forms; switching accounts keeps the text', { timeout: 60_000 }, async () => {
    const seed = async (shell: WebShell) => {
      const save = shell.core.handlers['accounts:save'];
      await seedSandbox(shell);
      await save({ account: { name: 'Песочница 2', provider: 'sandbox', settings: { channel: 'sms' } } });
      await save({ account: { name: 'Почта (песочница)', provider: 'sandbox', settings: { channel: 'email' } } });
      await save({ account: { name: 'WhatsApp (песочница)', provider: 'sandbox', settings: { channel: 'whatsapp' } } });
    };
    await withSession(browser(), { seed }, async (_s, page) => {
      await openTestSend(page);
      const account = page.getByTestId('test-account');
      expect(await account.locator('option:checked').textContent()).toBe('Песочница (основная)');
      await page.getByTestId('send-text').fill('Проверка');
      await account.selectOption({ label: 'Песочница 2' });
      expect(await page.getByTestId('send-text').inputValue()).toBe('Проверка');
      expect(await page.getByTestId('test-channel-telegram').isDisabled()).toBe(true);

      // E-mail: a subject is required; an HTML version on request; no SMS counter.
      await page.getByTestId('test-channel-email').click();
      await page.getByTestId('send-subject').waitFor();
      expect(await page.getByTestId('sms-counter').count()).toBe(0);
      await page.getByTestId('test-to').fill('client@example.ru');
      await page.getByTestId('send-text').fill('Здравствуйте! Ваш заказ готов.');
      await page.getByTestId('test-send').click();
      await page.getByText('Укажите тему письма').waitFor();
      await page.getByTestId('send-subject').fill('Заказ № 1042 готов');
      await page.getByTestId('send-use-html').check();
      await page.getByTestId('send-html').fill('<p>Здравствуйте! Ваш <b>заказ</b> готов.</p>');
      await screenshot(page, 'test-send-email-ru.png');
      await page.getByTestId('test-send').click();
      const view = page.getByTestId('message-view');
      await expect.poll(() => view.getAttribute('data-status')).toBe('sent');
      expect(await text(view.getByTestId('msg-to'))).toBe('client@example.ru');
      expect(await text(view.getByTestId('msg-cost'))).toBe('0,00 ₽');

      // WhatsApp through the sandbox: no templates to choose from, so plain text.
      await page.getByTestId('test-channel-whatsapp').click();
      await page.getByTestId('templates-none').waitFor();
      expect(await text(page.getByTestId('templates-none'))).toBe(
        'У этой учётной записи нет шаблонов — уйдёт обычный текст.',
      );
      expect(await page.getByTestId('test-sender').count()).toBe(0);
      await page.getByTestId('send-text').waitFor();
      await screenshot(page, 'test-send-whatsapp-ru.png');

      // "Сделать основной": the mark moves within the channel, and the test send preselects the new default.
      await openSettings(page);
      const sms = page.locator('[data-testid="accounts-sms"] [data-testid="account-item"]');
      const second = sms.filter({ hasText: 'Песочница 2' });
      await second.getByTestId('account-default').click();
      await expect.poll(() => second.getAttribute('data-default')).toBe('true');
      expect(await sms.filter({ hasText: 'Песочница 2' }).getAttribute('data-default')).toBe('true');
      expect(await sms.filter({ hasNotText: 'Песочница 2' }).getAttribute('data-default')).toBe('false');
      await openTestSend(page);
      expect(await page.getByTestId('test-account').locator('option:checked').textContent()).toBe(
        'Песочница 2 (основная)',
      );
    });
  });

  it('sends from a contact card, warning that a single send ignores the opt-out', { timeout: 60_000 }, async () => {
    const seed = async (shell: WebShell) => {
      await seedSandbox(shell);
      const h = shell.core.handlers;
      const c = h['contacts:create']({ lastName: 'Орлова', firstName: 'Нина', phone: '+79035550001' });
      h['contacts:set-opt-out']({ id: c.id, channel: 'sms', optedOut: true, reason: 'Просьба клиента' });
    };
    await withSession(browser(), { seed }, async (_s, page) => {
      await page.getByTestId('contact-row').first().click();
      const card = page.locator('[data-testid="contact-card"][data-ready="true"]');
      await card.waitFor();
      await screenshot(page, 'card-send-button-ru.png');
      await card.getByTestId('card-send').click();
      const dialog = page.getByTestId('send-dialog');
      await dialog.getByTestId('send-to').waitFor();
      expect(await text(dialog.getByTestId('send-to'))).toBe('+7 903 555 00 01');
      expect(await dialog.getByTestId('send-channel-sms').getAttribute('aria-checked')).toBe('true');
      expect(await dialog.getByTestId('send-channel-whatsapp').isDisabled()).toBe(true);
      expect(await text(dialog.getByTestId('send-optout-warning'))).toBe(
        'Контакт отказался от SMS — одиночное сообщение всё равно будет отправлено',
      );
      await dialog.getByTestId('send-text').fill('Nina, your order is ready');
      expect(await dialog.getByTestId('sms-counter').getAttribute('data-encoding')).toBe('gsm7');
      await screenshot(page, 'card-send-ru.png');
      await dialog.getByTestId('send-submit').click();
      const view = dialog.getByTestId('message-view');
      await expect.poll(() => view.getAttribute('data-status')).toBe('sent');
      await view.getByTestId('msg-refresh').click();
      await expect.poll(() => view.getAttribute('data-status')).toBe('delivered');
      await screenshot(page, 'card-send-result-ru.png');
      await dialog.getByTestId('send-close').click();
      await dialog.waitFor({ state: 'detached' });

      // The message is on the test send screen's history too, tied to the contact.
      await openTestSend(page);
      await expect.poll(() => page.getByTestId('history-item').count()).toBe(1);
      expect(await page.getByTestId('message-view').getAttribute('data-status')).toBe('delivered');
    });
  });
  // The real Kannel gateway: configured in the form, saved and verified, a test SMS that the operator receives,
  // its delivery report reaching the app, shown by "Проверить статус".
  const kannelAbsent = kannelMissing();
  it.skipIf(kannelAbsent !== null && !kannelRequired())(
    'configures a Kannel account, sends a test SMS through the real gateway, and shows it delivered',
    { timeout: 90_000 },
    async () => {
      if (kannelAbsent) throw new Error(`CI needs Kannel: ${kannelAbsent}`);
      const kannel = await startKannel();
      try {
        await withSession(browser(), {}, async (_s, page) => {
          await openSettings(page);
          await page.getByTestId('account-add').click();
          const dialog = page.getByTestId('account-dialog');
          await dialog.getByTestId('provider-kannel').click();
          await dialog.getByTestId('account-next').click();
          await dialog.getByTestId('account-name-input').fill('Свой шлюз');
          await dialog.getByTestId('account-field-url').fill(kannel.sendsmsUrl);
          await dialog.getByTestId('account-field-username').fill(kannel.username);
          await dialog.getByTestId('account-field-password').fill(kannel.password);
          await dialog.getByTestId('account-field-from').fill('Vestnik');
          await screenshot(page, 'account-form-kannel-ru.png');
          await dialog.getByTestId('account-save').click();
          const item = page.locator('[data-testid="account-item"][data-check="ok"]');
          await item.waitFor();
          expect(await text(item.getByTestId('account-note-title'))).toBe('Настройки сохранены и проверены');
          expect(await page.content()).not.toContain(kannel.password);
          await screenshot(page, 'settings-kannel-ru.png');

          await page.getByTestId('toast').waitFor({ state: 'detached' });
          await openTestSend(page);
          await page.getByTestId('test-to').fill('8 920 746-00-22');
          await page.getByTestId('send-text').fill('Ваш заказ готов. Вестник');
          await page.getByTestId('test-send').click();
          const view = page.getByTestId('message-view');
          // Sent, or already delivered: the delivery report can beat the page's own update.
          await expect.poll(() => view.getAttribute('data-status')).toMatch(/^(sent|delivered)$/);
          await pollUntil('the SMS at the operator', () =>
            kannel.received().some((r) => r.text === 'Ваш заказ готов. Вестник'),
          );
          // The delivery report reaches the app by itself; "Проверить статус" shows it.
          await expect
            .poll(
              async () => {
                await view.getByTestId('msg-refresh').click();
                return view.getAttribute('data-status');
              },
              { timeout: 20_000 },
            )
            .toBe('delivered');
          expect(await text(view.getByTestId('msg-status'))).toBe('Доставлено');
          await screenshot(page, 'test-send-kannel-delivered-ru.png');
        });
      } finally {
        await kannel.stop();
      }
    },
  );
});
