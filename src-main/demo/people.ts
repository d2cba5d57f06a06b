/** Deterministic generators of realistic Polish sales-office data, shared by the demo seed and the benchmark. */

export type Random = () => number;

/** mulberry32: small, fast, seedable. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(rnd: Random, items: readonly T[]): T => items[Math.floor(rnd() * items.length)]!;
export const between = (rnd: Random, min: number, max: number): number => min + Math.floor(rnd() * (max - min + 1));

/** A picker by weight: weightedPicker({a: 3, b: 1})(rnd) returns 'a' three times as often as 'b'. */
export function weightedPicker<K extends string>(weights: Record<K, number>): (rnd: Random) => K {
  const keys = Object.keys(weights) as K[];
  const cumulative: number[] = [];
  let sum = 0;
  for (const key of keys) cumulative.push((sum += weights[key]));
  return (rnd) => {
    const r = rnd() * sum;
    for (let i = 0; i < cumulative.length; i++) if (r < cumulative[i]!) return keys[i]!;
    return keys[keys.length - 1]!;
  };
}

export function weighted<K extends string>(rnd: Random, weights: Record<K, number>): K {
  return weightedPicker(weights)(rnd);
}

const FEMALE = ['Anna', 'Katarzyna', 'Małgorzata', 'Agnieszka', 'Barbara', 'Ewa', 'Elżbieta', 'Zofia', 'Joanna', 'Magdalena', 'Monika', 'Aleksandra', 'Natalia', 'Żaneta', 'Beata', 'Dorota', 'Paulina', 'Justyna', 'Łucja', 'Jadwiga', 'Urszula', 'Weronika', 'Grażyna', 'Halina'];
const MALE = ['Piotr', 'Krzysztof', 'Andrzej', 'Tomasz', 'Paweł', 'Michał', 'Marcin', 'Jakub', 'Łukasz', 'Grzegorz', 'Mateusz', 'Adam', 'Wojciech', 'Mariusz', 'Dariusz', 'Zbigniew', 'Jerzy', 'Sławomir', 'Bartłomiej', 'Przemysław', 'Józef', 'Maciej', 'Szymon', 'Kamil'];
const SURNAMES = ['Nowak', 'Kowalski', 'Wiśniewski', 'Wójcik', 'Kowalczyk', 'Kamiński', 'Lewandowski', 'Zieliński', 'Szymański', 'Woźniak', 'Dąbrowski', 'Kozłowski', 'Jankowski', 'Mazur', 'Wojciechowski', 'Kwiatkowski', 'Krawczyk', 'Kaczmarek', 'Piotrowski', 'Grabowski', 'Zając', 'Pawłowski', 'Michalski', 'Król', 'Wieczorek', 'Jabłoński', 'Wróbel', 'Nowakowski', 'Majewski', 'Olszewski', 'Stępień', 'Malinowski', 'Jaworski', 'Adamczyk', 'Dudek', 'Nowicki', 'Pawlak', 'Górski', 'Witkowski', 'Walczak', 'Sikora', 'Baran', 'Rutkowski', 'Michalak', 'Szewczyk', 'Ostrowski', 'Tomaszewski', 'Pietrzak', 'Wróblewski', 'Zalewski', 'Jakubowski', 'Zawadzki', 'Bąk', 'Chmielewski', 'Włodarczyk', 'Sokołowski', 'Kubiak', 'Kaźmierczak', 'Głowacki', 'Kołodziej', 'Ziółkowski', 'Brzęczyszczykiewicz', 'Gołębiowski', 'Żak', 'Śliwiński', 'Kałuża'];
const FOREIGN: [string, string, string][] = [
  ['Olena', 'Kovalenko', 'uk'],
  ['Dmytro', 'Shevchenko', 'uk'],
  ['Олена', 'Бондаренко', 'uk'],
  ['Иван', 'Петров', 'ru'],
  ['John', 'Smith', 'en'],
  ['María', 'García', 'es'],
  ['João', 'Silva', 'pt'],
];

function feminine(surname: string): string {
  if (/(ski|cki|dzki)$/.test(surname)) return surname.slice(0, -1) + 'a';
  return surname;
}

