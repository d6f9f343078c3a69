import { describe, expect, it } from 'vitest';
import type { Contact } from '../../../shared/domain/contact';
import {
  emptyForm,
  formFromContact,
  fullName,
  newAttributeRow,
  validateContactForm,
} from '../../../renderer/src/features/contacts/contact-form';

const form = (patch: Partial<ReturnType<typeof emptyForm>>) => ({ ...emptyForm(), ...patch });

describe('validateContactForm', () => {
  it('accepts a Russian phone as people type it and sends E.164', () => {
    const v = validateContactForm(form({ lastName: ' Иванов ', firstName: 'Иван', phone: '8 920 746-00-22' }));
    expect(v.valid).toBe(true);
    expect(v.phoneE164).toBe('+79207460022');
    expect(v.input).toMatchObject({
      lastName: 'Иванов',
      firstName: 'Иван',
      phone: '+79207460022',
      email: null,
      telegramChatId: null,
    });
  });

  it('rejects a bad phone with the typed value in the message params', () => {
    const v = validateContactForm(form({ phone: '12345' }));
    expect(v.valid).toBe(false);
    expect(v.errors.fields.phone).toEqual({ key: 'validation.phone', params: { value: '12345' } });
    expect(v.input).toBeNull();
  });

  it('rejects a bad e-mail and lower-cases a good one', () => {
    expect(validateContactForm(form({ email: 'not-an-email' })).errors.fields.email?.key).toBe('validation.email');
    expect(validateContactForm(form({ email: 'Ivan@Example.RU' })).input?.email).toBe('ivan@example.ru');
  });

  it('requires at least one address', () => {
    const v = validateContactForm(form({ lastName: 'Иванов' }));
    expect(v.errors.fields.address?.key).toBe('form.addressRequired');
    expect(validateContactForm(form({ telegramChatId: '123456789' })).valid).toBe(true);
    expect(validateContactForm(form({ telegramChatId: '12ab' })).errors.fields.telegramChatId?.key).toBe(
      'validation.telegram',
    );
  });

  it('validates custom attributes and skips empty rows', () => {
    const ok = validateContactForm(
      form({ phone: '+79207460022', attributes: [newAttributeRow('city', 'Тула'), newAttributeRow('', '')] }),
    );
    expect(ok.input?.attributes).toEqual({ city: 'Тула' });

    const dupRow = newAttributeRow('city', 'Орёл');
    const noKey = newAttributeRow('', 'value');
    const proto = newAttributeRow('__proto__', 'x');
    const bad = validateContactForm(
      form({ phone: '+79207460022', attributes: [newAttributeRow('city', 'Тула'), dupRow, noKey, proto] }),
    );
    expect(bad.valid).toBe(false);
    expect(bad.errors.attributes[dupRow.rowId]?.key).toBe('validation.attributeKeyDuplicate');
    expect(bad.errors.attributes[noKey.rowId]?.key).toBe('validation.attributeKeyRequired');
    expect(bad.errors.attributes[proto.rowId]?.key).toBe('validation.attributeKeyForbidden');
  });

  it('sends empty addresses as null so an edit can clear them', () => {
    const v = validateContactForm(form({ email: 'a@b.ru', phone: '' }));
    expect(v.input?.phone).toBeNull();
  });
});

describe('form <-> contact', () => {
  const contact: Contact = {
    id: 7,
    phone: '+79207460022',
    email: null,
    lastName: 'Иванов',
    firstName: 'Иван',
    middleName: 'Иванович',
    telegramChatId: null,
    attributes: { city: 'Тула' },
    source: 'manual',
    createdAt: '2025-01-01T00:00:00Z',
    updatedAt: '2025-01-01T00:00:00Z',
    groups: [{ id: 3, name: 'VIP' }],
    optOut: { sms: false, email: false, telegram: false, whatsapp: false },
  };

  it('round-trips a contact through the form', () => {
    const v = validateContactForm(formFromContact(contact));
    expect(v.input).toEqual({
      lastName: 'Иванов',
      firstName: 'Иван',
      middleName: 'Иванович',
      phone: '+79207460022',
      email: null,
      telegramChatId: null,
      attributes: { city: 'Тула' },
      groupIds: [3],
    });
  });

  it('builds the full name last-first-middle', () => {
    expect(fullName(contact)).toBe('Иванов Иван Иванович');
    expect(fullName({ lastName: '', firstName: 'Анна', middleName: '' })).toBe('Анна');
  });
});
