import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { insertContactsBulk } from '../../electron/core/repos/contacts-bulk';
import { startWebShell, type WebShell } from '../../electron/core/web/server';
import { plain, runE2e, screenshot, sharedBrowser } from './support';

/**
 * "Рассылки" driven as a user would, through the web shell and the real core with its background dispatcher:
 * compose (a template error shown with its position, the variable picker, the live counter), the exact
 * message for a chosen contact, the cost preview (opted out, no address, parts, price, balance warning),
 * launch with its confirmation, pause right after, resume, finished with a notification; the list's words.
 * A recurring campaign: a preset, the next runs in the schedule's zone, a wrong expression that keeps the form
 * from saving, and after launch the schedule, the run and the next run on the detail and in the list.
 * Waits are on data attributes and on text appearing, never on timers.
 */

const PASSPHRASE = 'e2e passphrase for the vault';
const BULK = 3000;

const text = async (l: Locator) => plain(await l.textContent());
const count = async (page: Page, state: string) =>
  Number(await page.getByTestId(`count-${state}`).getAttribute('data-count'));

/**
 * A sandbox SMS account that delivers at once, 3,000 contacts, and three whose fate the preview shows. The account
 * sends at most 150 messages a second (its own rate setting), so the pause pressed right after launch comes long
 * before the budget stop at about 1,430 messages however fast the runner is.
 */
async function seed(shell: WebShell): Promise<void> {
  const h = shell.core.handlers;
  await h['accounts:save']({
    account: {
      name: 'Песочница',
      provider: 'sandbox',
      settings: { channel: 'sms', deliverySeconds: '0', ratePerSecond: '150' },
    },
  });
  insertContactsBulk(
    shell.core.db,
    Array.from({ length: BULK }, (_, i) => ({
      phone: `+7900${String(i + 1).padStart(7, '0')}`,
      email: null,
      lastName: 'Покупатель',
      firstName: i % 3 === 0 ? '' : 'Пётр',
      middleName: '',
      telegramChatId: null,
      attributes: {},
    })),
    new Date().toISOString(),
    'e2e',
  );
  h['contacts:create']({ lastName: 'Иванова', firstName: 'Анна', phone: '+79161234567' });
  const boris = h['contacts:create']({ lastName: 'Отписанный', firstName: 'Борис', phone: '+79161112233' });
  h['contacts:set-opt-out']({ id: boris.id, channel: 'sms', optedOut: true, reason: 'просил не писать' });
  h['contacts:create']({ lastName: 'Безномерная', firstName: 'Вера', email: 'vera@example.ru' });
}

/** A sandbox SMS account and two contacts: enough for a campaign that only waits for its schedule. */
async function seedSmall(shell: WebShell): Promise<void> {
  const h = shell.core.handlers;
  await h['accounts:save']({
    account: { name: 'Песочница', provider: 'sandbox', settings: { channel: 'sms', deliverySeconds: '0' } },
  });
  h['contacts:create']({ lastName: 'Иванова', firstName: 'Анна', phone: '+79161234567' });
  h['contacts:create']({ lastName: 'Петров', firstName: 'Пётр', phone: '+79161234568' });
}

/** "пн, 7 декабря 2026, 10:00": a run as the compose form lists it. */
const RUN = (weekday: string, time: string) => `${weekday}, \\d{1,2} [а-я]+ \\d{4}, ${time}`;

