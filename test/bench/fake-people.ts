/** Deterministic Russian-looking contacts for benchmarks (seeded PRNG, so runs are comparable). */
const LAST = [
  'Иванов',
  'Смирнов',
  'Кузнецов',
  'Попов',
  'Васильев',
  'Петров',
  'Соколов',
  'Михайлов',
  'Новиков',
  'Фёдоров',
  'Морозов',
  'Волков',
  'Алексеев',
  'Лебедев',
  'Семёнов',
  'Егоров',
  'Павлов',
  'Козлов',
  'Степанов',
  'Николаев',
  'Орлов',
  'Андреев',
  'Макаров',
  'Никитин',
  'Захаров',
  'Зайцев',
  'Соловьёв',
  'Борисов',
  'Яковлев',
  'Григорьев',
  'Романов',
  'Воробьёв',
  'Сергеев',
  'Кузьмин',
  'Фролов',
  'Александров',
  'Дмитриев',
  'Королёв',
  'Гусев',
  'Киселёв',
];
const FIRST_M = [
  'Александр',
  'Сергей',
  'Дмитрий',
  'Андрей',
  'Алексей',
  'Максим',
  'Евгений',
  'Иван',
  'Михаил',
  'Артём',
  'Николай',
  'Владимир',
  'Павел',
  'Роман',
  'Олег',
];
const FIRST_F = [
  'Елена',
  'Ольга',
  'Наталья',
  'Татьяна',
  'Ирина',
  'Анна',
  'Мария',
  'Светлана',
  'Екатерина',
  'Юлия',
  'Анастасия',
  'Марина',
  'Дарья',
  'Алина',
  'Ксения',
];
const MIDDLE = [
  'Александров',
  'Сергеев',
  'Дмитриев',
  'Андреев',
  'Алексеев',
  'Иванов',
  'Михайлов',
  'Николаев',
  'Владимиров',
  'Петров',
];
const DOMAINS = ['mail.ru', 'yandex.ru', 'gmail.com', 'bk.ru', 'inbox.ru', 'list.ru', 'rambler.ru'];
const TRANSLIT: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'h',
  ц: 'c',
  ч: 'ch',
  ш: 'sh',
  щ: 'sch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
};

export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const translit = (s: string) => [...s.toLowerCase()].map((ch) => TRANSLIT[ch] ?? ch).join('');

export interface FakePerson {
  phone: string;
  email: string | null;
  lastName: string;
  firstName: string;
  middleName: string;
}

/** The i-th person: phones are unique (+79 and a permutation of i), e-mails unique when present. */
export function person(i: number, r: () => number): FakePerson {
  const female = r() < 0.5;
  const last = pick(r, LAST) + (female ? 'а' : '');
  const first = pick(r, female ? FIRST_F : FIRST_M);
  const middle = pick(r, MIDDLE) + (female ? 'на' : 'ич');
  const n = (i * 7_919_993 + 1_234_567) % 1_000_000_000; // a bijection on 0..1e9-1, so no collisions
  const phone = `+79${String(n).padStart(9, '0')}`;
  const email = r() < 0.6 ? `${translit(first)}.${translit(last)}${i}@${pick(r, DOMAINS)}` : null;
  return { phone, email, lastName: last, firstName: first, middleName: middle };
}

export const SEARCH_WORDS = { LAST, FIRST_M, FIRST_F };
