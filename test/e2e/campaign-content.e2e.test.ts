import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { startWebShell, type WebShell } from '../../electron/core/web/server';
import { pngPicture } from '../fixtures/pictures';
import { allParts, parseMessage, partText, startSmtpPeer, type SmtpPeer } from '../peers/smtp';
import { startWhatsAppSim, type WhatsAppSim } from '../simulators/whatsapp';
import { plain, runE2e, screenshot, sharedBrowser } from './support';

/**
 * "Новая рассылка" with what a campaign carries besides its text, driven as a user would through the web shell
 * and the real core: an e-mail letter with HTML and an uploaded picture, its personalised preview in a sandboxed
 * frame for a chosen contact, launched and received by a real SMTP server; a campaign sheet uploaded in the form
 * (bad rows shown by number and why), sent over WhatsApp with an approved template whose variables are mapped to
 * the sheet's values, each row previewed with its own time and received by the Cloud API simulator; and a hostile
 * letter previewed without anything in it running. Every step leaves a screenshot in test-results/screenshots.
 * Waits are on data attributes and on text appearing, never on timers.
 */

const PASSPHRASE = 'e2e content passphrase';
const text = async (l: Locator) => plain(await l.textContent());

interface Session {
  shell: WebShell;
  page: Page;
  errors: string[];
  close(): Promise<void>;
}

