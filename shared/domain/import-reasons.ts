/**
 * The core words a rejected row's reason in English (CLI, logs); this gives it in Russian for the saved
 * report when the app is in Russian. Unknown wording is returned as it is.
 */
const RU: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^invalid phone number: (.*)$/s, (m) => `неверный номер телефона: ${m[1]}`],
  [/^invalid e-mail: (.*)$/s, (m) => `неверный e-mail: ${m[1]}`],
  [/^invalid Telegram chat id: (.*)$/s, (m) => `неверный Telegram chat id: ${m[1]}`],
  [/^invalid date: (.*)$/s, (m) => `неверная дата: ${m[1]}`],
  [/^invalid number: (.*)$/s, (m) => `неверное число: ${m[1]}`],
  [/^no phone, e-mail or Telegram chat id$/, () => 'нет ни телефона, ни e-mail, ни Telegram'],
  [
    /^the phone belongs to contact #(\d+) and the e-mail to contact #(\d+)$/,
    (m) => `телефон принадлежит контакту №${m[1]}, а e-mail — контакту №${m[2]}`,
  ],
];

export function reasonInRussian(reason: string): string {
  for (const [re, say] of RU) {
    const m = re.exec(reason);
    if (m) return say(m);
  }
  return reason;
}
