/**
 * A Russian (+7) phone number's likely time zone, for quiet hours in the recipient's local time.
 *
 * - Landlines: the ABC area code (3xx, 4xx, 8xx; "4012" Kaliningrad = code 401 + city digit 2) gives the region,
 *   and the region its zone. The table below lists every geographic ABC code of the Russian numbering plan
 *   (Rossvyaz/Минцифры "Реестр российской системы и плана нумерации", ABC-3xx/4xx/8xx; cross-checked with the
 *   ITU-T numbering plan of Russia as published in Google libphonenumber's geocoding data, Apache-2.0).
 * - Mobiles: DEF codes (9xx) are not regional; operators get blocks of numbers per region. The block table is
 *   generated from the DEF-9xx registry by scripts/gen-def-timezones.mjs and covers only part of the registry so
 *   far (see the block's header); a mobile number outside it gives null.
 *
 * Always a best guess: numbers keep their original range after number portability (a Moscow number moved to a
 * Novosibirsk operator still looks like Moscow), and a person travels. null means "unknown": the caller then
 * uses the sender's zone. Non-geographic codes (800 free-phone and the like) and Kazakhstan (+7 6xx/7xx) are
 * null too.
 *
 * Zones are the precise IANA zones of the region (Asia/Barnaul for Altai, Europe/Saratov for Saratov), which all
 * have fixed offsets today; what matters for quiet hours is the wall clock they give.
 */