async function open(browser: Browser, seed: (shell: WebShell) => Promise<void>): Promise<Session> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vestnik-content-e2e-'));
  const shell = await startWebShell({ dataDir, port: 0, passphrase: PASSPHRASE, providerTimeoutMs: 5000 });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ru-RU' });
  const errors: string[] = [];
  const close = async () => {
    await context.close();
    await shell.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
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
    await page.getByTestId('nav-campaigns').click();
    await page.locator('[data-testid="campaigns-screen"][data-ready="true"]').waitFor();
    return { shell, page, errors, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** The body of a sandboxed preview frame, as Chromium shows it. */
const frameBody = (page: Page, testId: string) => page.frameLocator(`[data-testid="${testId}"]`).locator('body');

describe.skipIf(!runE2e)('Рассылки: письмо, шаблон WhatsApp, таблица рассылки (e2e)', () => {
  const browser = sharedBrowser();

  it(
    'composes a letter with HTML and a picture, previews it for a contact, launches it; the SMTP server gets it',
    { timeout: 180_000 },
    async () => {
      const peer: SmtpPeer = await startSmtpPeer();
      const logo = pngPicture(120, 40, [200, 40, 40]);
      const s = await open(browser(), async (shell) => {
        const h = shell.core.handlers;
        const { check } = await h['accounts:save']({
          account: {
            name: 'Почта магазина',
            provider: 'smtp',
            settings: { host: peer.host, port: String(peer.port), security: 'none', from: 'shop@example.org' },
          },
        });
        expect(check.ok).toBe(true);
        h['contacts:create']({ lastName: 'Иванова', firstName: 'Анна', email: 'anna@example.org' });
        h['contacts:create']({ lastName: 'Хакер', firstName: '<b>Борис</b>', email: 'boris@example.org' });
      });
      try {
        const { page } = s;
        await page.getByTestId('campaign-new-empty').click();
        const form = page.getByTestId('compose-form');
        await form.waitFor();
        expect(await form.getByTestId('compose-channel').getAttribute('data-channel')).toBe('email');
        await form.getByTestId('compose-name').fill('Письмо с логотипом');
        await form.getByTestId('compose-subject').fill('Подарок для {first_name|вас}');
        await form.getByTestId('compose-text').fill('Здравствуйте, {first_name|клиент}! Для вас подарок.');

        // A file that is not a picture is refused by its content, whatever its name says.
        const letter = form.getByTestId('compose-letter');
        await letter.getByTestId('compose-picture-add-input').setInputFiles({
          name: 'logo.png',
          mimeType: 'image/png',
          buffer: Buffer.from('this is text, not a picture'),
        });
        const pictureError = letter.getByTestId('compose-picture-error');
        await pictureError.waitFor();
        expect(await text(pictureError)).toContain('Это не картинка PNG, JPEG, GIF или WebP');
        await letter.scrollIntoViewIfNeeded();
        await screenshot(page, 'campaign-compose-picture-refused-ru.png');

        // The real picture: added, and put into the (still empty) HTML by itself.
        await letter.getByTestId('compose-picture-add-input').setInputFiles({
          name: 'logo.png',
          mimeType: 'image/png',
          buffer: logo,
        });
        await letter.locator('[data-testid="compose-picture"][data-cid="logo.png"]').waitFor();
        expect(await letter.getByTestId('compose-picture-error').count()).toBe(0);
        const html = letter.getByTestId('compose-html');
        expect(await html.inputValue()).toBe('<img src="cid:logo.png" alt="logo">\n');
        await html.press('End');
        await html.pressSequentially('<p>Здравствуйте, <b>');
        await letter.getByTestId('compose-html-var-first_name').click();
        await html.press('End');
        await html.pressSequentially('</b>! Ваш подарок ждёт.</p>');
        await expect
          .poll(() => html.inputValue())
          .toBe(
            '<img src="cid:logo.png" alt="logo">\n<p>Здравствуйте, <b>{first_name|клиент}</b>! Ваш подарок ждёт.</p>',
          );
        await screenshot(page, 'campaign-compose-html-ru.png');

        // The preview: the letter personalised for the first contact, the picture shown from its bytes.
        await letter.getByTestId('compose-html-preview-toggle').click();
        const preview = letter.getByTestId('compose-html-preview');
        await preview.waitFor();
        await preview.getByTestId('compose-html-preview-contact').selectOption({ label: 'Иванова Анна' });
        // (Chromium lays out a frame of another origin only once it is on screen.)
        await page.getByTestId('compose-letter-frame').scrollIntoViewIfNeeded();
        const body = frameBody(page, 'compose-letter-frame');
        await body.locator('b').filter({ hasText: 'Анна' }).waitFor();
        await expect
          .poll(() => body.locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
          .toBe(120);
        expect(await letter.getByTestId('compose-picture-unused').count()).toBe(0);
        await screenshot(page, 'campaign-compose-letter-ru.png');

        await form.getByTestId('compose-marketing').click();
        await form.getByTestId('compose-save').click();
        const detail = page.locator('[data-testid="campaign-detail"][data-state="draft"]');
        await detail.waitFor();

        // The exact letter for a chosen contact: Boris's name arrives as text, not as markup.
        await detail.getByTestId('render-search').fill('Хакер');
        await detail.getByTestId('render-contact').filter({ hasText: 'Хакер' }).click();
        const rendered = detail.getByTestId('rendered');
        await rendered.getByTestId('rendered-html').waitFor();
        await page.getByTestId('rendered-html-frame').scrollIntoViewIfNeeded();
        expect(await text(rendered.getByTestId('rendered-subject'))).toBe('Подарок для <b>Борис</b>');
        const boris = frameBody(page, 'rendered-html-frame');
        await boris.locator('p').filter({ hasText: 'Здравствуйте, <b>Борис</b>!' }).waitFor();
        expect(await boris.locator('b b').count()).toBe(0);
        await expect.poll(() => boris.locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(120);
        expect(await text(rendered.getByTestId('rendered-text'))).toBe('Здравствуйте, <b>Борис</b>! Для вас подарок.');
        // An e-mail campaign is not counted in SMS parts.
        expect(await text(rendered.getByTestId('rendered-summary'))).toBe('Символов: 44');
        await screenshot(page, 'campaign-draft-letter-ru.png');

        const cost = page.locator('[data-testid="cost-panel"][data-state="ready"]');
        await cost.waitFor({ timeout: 30_000 });
        // Letters have no SMS parts: neither the totals nor the channel nor the confirmation speak of them.
        expect(await cost.getByTestId('cost-parts').count()).toBe(0);
        expect(await cost.getByTestId('cost-ch-parts').count()).toBe(0);
        expect(await cost.getByTestId('parts-histogram').count()).toBe(0);
        expect(await text(cost.getByTestId('channel-cost'))).toContain('Цена сообщения');
        await cost.getByTestId('campaign-launch').click();
        const confirm = page.getByTestId('confirm-dialog');
        await confirm.waitFor();
        expect(await text(confirm.getByTestId('launch-confirm'))).not.toContain('SMS');
        await screenshot(page, 'campaign-letter-launch-ru.png');
        await confirm.getByTestId('confirm').click();
        const finished = page.locator('[data-testid="campaign-detail"][data-state="finished"]');
        await finished.waitFor({ timeout: 60_000 });
        expect(await text(finished.getByTestId('campaign-spent'))).toMatch(/^Потрачено /);
        await screenshot(page, 'campaign-letter-finished-ru.png');

        expect(peer.messages.map((m) => m.to[0]).sort()).toEqual(['anna@example.org', 'boris@example.org']);
        for (const m of peer.messages) {
          const mail = parseMessage(m.raw);
          const name = m.to[0] === 'anna@example.org' ? 'Анна' : '&lt;b&gt;Борис&lt;/b&gt;';
          // (A text part's line breaks travel as CRLF, MIME's canonical form.)
          expect(partText(allParts(mail).find((p) => p.type === 'text/html')!).replace(/\r\n/g, '\n')).toBe(
            `<img src="cid:logo.png" alt="logo">\n<p>Здравствуйте, <b>${name}</b>! Ваш подарок ждёт.</p>`,
          );
          const picture = allParts(mail).find((p) => p.type === 'image/png')!;
          expect(picture.body.equals(logo)).toBe(true);
          expect(picture.header('content-id')).toBe('<logo.png>');
        }
        expect(s.errors).toEqual([]);
      } finally {
        await s.close();
        await peer.close();
      }
    },
  );

  it(
    'uploads a campaign sheet in the form, maps a WhatsApp template to its values, previews a row, sends every row',
    { timeout: 180_000 },
    async () => {
      const sim: WhatsAppSim = await startWhatsAppSim({ pairRateMs: 0 });
      const s = await open(browser(), async (shell) => {
        const { check } = await shell.core.handlers['accounts:save']({
          account: {
            name: 'WhatsApp магазина',
            provider: 'whatsapp',
            settings: { phoneNumberId: sim.phoneNumberId, businessAccountId: sim.businessAccountId, baseUrl: sim.url },
            secrets: { token: sim.token },
          },
        });
        expect(check.ok).toBe(true);
        shell.core.handlers['contacts:create']({ lastName: 'Петров', firstName: 'Иван', phone: '+79207460022' });
      });
      try {
        const { page } = s;
        await page.getByTestId('campaign-new-empty').click();
        const form = page.getByTestId('compose-form');
        await form.waitFor();
        expect(await form.getByTestId('compose-channel').getAttribute('data-channel')).toBe('whatsapp');
        await form.getByTestId('compose-name').fill('Праздник по таблице');

        // The audience: a campaign sheet uploaded right here, checked row by row.
        await form.getByTestId('compose-audience-sheet').click();
        const sheet = form.getByTestId('compose-sheet');
        await sheet.getByTestId('compose-sheet-file-input').setInputFiles({
          name: 'Праздник.csv',
          mimeType: 'text/csv',
          buffer: Buffer.from(
            [
              '79207460022; 2021-06-21 22:02:00; покупатель; праздником',
              '79256760044; 2021-06-21 22:05:00; гость; днём рождения',
              '89256760044; 2021-06-21 22:02:00; неверный номер',
              '79456760044; 2021-06-19 25:02:00; неверное время',
            ].join('\r\n'),
          ),
        });
        const report = sheet.getByTestId('compose-sheet-report');
        await report.waitFor();
        expect(await text(report.getByTestId('compose-sheet-summary'))).toBe(
          'Файл «Праздник.csv»: годных строк 2, с ошибками 2, повторов номера 0 (остаётся первая строка).',
        );
        const bad = report.getByTestId('compose-sheet-rejected-row');
        expect((await bad.allTextContents()).map(plain)).toEqual([
          'Строка 3: номер должен быть из 11 цифр и начинаться с 7, например 79207460022 (в файле «89256760044»)',
          'Строка 4: время отправки пишется как гггг-мм-дд чч:мм:сс, например 2021-06-21 22:02:00 (в файле «2021-06-19 25:02:00»)',
        ]);
        expect(await report.getByTestId('compose-sheet-sample').locator('tbody tr').count()).toBe(2);
        await form.getByTestId('compose-audience').scrollIntoViewIfNeeded();
        await screenshot(page, 'campaign-compose-sheet-ru.png');
        expect(await report.getByTestId('compose-sheet-name').inputValue()).toBe('Праздник');
        await report.getByTestId('compose-sheet-save').click();
        await sheet.getByTestId('compose-sheet-chosen').waitFor();
        expect(await text(sheet.getByTestId('compose-sheet-chosen'))).toContain('таблица «Праздник», строк: 2');
        await screenshot(page, 'campaign-compose-sheet-chosen-ru.png');

        // The sheet's values are offered as fields.
        await form.getByTestId('compose-text').fill('Дорогой ');
        await form.getByTestId('compose-text').press('End');
        await form.getByTestId('compose-var-var1').click();
        await expect.poll(() => form.getByTestId('compose-text').inputValue()).toBe('Дорогой {var1}');

        // The template: an approved one of the account, each {{n}} mapped to a field or a text of one's own.
        const wa = form.locator('[data-testid="compose-whatsapp"][data-state="ready"]');
        await wa.waitFor();
        await wa.getByTestId('compose-wa-template').selectOption({ label: 'promo_2 · ru' });
        await wa.getByTestId('compose-wa-field-1').selectOption({ label: 'Из таблицы: {var1}' });
        expect(await wa.getByTestId('compose-wa-text-1').inputValue()).toBe('{var1}');
        await wa.getByTestId('compose-wa-text-2').fill('поздравляем с {var2}');
        expect(await text(wa.getByTestId('compose-wa-body-text'))).toBe(
          'Здравствуйте, {var1}! Предложение №2: поздравляем с {var2}. До встречи, {var1}.',
        );
        await wa.scrollIntoViewIfNeeded();
        await screenshot(page, 'campaign-compose-whatsapp-ru.png');
        await form.getByTestId('compose-save').click();

        // The preview, row by row: the filled template and the row's own send time.
        const detail = page.locator('[data-testid="campaign-detail"][data-state="draft"]');
        await detail.waitFor();
        await detail.locator('[data-testid="render-row"][data-row="2"]').click();
        const rendered = detail.getByTestId('rendered');
        await rendered.getByTestId('rendered-whatsapp').waitFor();
        expect(await text(rendered.getByTestId('rendered-whatsapp-body'))).toBe(
          'Здравствуйте, гость! Предложение №2: поздравляем с днём рождения. До встречи, гость.',
        );
        expect(await text(rendered.getByTestId('rendered-send-at'))).toMatch(/^Отправка: .*2021.*22:05/);
        expect(await text(rendered.getByTestId('rendered-text'))).toBe('Дорогой гость');
        expect(await text(rendered.getByTestId('rendered-summary'))).toBe('Символов: 13');
        await screenshot(page, 'campaign-draft-sheet-ru.png');

        const cost = page.locator('[data-testid="cost-panel"][data-state="ready"]');
        await cost.waitFor({ timeout: 30_000 });
        await cost.getByTestId('campaign-launch').click();
        await page.getByTestId('confirm-dialog').getByTestId('confirm').click();
        await page.locator('[data-testid="campaign-detail"][data-state="finished"]').waitFor({ timeout: 60_000 });
        await screenshot(page, 'campaign-sheet-finished-ru.png');

        const params = (to: string) =>
          (
            sim.messages.find((m) => m.to === to)!.body as {
              template: { name: string; components: { parameters: { text: string }[] }[] };
            }
          ).template.components[0]!.parameters.map((p) => p.text);
        expect(sim.messages.map((m) => m.to).sort()).toEqual(['79207460022', '79256760044']);
        expect(params('79207460022')).toEqual(['покупатель', 'поздравляем с праздником']);
        expect(params('79256760044')).toEqual(['гость', 'поздравляем с днём рождения']);
        expect(s.errors).toEqual([]);
      } finally {
        await s.close();
        await sim.close();
      }
    },
  );

  it(
    'previews a hostile letter with its CSS and without running anything: no script, handler, form, remote picture or way out (English)',
    { timeout: 120_000 },
    async () => {
      const peer: SmtpPeer = await startSmtpPeer();
      const s = await open(browser(), async (shell) => {
        const h = shell.core.handlers;
        const { check } = await h['accounts:save']({
          account: {
            name: 'Shop mail',
            provider: 'smtp',
            settings: { host: peer.host, port: String(peer.port), security: 'none', from: 'shop@example.org' },
          },
        });
        expect(check.ok).toBe(true);
        h['contacts:create']({ lastName: 'Smith', firstName: 'Ann', email: 'ann@example.org' });
      });
      try {
        const { page } = s;
        await page.getByTestId('lang-en').click();
        await page.getByTestId('campaign-new-empty').click();
        const form = page.getByTestId('compose-form');
        await form.waitFor();
        await form.getByTestId('compose-name').fill('Hostile letter');
        await form.getByTestId('compose-subject').fill('Hello');
        await form.getByTestId('compose-text').fill('Hello, {first_name|there}!');
        const letter = form.getByTestId('compose-letter');
        await letter
          .getByTestId('compose-html')
          .fill(
            [
              '<style>p { color: red }</style>',
              '<p onclick="parent.document.title = \'owned\'">Hello, <b>{first_name|there}</b>!</p>',
              "<script>document.body.dataset.ran = 'yes'; parent.document.title = 'owned'</script>",
              '<img src="https://tracker.example.org/open.gif" onerror="parent.document.title = \'owned\'">',
              '<video src="clip.mp4" autoplay></video>',
              '<form action="https://example.org/steal"><input name="card"></form>',
              '<a href="javascript:parent.document.title = \'owned\'">Our shop</a>',
              '<a href="https://example.org/away" id="away">Away</a>',
            ].join('\n'),
          );
        const title = await page.title();
        // Chromium reports a request the letter's policy refused as failed ("csp"): only one
        // that got an answer, or failed otherwise, would have gone out.
        const outside: string[] = [];
        page.on('requestfinished', (r) => {
          if (!/^http:\/\/127\.0\.0\.1:/.test(r.url())) outside.push(r.url());
        });
        page.on('requestfailed', (r) => {
          const why = r.failure()?.errorText ?? '';
          if (!/^http:\/\/127\.0\.0\.1:/.test(r.url()) && !why.includes('ERR_BLOCKED_BY_CSP') && why !== 'csp')
            outside.push(`${r.url()} (${why})`);
        });
        await letter.getByTestId('compose-html-preview-toggle').click();
        await letter.getByTestId('compose-html-preview').waitFor();
        const frame = page.getByTestId('compose-letter-frame');
        await frame.waitFor();
        await frame.scrollIntoViewIfNeeded();
        expect(await frame.getAttribute('sandbox')).toBe('');
        const body = frameBody(page, 'compose-letter-frame');
        await body.locator('b').filter({ hasText: 'Ann' }).waitFor();
        // The letter's own CSS is shown…
        expect(
          await body
            .locator('p')
            .first()
            .evaluate((p) => getComputedStyle(p).color),
        ).toBe('rgb(255, 0, 0)');
        // …and nothing in it runs, submits, loads from the network or leads the app away.
        expect(await body.getAttribute('data-ran')).toBeNull();
        await body.locator('p').first().click();
        await body.locator('a').first().click();
        await body.locator('input').press('Enter');
        await body.locator('#away').click();
        expect(await page.title()).toBe(title);
        expect(await body.locator('b').textContent()).toBe('Ann');
        expect(page.url()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
        expect(await body.locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(0);
        expect(outside).toEqual([]);
        expect(await text(letter.getByTestId('compose-letter-note'))).toBe(
          'Pictures from the internet (1) are not loaded in the preview.',
        );
        await screenshot(page, 'campaign-compose-letter-en.png');
        // What the letter's own policy refused is logged by its frame (with the letter's address, or for its
        // media, form, javascript: link or the link it did not open); nothing else went wrong.
        expect(
          s.errors.filter(
            (e) => !/\/letter\/|Content Security Policy|Blocked form submission|in a sandboxed frame/.test(e),
          ),
        ).toEqual([]);
      } finally {
        await s.close();
        await peer.close();
      }
    },
  );
});
