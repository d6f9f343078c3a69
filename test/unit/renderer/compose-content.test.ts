import { describe, expect, it } from 'vitest';
import type { Account } from '../../../shared/domain/providers';
import type { Picture } from '../../../shared/domain/pictures';
import {
  checkContent,
  emptyContent,
  mappedBody,
  pictureTag,
} from '../../../renderer/src/features/campaigns/compose-content';
import { emptyCampaignForm, validateCampaign } from '../../../renderer/src/features/campaigns/compose-form';

const picture = (id: number, cid: string): Picture => ({
  id,
  cid,
  name: cid,
  contentType: 'image/png',
  size: 10,
  dataUrl: 'data:image/png;base64,AA==',
});
const email = { email: true, whatsapp: false };
const template = { name: 'promo_1', language: 'ru', body: 'Здравствуйте, {{1}}! {{2}}. Ждём, {{1}}.', variables: 2 };

describe('the letter in the compose form', () => {
  it('sends the HTML and its pictures, and warns of a picture the HTML does not show', () => {
    const r = checkContent(
      {
        ...emptyContent(),
        html: '<img src="cid:logo.png"><p>{first_name|клиент}</p>',
        pictures: [picture(4, 'logo.png'), picture(5, 'extra.png')],
      },
      email,
    );
    expect(r.errors).toEqual({});
    expect(r.spec).toEqual({ html: '<img src="cid:logo.png"><p>{first_name|клиент}</p>' });
    expect(r.pictures).toEqual([4, 5]);
    expect(r.unusedPictures).toEqual(['extra.png']);
  });

  it('names a cid: without a picture, a broken variable with its place, pictures without HTML', () => {
    expect(checkContent({ ...emptyContent(), html: '<img src="cid:nope.png">' }, email).errors.html).toEqual({
      key: 'campaigns.error.htmlPicture',
      params: { name: 'nope.png' },
    });
    const broken = checkContent({ ...emptyContent(), html: '<style>p { x: y }</style>\n<p>{first_name</p>' }, email);
    expect(broken.errors.html).toEqual({ key: 'campaigns.error.htmlTemplate', params: { count: 1 } });
    expect(broken.htmlIssues[0]).toMatchObject({ code: 'unclosed_brace', line: 2, column: 4 });
    expect(checkContent({ ...emptyContent(), pictures: [picture(1, 'a.png')] }, email).errors.pictures).toEqual({
      key: 'campaigns.error.picturesWithoutHtml',
    });
    // Without an e-mail channel the letter is not part of the campaign at all.
    expect(checkContent({ ...emptyContent(), html: '<p>x</p>' }, { email: false, whatsapp: false }).spec).toEqual({});
  });

  it('puts a picture into the HTML by its cid', () => {
    expect(pictureTag({ cid: 'logo.png', name: 'Логотип "Весна".png' })).toBe(
      '<img src="cid:logo.png" alt="Логотип Весна">',
    );
  });
});

describe("WhatsApp's template in the compose form", () => {
  const wa = { email: false, whatsapp: true };

  it('needs a template and a text for every {{n}}', () => {
    expect(checkContent(emptyContent(), wa).errors.whatsapp).toEqual({ key: 'campaigns.error.waTemplate' });
    const half = checkContent({ ...emptyContent(), waTemplate: template, waVars: ['{first_name|друг}', ' '] }, wa);
    expect(half.errors.whatsapp).toEqual({ key: 'campaigns.error.waVariable', params: { n: '{{2}}' } });
    expect(half.waProblems).toEqual([2]);
    expect(
      checkContent({ ...emptyContent(), waTemplate: template, waVars: ['{first_name', 'x'] }, wa).waProblems,
    ).toEqual([1]);
  });

  it('sends the template with each variable as a text with fields', () => {
    const r = checkContent(
      { ...emptyContent(), waTemplate: template, waVars: [' {first_name|друг} ', 'скидка {Скидка}%'] },
      wa,
    );
    expect(r.errors).toEqual({});
    expect(r.spec.whatsappTemplate).toEqual({
      name: 'promo_1',
      language: 'ru',
      variables: ['{first_name|друг}', 'скидка {Скидка}%'],
      body: template.body,
    });
  });

  it('shows the body with each {{n}} as what fills it', () => {
    expect(mappedBody(template.body, ['{first_name}'])).toEqual([
      { text: 'Здравствуйте, ', slot: null },
      { text: '{first_name}', slot: 1 },
      { text: '! ', slot: null },
      { text: '{{2}}', slot: 2 },
      { text: '. Ждём, ', slot: null },
      { text: '{first_name}', slot: 1 },
      { text: '.', slot: null },
    ]);
  });
});

describe('the whole form with a letter, a template and a campaign sheet', () => {
  const account = (id: number, channel: Account['channel']): Account =>
    ({ id, channel, isDefault: true, name: `a${id}`, provider: 'sandbox', settings: {} }) as unknown as Account;

  it('builds campaigns:create with the HTML, the pictures, the template and the sheet', () => {
    const v = {
      ...emptyCampaignForm([account(3, 'email'), account(4, 'whatsapp')]),
      name: 'Праздник',
      channels: [
        { channel: 'whatsapp' as const, accountId: 4, sender: '' },
        { channel: 'email' as const, accountId: 3, sender: '' },
      ],
      audience: 'sheet' as const,
      listId: 9,
      text: 'Дорогой {var1}!',
      subject: 'С праздником',
      html: '<img src="cid:logo.png"><p>Дорогой {var1}!</p>',
      pictures: [picture(7, 'logo.png')],
      waTemplate: template,
      waVars: ['{var1}', 'с {var2}'],
    };
    const res = validateCampaign(v, { now: new Date('2026-01-01T00:00:00Z') });
    expect(res.errors).toEqual({});
    expect(res.input?.spec).toMatchObject({
      audience: { kind: 'sheet', listId: 9 },
      html: '<img src="cid:logo.png"><p>Дорогой {var1}!</p>',
      whatsappTemplate: { name: 'promo_1', variables: ['{var1}', 'с {var2}'] },
    });
    expect(res.input?.pictures).toEqual([7]);
    expect(validateCampaign({ ...v, listId: null }, { now: new Date() }).errors.audience).toEqual({
      key: 'campaigns.error.sheet',
    });
  });
});