/** ABC code (or a longer prefix that overrides it) → IANA zone. */
const ABC_ZONES: Readonly<Record<string, string>> = {
  // Siberia and the Urals (3xx)
  '301': 'Asia/Irkutsk', // Buryatia (Ulan-Ude 3012)
  '302': 'Asia/Chita', // Zabaykalsky Krai (Chita 3022)
  '341': 'Europe/Samara', // Udmurtia (Izhevsk 3412)
  '342': 'Asia/Yekaterinburg', // Perm Krai
  '343': 'Asia/Yekaterinburg', // Sverdlovsk Oblast (Yekaterinburg)
  '345': 'Asia/Yekaterinburg', // Tyumen Oblast
  '346': 'Asia/Yekaterinburg', // Khanty-Mansi AO (Surgut 3462)
  '347': 'Asia/Yekaterinburg', // Bashkortostan (Ufa 3472)
  '349': 'Asia/Yekaterinburg', // Yamalo-Nenets AO
  '351': 'Asia/Yekaterinburg', // Chelyabinsk Oblast
  '352': 'Asia/Yekaterinburg', // Kurgan Oblast
  '353': 'Asia/Yekaterinburg', // Orenburg Oblast
  '365': 'Europe/Simferopol', // Crimea
  '381': 'Asia/Omsk', // Omsk Oblast
  '382': 'Asia/Tomsk', // Tomsk Oblast
  '383': 'Asia/Novosibirsk', // Novosibirsk Oblast
  '384': 'Asia/Novokuznetsk', // Kemerovo Oblast – Kuzbass
  '385': 'Asia/Barnaul', // Altai Krai
  '388': 'Asia/Barnaul', // Altai Republic
  '390': 'Asia/Krasnoyarsk', // Khakassia
  '391': 'Asia/Krasnoyarsk', // Krasnoyarsk Krai
  '394': 'Asia/Krasnoyarsk', // Tuva
  '395': 'Asia/Irkutsk', // Irkutsk Oblast
  // Far East and Central Russia (4xx)
  '401': 'Europe/Kaliningrad', // Kaliningrad Oblast (Kaliningrad 4012)
  '411': 'Asia/Yakutsk', // Sakha (Yakutia); its eastern districts keep UTC+10/+11 (not told apart here)
  '413': 'Asia/Magadan', // Magadan Oblast
  '415': 'Asia/Kamchatka', // Kamchatka Krai (Petropavlovsk-Kamchatsky 4152)
  '416': 'Asia/Yakutsk', // Amur Oblast
  '421': 'Asia/Vladivostok', // Khabarovsk Krai
  '423': 'Asia/Vladivostok', // Primorsky Krai
  '424': 'Asia/Sakhalin', // Sakhalin Oblast
  '426': 'Asia/Vladivostok', // Jewish AO
  '427': 'Asia/Anadyr', // Chukotka
  '471': 'Europe/Moscow', // Kursk
  '472': 'Europe/Moscow', // Belgorod
  '473': 'Europe/Moscow', // Voronezh
  '474': 'Europe/Moscow', // Lipetsk
  '475': 'Europe/Moscow', // Tambov
  '481': 'Europe/Moscow', // Smolensk
  '482': 'Europe/Moscow', // Tver
  '483': 'Europe/Moscow', // Bryansk
  '484': 'Europe/Moscow', // Kaluga
  '485': 'Europe/Moscow', // Yaroslavl
  '486': 'Europe/Moscow', // Oryol
  '487': 'Europe/Moscow', // Tula
  '491': 'Europe/Moscow', // Ryazan
  '492': 'Europe/Moscow', // Vladimir
  '493': 'Europe/Moscow', // Ivanovo
  '494': 'Europe/Moscow', // Kostroma
  '495': 'Europe/Moscow', // Moscow
  '496': 'Europe/Moscow', // Moscow Oblast
  '498': 'Europe/Moscow', // Moscow Oblast
  '499': 'Europe/Moscow', // Moscow
  // North-West, Volga, South, North Caucasus (8xx)
  '811': 'Europe/Moscow', // Pskov
  '812': 'Europe/Moscow', // St Petersburg
  '813': 'Europe/Moscow', // Leningrad Oblast
  '814': 'Europe/Moscow', // Karelia
  '815': 'Europe/Moscow', // Murmansk
  '816': 'Europe/Moscow', // Novgorod
  '817': 'Europe/Moscow', // Vologda
  '818': 'Europe/Moscow', // Arkhangelsk Oblast and Nenets AO
  '820': 'Europe/Moscow', // Cherepovets (Vologda Oblast)
  '821': 'Europe/Moscow', // Komi
  '831': 'Europe/Moscow', // Nizhny Novgorod
  '833': 'Europe/Kirov', // Kirov
  '834': 'Europe/Moscow', // Mordovia
  '835': 'Europe/Moscow', // Chuvashia
  '836': 'Europe/Moscow', // Mari El
  '840': 'Europe/Moscow', // Abkhazia (uses Moscow time)
  '841': 'Europe/Moscow', // Penza
  '842': 'Europe/Ulyanovsk', // Ulyanovsk
  '843': 'Europe/Moscow', // Tatarstan (Kazan)
  '844': 'Europe/Volgograd', // Volgograd
  '845': 'Europe/Saratov', // Saratov
  '846': 'Europe/Samara', // Samara
  '847': 'Europe/Moscow', // Kalmykia
  '848': 'Europe/Samara', // Tolyatti (Samara Oblast)
  '851': 'Europe/Astrakhan', // Astrakhan
  '855': 'Europe/Moscow', // Naberezhnye Chelny (Tatarstan)
  '856': 'Europe/Moscow', // Donetsk
  '857': 'Europe/Moscow', // Luhansk
  '861': 'Europe/Moscow', // Krasnodar Krai
  '862': 'Europe/Moscow', // Sochi
  '863': 'Europe/Moscow', // Rostov
  '865': 'Europe/Moscow', // Stavropol Krai
  '866': 'Europe/Moscow', // Kabardino-Balkaria
  '867': 'Europe/Moscow', // North Ossetia
  '869': 'Europe/Simferopol', // Sevastopol
  '871': 'Europe/Moscow', // Chechnya
  '872': 'Europe/Moscow', // Dagestan
  '873': 'Europe/Moscow', // Ingushetia
  '877': 'Europe/Moscow', // Adygea
  '878': 'Europe/Moscow', // Karachay-Cherkessia
  '879': 'Europe/Moscow', // Mineralnye Vody (Stavropol Krai)
};

/** Every zone this module can return. */
export const RUSSIAN_TIME_ZONES: readonly string[] = [
  'Europe/Kaliningrad',
  'Europe/Moscow',
  'Europe/Simferopol',
  'Europe/Kirov',
  'Europe/Volgograd',
  'Europe/Samara',
  'Europe/Ulyanovsk',
  'Europe/Saratov',
  'Europe/Astrakhan',
  'Asia/Yekaterinburg',
  'Asia/Omsk',
  'Asia/Novosibirsk',
  'Asia/Tomsk',
  'Asia/Novokuznetsk',
  'Asia/Barnaul',
  'Asia/Krasnoyarsk',
  'Asia/Irkutsk',
  'Asia/Chita',
  'Asia/Yakutsk',
  'Asia/Vladivostok',
  'Asia/Sakhalin',
  'Asia/Magadan',
  'Asia/Kamchatka',
  'Asia/Anadyr',
];

