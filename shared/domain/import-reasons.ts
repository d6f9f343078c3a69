/**
 * The core words a rejected row's reason in English (CLI, logs, the job summary). This recognises those
 * sentences once, for everyone who says them in another language: the UI (through its dictionaries) and the
 * core's saved report (Russian, when the app is in Russian).
 */
export type RejectReason =
  | { kind: 'phone' | 'email' | 'telegram' | 'date' | 'number'; value: string }
  | { kind: 'noAddress' }
  | { kind: 'conflict'; a: string; b: string };

const VALUE_REASONS: [RegExp, 'phone' | 'email' | 'telegram' | 'date' | 'number'][] = [
  [/^invalid phone number: ([\s\S]*)$/, 'phone'],
  [/^invalid e-mail: ([\s\S]*)$/, 'email'],
  [/^invalid Telegram chat id: ([\s\S]*)$/, 'telegram'],
  [/^invalid date: ([\s\S]*)$/, 'date'],
  [/^invalid number: ([\s\S]*)$/, 'number'],
];

export function parseRejectReason(reason: string): RejectReason | null {
  for (const [re, kind] of VALUE_REASONS) {
    const m = re.exec(reason);
    if (m) return { kind, value: m[1] ?? '' };
  }
  if (reason === 'no phone, e-mail or Telegram chat id') return { kind: 'noAddress' };
  const m = /^the phone belongs to contact #(\d+) and the e-mail to contact #(\d+)$/.exec(reason);
  return m ? { kind: 'conflict', a: m[1] ?? '', b: m[2] ?? '' } : null;
}

const RU_VALUE: Record<'phone' | 'email' | 'telegram' | 'date' | 'number', string> = {
  phone: 'неверный номер телефона',
  email: 'неверный e-mail',
  telegram: 'неверный Telegram chat id',
  date: 'неверная дата',
  number: 'неверное число',
};

/** The reason in Russian for the saved report; unknown wording is returned as it is. */
export function reasonInRussian(reason: string): string {
  const r = parseRejectReason(reason);
  if (!r) return reason;
  if (r.kind === 'noAddress') return 'нет ни телефона, ни e-mail, ни Telegram';
  if (r.kind === 'conflict') return `телефон принадлежит контакту №${r.a}, а e-mail — контакту №${r.b}`;
  return `${RU_VALUE[r.kind]}: ${r.value}`;
}