describe.skipIf(!runE2e)('Рассылки (e2e)', () => {
  const browser = sharedBrowser();

  it(
    'composes, previews for a contact, shows the cost, launches, pauses, resumes and finishes',
    { timeout: 180_000 },
    async () => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vestnik-campaigns-e2e-'));
      const shell = await startWebShell({ dataDir, port: 0, passphrase: PASSPHRASE, providerTimeoutMs: 3000 });
      const context = await browser().newContext({ viewport: { width: 1280, height: 860 }, locale: 'ru-RU' });
      const errors: string[] = [];
      try {
        await seed(shell);
        const page = await context.newPage();
        page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
        page.on('response', (res) => {
          if (res.status() >= 400) errors.push(`HTTP ${res.status()} ${new URL(res.url()).pathname}`);
        });
        page.on('console', (msg) => {
          if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
        });
        await page.goto(shell.url);
        await page.locator('[data-testid="contact-table"][data-ready="true"]').waitFor();

        // The sidebar's "Рассылки" is a real screen now; with none yet it says what a campaign is.
        await page.getByTestId('nav-campaigns').click();
        await page.locator('[data-testid="campaigns-screen"][data-ready="true"]').waitFor();
        await page.getByTestId('campaigns-empty').waitFor();
        await screenshot(page, 'campaigns-empty-ru.png');

        // Compose: the default sandbox account is preselected for SMS.
        await page.getByTestId('campaign-new-empty').click();
        const form = page.getByTestId('compose-form');
        await form.waitFor();
        const channel = form.getByTestId('compose-channel');
        expect(await channel.count()).toBe(1);
        expect(await channel.getAttribute('data-channel')).toBe('sms');
        expect(await text(channel.getByTestId('compose-account').locator('option:checked'))).toContain('Песочница');

        // Saving an empty form names what is missing.
        await form.getByTestId('compose-save').click();
        await form.getByTestId('compose-invalid').waitFor();
        expect(await text(form)).toContain('Введите название рассылки');
        expect(await text(form)).toContain('Введите текст сообщения');

        await form.getByTestId('compose-name').fill('Скидка недели');
        await form.getByTestId('compose-owner').fill('Ольга, маркетинг');
        // A brace left open: the error says where, live, before anything is saved.
        await form.getByTestId('compose-text').fill('Здравствуйте, {first_name');
        const issue = form.getByTestId('compose-issue');
        await issue.waitFor();
        expect(await text(issue)).toBe(
          'Строка 1, символ 15: фигурная скобка не закрыта в этой строке; для самой скобки в тексте напишите две',
        );
        await screenshot(page, 'campaign-compose-error-ru.png');

        // The variable picker inserts the name with a fallback at the caret; the counter follows.
        const area = form.getByTestId('compose-text');
        await area.fill('Здравствуйте, ');
        await area.press('End');
        await form.getByTestId('compose-var-first_name').click();
        await expect.poll(() => area.inputValue()).toBe('Здравствуйте, {first_name|клиент}');
        await area.press('End');
        await area.pressSequentially('! Скидка 10% до воскресенья.');
        expect(await form.getByTestId('compose-issue').count()).toBe(0);
        const counter = form.getByTestId('sms-counter');
        expect(await counter.getAttribute('data-encoding')).toBe('ucs2');
        expect(await counter.getAttribute('data-parts')).toBe('1');
        // A service message (not held back by quiet hours: this test may run at night).
        await form.getByTestId('compose-marketing').click();
        expect(await form.getByTestId('compose-quiet-from').count()).toBe(0);
        await form.getByTestId('compose-budget').fill('5000');
        await form.getByTestId('compose-channels').scrollIntoViewIfNeeded();
        await screenshot(page, 'campaign-compose-ru.png');
        await form.getByTestId('compose-message').scrollIntoViewIfNeeded();
        await screenshot(page, 'campaign-compose-text-ru.png');
        await form.getByTestId('compose-save').click();

        // The draft: its state, and the cost before any payment.
        const detail = page.locator('[data-testid="campaign-detail"][data-state="draft"]');
        await detail.waitFor();
        expect(await text(detail.getByTestId('campaign-state'))).toBe('Черновик');
        expect(await text(detail.getByTestId('campaign-send-at'))).toBe('Сразу после запуска');
        const cost = page.locator('[data-testid="cost-panel"][data-state="ready"]');
        await cost.waitFor({ timeout: 30_000 });
        expect(await text(cost.getByTestId('cost-recipients'))).toBe('3 003');
        expect(await text(cost.getByTestId('cost-sendable'))).toBe('3 001');
        expect(await text(cost.getByTestId('cost-parts'))).toBe('3 001');
        expect(await text(cost.getByTestId('cost-total'))).toBe('10 503,50 ₽');
        const sms = cost.locator('[data-testid="channel-cost"][data-channel="sms"]');
        expect(await text(sms.getByTestId('cost-ch-sendable'))).toBe('3 001');
        expect(await text(sms.getByTestId('cost-ch-suppressed'))).toBe('1');
        expect(await text(sms.getByTestId('cost-ch-skipped'))).toBe('1');
        expect(await text(sms.getByTestId('cost-ch-duplicates'))).toBe('0');
        expect(await text(sms.getByTestId('cost-ch-price'))).toBe('3,50 ₽ · по ответу провайдера');
        expect(await text(sms.getByTestId('cost-ch-balance'))).toBe('1 000,00 ₽');
        expect(await text(sms.getByTestId('cost-ch-balance-after'))).toBe('-9 503,50 ₽');
        expect(await text(sms.locator('[data-testid="parts-row"][data-parts="1"] .hbar-value'))).toBe('3 001');
        const warnings = (await cost.getByTestId('cost-warning').allTextContents()).map(plain);
        expect(warnings).toContain('Песочница: баланса 1 000,00 ₽ не хватит на 10 503,50 ₽');
        expect(warnings).toContain('Стоимость 10 503,50 ₽ больше бюджета 5 000,00 ₽');

        // The exact message for a chosen contact.
        await detail.getByTestId('render-search').fill('Иванова');
        const anna = detail.getByTestId('render-contact').filter({ hasText: 'Иванова Анна' });
        await anna.waitFor();
        await anna.click();
        const rendered = detail.getByTestId('rendered');
        await rendered.waitFor();
        expect(await text(rendered.getByTestId('rendered-text'))).toBe(
          'Здравствуйте, Анна! Скидка 10% до воскресенья.',
        );
        expect(await rendered.getAttribute('data-encoding')).toBe('ucs2');
        expect(await text(rendered.getByTestId('rendered-summary'))).toBe('Символов: 46 · SMS: 1 · кириллица (UCS-2)');
        await screenshot(page, 'campaign-draft-ru.png');
        await cost.getByTestId('channel-cost').scrollIntoViewIfNeeded();
        await screenshot(page, 'campaign-cost-ru.png');

        // Launch: the confirmation names the count and the cost, and repeats the money warnings.
        await cost.getByTestId('campaign-launch').click();
        const confirm = page.getByTestId('confirm-dialog');
        await confirm.waitFor();
        const body = await text(confirm.getByTestId('launch-confirm'));
        expect(body).toContain('будет отправлено сообщений — 3 001');
        expect(body).toContain('Стоимость: 10 503,50 ₽');
        expect(body).toContain('не хватит');
        await screenshot(page, 'campaign-launch-confirm-ru.png');
        await confirm.getByTestId('confirm').click();
        await confirm.waitFor({ state: 'detached' });

        // Paused right after launch: the state in words, and counts that add up.
        await page.getByTestId('campaign-pause').click();
        const paused = page.locator('[data-testid="campaign-detail"][data-state="paused"]');
        await paused.waitFor();
        expect(await text(paused.getByTestId('campaign-state'))).toBe('Приостановлена');
        expect(await text(paused.getByTestId('campaign-reason'))).toBe('Приостановлена вами.');
        const progress = paused.getByTestId('campaign-progress');
        const states = ['queued', 'sending', 'sent', 'delivered', 'failed', 'unknown', 'suppressed', 'skipped'];
        const sum = async () => {
          let n = 0;
          for (const s of states) n += await count(page, s);
          return n;
        };
        // Messages already on the wire when Pause was pressed still report back: the counts settle, then add up.
        await expect.poll(async () => (await sum()) - Number(await progress.getAttribute('data-total'))).toBe(0);
        await screenshot(page, 'campaign-paused-ru.png');

        // Resume: it stops again before passing its budget of 5 000 ₽, and says so with the sums.
        await paused.getByTestId('campaign-resume').click();
        const budgetStop = page
          .locator('[data-testid="campaign-detail"][data-state="paused"]')
          .getByTestId('campaign-reason')
          .filter({ hasText: 'Остановлена перед выходом за бюджет 5 000,00 ₽' });
        await budgetStop.waitFor({ timeout: 120_000 });
        expect(await text(budgetStop)).toMatch(/потрачено или отправляется \d[\d ]*,\d{2} ₽\./);
        await screenshot(page, 'campaign-budget-stop-ru.png');

        // Resumed past the budget (the user's word), it runs to the end; a notice says it has finished.
        await paused.getByTestId('campaign-resume').click();
        const finished = page.locator('[data-testid="campaign-detail"][data-state="finished"]');
        await finished.waitFor({ timeout: 120_000 });
        const toast = page.getByTestId('toast');
        await toast.filter({ hasText: 'Рассылка «Скидка недели» завершена' }).waitFor();
        await screenshot(page, 'campaign-finished-ru.png');
        expect(await text(finished.getByTestId('campaign-state'))).toBe('Завершена');
        await expect.poll(() => count(page, 'queued')).toBe(0);
        expect(await count(page, 'sending')).toBe(0);
        expect((await count(page, 'sent')) + (await count(page, 'delivered'))).toBe(3001);
        expect(await count(page, 'failed')).toBe(0);
        expect(await count(page, 'suppressed')).toBe(1);
        expect(await count(page, 'skipped')).toBe(1);
        expect(await sum()).toBe(3003);
        expect(await text(finished.getByTestId('campaign-spent'))).toBe('Частей SMS: 3 001 · потрачено 10 503,50 ₽');
        expect(await finished.getByTestId('campaign-pause').count()).toBe(0);
        expect(await finished.getByTestId('campaign-resend-failed').count()).toBe(0);

        // The list: name, owner, state in words, counts.
        await page.getByTestId('campaigns-back').click();
        const row = page.locator('[data-testid="campaign-row"][data-state="finished"]');
        await row.waitFor();
        expect(await text(row.getByTestId('campaign-open'))).toBe('Скидка недели');
        expect(await text(row)).toContain('Ответственный: Ольга, маркетинг');
        expect(await text(row.getByTestId('campaign-state'))).toBe('Завершена');
        expect(await text(row.getByTestId('campaign-counts'))).toContain('Сообщений: 3 003');
        expect(await text(row.getByTestId('campaign-counts'))).toContain('отписались 1');
        await screenshot(page, 'campaigns-list-ru.png');

        // The same screen in English.
        await page.getByTestId('lang-en').click();
        await row.getByTestId('campaign-state').filter({ hasText: 'Finished' }).waitFor();
        await screenshot(page, 'campaigns-list-en.png');
        await row.getByTestId('campaign-open').click();
        await page.locator('[data-testid="campaign-detail"][data-state="finished"]').waitFor();
        await screenshot(page, 'campaign-finished-en.png');

        expect(errors).toEqual([]);
      } finally {
        await context.close();
        await shell.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    },
  );

  it(
    'composes a recurring campaign: presets, the next runs, a wrong expression blocks saving; launched, it waits for its run',
    { timeout: 120_000 },
    async () => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vestnik-recurring-e2e-'));
      const shell = await startWebShell({ dataDir, port: 0, passphrase: PASSPHRASE, providerTimeoutMs: 3000 });
      // The computer's zone is Moscow: the schedule's default zone, shown with its offset.
      const context = await browser().newContext({
        viewport: { width: 1280, height: 860 },
        locale: 'ru-RU',
        timezoneId: 'Europe/Moscow',
      });
      const errors: string[] = [];
      try {
        await seedSmall(shell);
        const page = await context.newPage();
        page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
        page.on('response', (res) => {
          if (res.status() >= 400) errors.push(`HTTP ${res.status()} ${new URL(res.url()).pathname}`);
        });
        page.on('console', (msg) => {
          if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
        });
        await page.goto(shell.url);
        await page.locator('[data-testid="contact-table"][data-ready="true"]').waitFor();
        await page.getByTestId('nav-campaigns').click();
        await page.locator('[data-testid="campaigns-screen"][data-ready="true"]').waitFor();
        await page.getByTestId('campaign-new-empty').click();
        const form = page.getByTestId('compose-form');
        await form.waitFor();
        await form.getByTestId('compose-name').fill('Дайджест недели');
        await form.getByTestId('compose-text').fill('Здравствуйте, {first_name|клиент}! Новое на этой неделе.');

        // "По расписанию": the first preset is filled in, in the computer's zone.
        await form.getByTestId('compose-when-repeat').click();
        const schedule = form.getByTestId('compose-schedule');
        await schedule.waitFor();
        const cron = schedule.getByTestId('compose-cron');
        expect(await cron.inputValue()).toBe('0 10 * * 1');
        expect(await schedule.getByTestId('compose-zone').inputValue()).toBe('Europe/Moscow');
        expect(await form.getByTestId('compose-grace').inputValue()).toBe('60');

        // A preset: the expression, its meaning and the next three runs in the zone, with the zone named once.
        await schedule.locator('[data-testid="compose-cron-preset"][data-cron="0 9 * * *"]').click();
        expect(await cron.inputValue()).toBe('0 9 * * *');
        expect(await text(schedule.getByTestId('compose-cron-hint'))).toBe('То есть каждый день в 09:00');
        const next = schedule.getByTestId('compose-next-runs');
        const daily = RUN('[а-я]{2}', '09:00');
        expect(await text(next)).toMatch(
          new RegExp(`^Следующие отправки \\(Europe/Moscow, UTC\\+3\\): ${daily} · ${daily} · ${daily}$`),
        );
        const monday = schedule.locator('[data-testid="compose-cron-preset"][data-cron="0 10 * * 1"]');
        expect(await text(monday)).toBe('Каждый понедельник в 10:00');
        await monday.click();
        const mondays = RUN('пн', '10:00');
        await expect
          .poll(async () => text(next))
          .toMatch(
            new RegExp(`^Следующие отправки \\(Europe/Moscow, UTC\\+3\\): ${mondays} · ${mondays} · ${mondays}$`),
          );

        // A wrong expression: what is wrong, in words, and Save waits.
        const save = form.getByTestId('compose-save');
        await cron.fill('0 25 * * 1');
        const cronError = schedule.getByTestId('compose-cron-error');
        await cronError.waitFor();
        expect(await text(cronError)).toContain('«часы»');
        expect(await next.count()).toBe(0);
        expect(await save.isDisabled()).toBe(true);
        expect(await text(form.getByTestId('compose-save-hint'))).toBe('Сохранить нельзя, пока в расписании ошибка.');
        await form.getByTestId('compose-rules').scrollIntoViewIfNeeded();
        await screenshot(page, 'campaign-schedule-error-ru.png');

        // Fixed by hand; a shorter grace period.
        await cron.fill('0 10 * * 1');
        await next.waitFor();
        expect(await save.isDisabled()).toBe(false);
        await form.getByTestId('compose-grace').fill('30');
        await save.scrollIntoViewIfNeeded();
        await screenshot(page, 'campaign-compose-schedule-ru.png');
        await save.click();

        // The draft names its schedule and the run it would start with.
        const draft = page.locator('[data-testid="campaign-detail"][data-state="draft"]');
        await draft.waitFor();
        expect(await text(draft.getByTestId('campaign-schedule'))).toBe(
          '0 10 * * 1 — каждый понедельник в 10:00 · Europe/Moscow, UTC+3',
        );
        const firstRun = /^\d{1,2} [а-я]+ \d{4}, 10:00 \(Europe\/Moscow, UTC\+3\)$/;
        expect(await text(draft.getByTestId('campaign-first-run'))).toMatch(firstRun);
        expect(await text(draft.getByTestId('campaign-grace'))).toBe('30 мин');

        // Launch: the confirmation names the first run and that each run is paid for on its own.
        const cost = page.locator('[data-testid="cost-panel"][data-state="ready"]');
        await cost.waitFor({ timeout: 30_000 });
        await cost.getByTestId('campaign-launch').click();
        const confirm = page.getByTestId('confirm-dialog');
        await confirm.waitFor();
        expect(await text(confirm.getByTestId('launch-first-run'))).toMatch(
          /^Первый запуск — \d{1,2} [а-я]+ \d{4}, 10:00 \(Europe\/Moscow, UTC\+3\), дальше по расписанию: каждый понедельник в 10:00\.$/,
        );
        expect(await text(confirm.getByTestId('confirm'))).toBe('Запланировать');
        await confirm.getByTestId('confirm').click();
        await confirm.waitFor({ state: 'detached' });

        // Scheduled: the schedule, the next run in its zone, the grace period; nothing sent yet.
        const scheduled = page.locator('[data-testid="campaign-detail"][data-state="scheduled"]');
        await scheduled.waitFor();
        expect(await text(scheduled.getByTestId('campaign-state'))).toBe('Запланирована');
        expect(await text(scheduled.getByTestId('campaign-schedule'))).toContain('каждый понедельник в 10:00');
        expect(await text(scheduled.getByTestId('campaign-next-run'))).toMatch(firstRun);
        expect(await text(scheduled.getByTestId('campaign-grace'))).toBe('30 мин');
        expect(await text(scheduled.getByTestId('campaign-progress'))).toContain('Ждёт времени отправки');
        expect(await scheduled.getByTestId('campaign-cancel').count()).toBe(1);
        expect(await scheduled.getByTestId('campaign-skip').count()).toBe(0);
        await screenshot(page, 'campaign-recurring-ru.png');

        // Cancelling would end the whole schedule: its confirmation says so (and is dismissed here).
        await scheduled.getByTestId('campaign-cancel').click();
        await confirm.waitFor();
        expect(await text(confirm)).toContain('расписание остановится — следующих запусков не будет');
        await page.keyboard.press('Escape');
        await confirm.waitFor({ state: 'detached' });

        // The list: a "по расписанию" badge and the next run.
        await page.getByTestId('campaigns-back').click();
        const row = page.locator('[data-testid="campaign-row"][data-state="scheduled"]');
        await row.waitFor();
        expect(await text(row.getByTestId('campaign-repeat'))).toBe('по расписанию');
        expect(await text(row.getByTestId('campaign-next-run'))).toMatch(
          /^Следующий запуск \d{1,2} [а-я]+ \d{4}, 10:00/,
        );
        await screenshot(page, 'campaigns-list-recurring-ru.png');

        // The detail in English.
        await page.getByTestId('lang-en').click();
        await row.getByTestId('campaign-open').click();
        const en = page.locator('[data-testid="campaign-detail"][data-state="scheduled"]');
        await en.getByTestId('campaign-schedule').filter({ hasText: 'every Monday at 10:00' }).waitFor();
        expect(await text(en.getByTestId('campaign-next-run'))).toMatch(
          /^\d{1,2} [A-Z][a-z]+ \d{4}, 10:00 \(Europe\/Moscow, UTC\+3\)$/,
        );
        await screenshot(page, 'campaign-recurring-en.png');

        expect(errors).toEqual([]);
      } finally {
        await context.close();
        await shell.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    },
  );
});