// BEGIN GENERATED DEF TABLE — by scripts/gen-def-timezones.mjs; do not edit by hand.
// Source: scripts/data/def-9xx-subset.csv; 598 registry rows → 353 ranges in 11 DEF codes.
const DEF_ZONES: readonly string[] = [
  'Europe/Kaliningrad',
  'Europe/Moscow',
  'Europe/Kirov',
  'Europe/Volgograd',
  'Europe/Samara',
  'Europe/Ulyanovsk',
  'Europe/Saratov',
  'Europe/Astrakhan',
  'Asia/Yekaterinburg',
  'Asia/Omsk',
  'Asia/Novosibirsk',
  'Asia/Tomsk',
  'Asia/Novokuznetsk',
  'Asia/Barnaul',
  'Asia/Krasnoyarsk',
  'Asia/Irkutsk',
  'Asia/Chita',
  'Asia/Yakutsk',
  'Asia/Vladivostok',
  'Asia/Sakhalin',
  'Asia/Magadan',
  'Asia/Kamchatka',
  'Asia/Anadyr',
];

/** DEF code → "from-to:zone" runs (7-digit subscriber numbers, zone = index in DEF_ZONES), ascending. */
const DEF_RANGES: Readonly<Record<string, readonly string[]>> = {
  '900': [
    '0000000-0199999:1 0200000-0499999:8 0500000-0599999:12 0600000-0999999:8 1000000-1099999:12',
    '1100000-1599999:1 1600000-1629999:14 1630000-1649999:13 1650000-1699999:6 1700000-1739999:1',
    '1740000-1749999:3 1750000-1759999:21 1760000-1799999:4 1800000-1839999:3 1840000-1889999:1',
    '1890000-1899999:13 1900000-1969999:1 1970000-2169999:8 2170000-3099999:1 3100000-3149999:6',
    '3150000-3349999:1 3350000-3359999:22 3360000-3449999:18 3450000-3549999:0 3550000-3749999:1',
    '3750000-4049999:8 4050000-4149999:20 4150000-4249999:18 4250000-4349999:19 4350000-4449999:21',
    '4450000-4459999:22 4460000-4509999:5 4510000-4529999:1 4530000-4549999:5 4550000-4649999:1',
    '4650000-4650999:4 4651000-4654999:1 4655000-4664999:5 4665000-4884999:1 4885000-4894999:19',
    '4895000-5199999:1 5200000-5299999:2 5300000-5609999:1 5610000-5709999:0 5710000-6599999:1',
    '6600000-6699999:19 6700000-6799999:9 6800000-6899999:21 6900000-7499999:1 7500000-7899999:8',
    '7900000-8249999:1 8250000-8374999:3 8375000-8375999:11 8376000-8376999:18 8377000-8499999:15',
    '8500000-8998999:1 8999000-8999999:4 9000000-9209999:1 9210000-9239999:11 9240000-9999999:1',
  ],
  '901': [
    '0000000-0135299:1 0135300-0135499:15 0135500-0135599:14 0135600-0135699:16 0135700-0135799:21',
    '0135800-0135899:1 0135900-0135999:13 0136000-0136099:14 0136100-0136199:15 0136200-0136299:1',
    '0136300-0136399:14 0136400-0136599:1 0136600-0136699:16 0136700-0136799:18 0136800-0136899:17',
    '0136900-0136999:21 0137000-0137999:1 0138000-0139999:13 0140000-0169999:1 0170000-0199999:14',
    '0200000-0209999:1 0210000-0219999:12 0294600-0298599:1 0298600-0299899:4 0299900-0764499:1',
    '0764500-0764999:8 0765000-0799999:1 0800000-0899999:8 0900000-0949999:1 0950000-0999999:8',
    '1000000-1069999:1',
  ],
  '912': [
    '4800000-4999999:8 5000000-5099999:1 5100000-5399999:8 5400000-5699999:1 5700000-6999999:8',
    '7000000-7399999:2 7400000-7699999:4 7700000-8199999:8 8200000-8299999:2 8300000-8499999:8',
    '8500000-8599999:4 8600000-8699999:1 8700000-8799999:4 8800000-9399999:8 9400000-9699999:1',
    '9700000-9999999:8',
  ],
  '913': [
    '0000000-0199999:10 0200000-0299999:13 0300000-0599999:14 0600000-0699999:10 0700000-0799999:12',
    '0800000-0999999:13 1000000-1199999:11 1200000-1399999:12 1400000-1599999:9 1600000-1999999:14',
    '2000000-2099999:10 2100000-2799999:13 2800000-3399999:12 3400000-3599999:14 3600000-3699999:13',
    '3700000-3999999:10 4000000-4399999:12 4400000-4499999:14 4500000-4899999:10 4900000-5999999:14',
    '6000000-6899999:9 6900000-6999999:13 7000000-7999999:10 8000000-8299999:11 8300000-8399999:14',
    '8400000-8899999:11 8900000-9599999:10 9600000-9799999:9 9800000-9879999:10 9880000-9889999:9',
    '9890000-9899999:10 9900000-9999999:13',
  ],
  '914': [
    '0000000-0149999:15 0150000-0199999:18 0200000-0299999:21 0300000-0399999:20 0400000-0499999:17',
    '0500000-0599999:15 0600000-0649999:17 0650000-0799999:18 0800000-0829999:22 0830000-0999999:19',
    '1000000-1199999:17 1200000-1499999:16 1500000-2199999:18 2200000-3099999:17 3100000-3499999:18',
    '3500000-3699999:16 3700000-3799999:18 3800000-3999999:17 4000000-4299999:18 4300000-5299999:16',
    '5300000-5329999:17 5330000-5379999:22 5380000-5392999:17 5393000-5399999:1 5400000-5499999:18',
    '5500000-6199999:17 6200000-6299999:21 6300000-6399999:15 6400000-6499999:19 6500000-7399999:18',
    '7400000-7699999:19 7700000-7799999:18 7800000-7899999:21 7900000-7999999:18 8000000-8099999:16',
    '8100000-8199999:18 8200000-8299999:17 8300000-8499999:15 8500000-8699999:20 8700000-9599999:15',
    '9600000-9799999:18 9800000-9899999:15 9900000-9999999:21',
  ],
  '915': ['0000000-9999999:1'],
  '916': ['0000000-9999999:1'],
  '917': [
    '0000000-0029999:7 0030000-0099999:1 0100000-0199999:4 0200000-0299999:6 0300000-0399999:4',
    '0400000-0499999:8 0500000-0639999:5 0640000-0799999:1 0800000-0999999:7 1000000-1699999:4',
    '1700000-1999999:7 2000000-2199999:6 2200000-2999999:1 3000000-3299999:6 3300000-3399999:3',
    '3400000-3899999:8 3900000-3999999:1 4000000-4999999:8 5000000-5999999:1 6000000-6399999:5',
    '6400000-6499999:3 6500000-7199999:1 7200000-7299999:3 7300000-8099999:8 8100000-8299999:4',
    '8300000-8499999:3 8500000-9399999:1 9400000-9799999:4',
  ],
  '932': [
    '2400000-2409999:1 2470000-2599999:8 2600000-2699999:1 3000000-3399999:8 3400000-3999999:1',
    '4000000-4409999:8 4410000-4449999:1 4700000-4899999:8 4900000-4999999:1 5000000-5006999:8',
    '5007000-5069999:1 5070000-5074999:12 5075000-5079999:14 5080000-5084999:8 5085000-5089999:6',
    '5090000-5094999:8 5095000-5096999:5 5097000-5101999:1 5102000-5106999:0 5107000-5124999:1',
    '5125000-5129999:13 5130000-5149999:1 5300000-5614999:8 5615000-5619999:1 6000000-6404999:8',
    '6405000-6419999:1 6500000-6509999:8 6510000-6529999:1 6530000-6539999:8 6540000-6549999:1',
    '6660000-6669999:1 6770000-6789999:1 6790000-6806999:4 6807000-6809999:8 6810000-6859999:1',
    '6860000-6869999:8 6870000-6990999:1 6991000-7099999:8 7100000-7104999:4 7105000-7109999:15',
    '7110000-7114999:1 7115000-7119999:10 7120000-7124999:9 7125000-7134999:1 7135000-7144999:8',
    '7145000-7269999:1 7770000-7779999:1 8400000-8679999:8 8680000-8699999:1 8880000-8889999:1',
    '9990000-9999999:1',
  ],
  '933': [
    '0000000-0099999:1 0100000-0109999:7 0110000-0189999:1 0190000-0194999:8 0195000-0196999:15',
    '0197000-0206999:8 0207000-0216999:1 0217000-0224999:4 0225000-0229999:1 0230000-0279999:14',
    '0280000-0339999:1 0340000-0349999:3 0350000-0399999:1 0400000-0454999:8 0455000-0476999:1',
    '0477000-0491999:8 0492000-0545999:1 0546000-0558999:13 0559000-0569999:18 0570000-0586999:14',
    '0587000-0601999:15 0602000-0626999:1 0627000-0648999:4 0649000-0663999:9 0664000-0686999:8',
    '0687000-0701999:3 0702000-0716999:8 0717000-0727999:4 0728000-0737999:0 0738000-0747999:1',
    '0748000-0764999:12 0765000-0774999:18 0775000-0799999:1 0800000-0801999:6 0802000-0803999:1',
    '0804000-0805999:5 0806000-0809999:1 0810000-0811999:8 0812000-0817999:1 0818000-0819999:11',
    '0820000-0839999:1 0840000-0879999:18 0880000-0924999:1 0925000-0939999:6 0940000-0974999:1',
    '0975000-0989999:14 0990000-0999999:1 1000000-1009999:10 1010000-1049999:1 1050000-1059999:9',
    '1060000-1074999:12',
  ],
  '999': [
    '6600000-6809999:1 6810000-6814999:17 6815000-6869999:15 6870000-7009999:1 7010000-7049999:4',
    '7050000-7089999:1 7090000-7099999:4 7100000-7232999:1 7233000-7238999:5 7239000-7256999:7',
    '7257000-7289999:1 7290000-7299999:4 7300000-7319999:1 7320000-7344999:5 7345000-7349999:7',
    '7350000-7369999:1 7370000-7379999:8 7380000-7409999:1 7410000-7429999:8 7430000-7437999:7',
    '7438000-7439999:1 7440000-7449999:3 7450000-7481999:1 7482000-7499999:3 7500000-7509999:1',
    '7510000-7549999:6 7550000-7569999:1 7570000-7579999:8 7580000-7602999:1 7603000-7642999:8',
    '7643000-7687999:1 7688000-7697999:5 7698000-7919999:1 7920000-7955999:18 7956000-7974999:1',
    '7975000-7976999:0 7977000-9489999:1 9490000-9499999:17 9500000-9999999:1',
  ],
};
// END GENERATED DEF TABLE