export interface Person {
  firstName: string;
  lastName: string;
  language: string;
}

export function person(rnd: Random): Person {
  if (rnd() < 0.05) {
    const [firstName, lastName, language] = pick(rnd, FOREIGN);
    return { firstName, lastName, language };
  }
  const surname = pick(rnd, SURNAMES);
  return rnd() < 0.5
    ? { firstName: pick(rnd, FEMALE), lastName: feminine(surname), language: 'pl' }
    : { firstName: pick(rnd, MALE), lastName: surname, language: 'pl' };
}

/** A Polish number written the many ways people and portals write it. */
export function phone(rnd: Random): string {
  const landline = rnd() < 0.08;
  const digits = landline
    ? `${pick(rnd, ['22', '12', '58', '61', '71'])}${between(rnd, 2000000, 7999999)}`
    : `${pick(rnd, ['50', '51', '53', '57', '60', '66', '69', '72', '78', '79', '88'])}${between(rnd, 1000000, 9999999)}`;
  const [a, b, c] = [digits.slice(0, 3), digits.slice(3, 6), digits.slice(6)];
  if (landline) return `(${digits.slice(0, 2)}) ${digits.slice(2, 5)} ${digits.slice(5, 7)} ${digits.slice(7)}`;
  return pick(rnd, [
    `${a} ${b} ${c}`,
    `${a}-${b}-${c}`,
    `+48 ${a} ${b} ${c}`,
    `+48${digits}`,
    `0048${digits}`,
    `48 ${digits}`,
    digits,
    `(+48) ${a} ${b} ${c}`,
  ]);
}

const ASCII: Record<string, string> = { ą: 'a', ć: 'c', ę: 'e', ł: 'l', ń: 'n', ó: 'o', ś: 's', ź: 'z', ż: 'z' };
const DOMAINS = ['gmail.com', 'wp.pl', 'onet.pl', 'o2.pl', 'interia.pl', 'op.pl', 'poczta.fm', 'outlook.com'];

export function email(rnd: Random, p: Person): string {
  const ascii = (s: string) =>
    s
      .toLowerCase()
      .replace(/[ąćęłńóśźż]/g, (ch) => ASCII[ch] ?? ch)
      .normalize('NFD')
      .replace(/[^a-z]/g, '');
  const first = ascii(p.firstName) || 'klient';
  const last = ascii(p.lastName) || String(between(rnd, 100, 999));
  const local = pick(rnd, [`${first}.${last}`, `${first[0]}${last}`, `${first}${last}${between(rnd, 1, 99)}`, `${last}.${first}`]);
  const address = `${local}@${pick(rnd, DOMAINS)}`;
  return rnd() < 0.07 ? address.toUpperCase() : rnd() < 0.05 ? ` ${address} ` : address;
}

export function message(rnd: Random, investmentName: string): string {
  const rooms = between(rnd, 1, 5);
  return pick(rnd, [
    `Dzień dobry, jestem zainteresowany mieszkaniem ${rooms}-pokojowym w inwestycji ${investmentName}. Proszę o kontakt telefoniczny po 16:00.`,
    `Czy są jeszcze dostępne mieszkania z ogródkiem w ${investmentName}? Proszę o cennik.`,
    'Proszę o przesłanie cennika i rzutów mieszkań. Pozdrawiam.',
    `Interesuje mnie lokal ok. ${between(rnd, 35, 95)} m², piętro ${between(rnd, 0, 6)}. Jaki jest termin oddania?`,
    'Chciałabym umówić się na spotkanie w biurze sprzedaży w sobotę przed południem.',
    'Czy możliwy jest zakup z kredytem w programie „Mieszkanie na Start”? Jaki jest harmonogram płatności?',
    'Proszę o informację o miejscach postojowych w garażu podziemnym i komórkach lokatorskich.',
    `Szukamy ${rooms}-pokojowego mieszkania dla rodziny z dziećmi, najlepiej z balkonem od południa.`,
    'Zakup inwestycyjny pod wynajem – proszę o ofertę na kilka kawalerek.',
    'Test formularza – proszę zignorować.',
  ]);
}