type Range = readonly [from: number, to: number, zone: string];
let defIndex: Map<string, Range[]> | null = null;

function defRanges(code: string): Range[] | undefined {
  if (!defIndex) {
    defIndex = new Map();
    for (const [c, chunks] of Object.entries(DEF_RANGES)) {
      const ranges: Range[] = [];
      for (const run of chunks.join(' ').split(' ')) {
        const m = /^(\d{7})-(\d{7}):(\d+)$/.exec(run);
        const zone = m ? DEF_ZONES[Number(m[3])] : undefined;
        if (m && zone) ranges.push([Number(m[1]), Number(m[2]), zone]);
      }
      defIndex.set(c, ranges);
    }
  }
  return defIndex.get(code);
}

/** How a zone was found: by the landline area code, or by the mobile number block. */
export type PhoneZoneSource = 'abc' | 'def';

export interface PhoneZone {
  zone: string;
  source: PhoneZoneSource;
}

/** The likely zone of an E.164 number ("+74012…" → Europe/Kaliningrad) and how it was found, or null. */
export function phoneZoneInfo(e164: string): PhoneZone | null {
  const m = /^\+7(\d{10})$/.exec(e164.trim());
  const national = m?.[1];
  if (!national) return null;
  if (national.startsWith('9')) {
    const subscriber = Number(national.slice(3));
    const ranges = defRanges(national.slice(0, 3));
    if (!ranges) return null;
    let lo = 0;
    let hi = ranges.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = ranges[mid];
      if (!r) break;
      if (subscriber < r[0]) hi = mid - 1;
      else if (subscriber > r[1]) lo = mid + 1;
      else return { zone: r[2], source: 'def' };
    }
    return null;
  }
  for (let len = 5; len >= 3; len--) {
    const zone = ABC_ZONES[national.slice(0, len)];
    if (zone) return { zone, source: 'abc' };
  }
  return null;
}

/**
 * The likely IANA time zone of a Russian number in E.164 ("+74012123456" → "Europe/Kaliningrad"), or null when
 * it is unknown (not +7, Kazakhstan, non-geographic, or a mobile block the table does not cover yet): then use
 * the sender's zone. A best guess — see the module comment.
 */
export function phoneTimeZone(e164: string): string | null {
  return phoneZoneInfo(e164)?.zone ?? null;
}

/** The ABC codes the landline table knows (for tests and diagnostics). */
export function knownAbcCodes(): string[] {
  return Object.keys(ABC_ZONES).sort();
}

/** The DEF codes the mobile table covers, at least in part (for tests and diagnostics). */
export function coveredDefCodes(): string[] {
  return Object.keys(DEF_RANGES).sort();
}
