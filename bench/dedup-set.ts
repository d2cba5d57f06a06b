/**
 * The labelled set for duplicate detection: existing clients, and new leads ("probes") of which the true client is
 * known (or known to be nobody). Deterministic (seeded), built in code, no data files.
 *
 * People: Polish first names (75 per gender, Anna about 7% of women) and surnames: the ~130 commonest real ones carry
 * 13% of people (Nowak 0.75%, as in Poland), the rest a long tail of about 60,000 synthetic Polish-looking surnames
 * (onset + vowel + consonant + suffix: Brokowski, Szelak, Trunczyk), which also brings the one-letter neighbours real
 * surnames have; 9% Ukrainians and Russians (stored in passport Latin, in Cyrillic or in Polish spelling), 3% other
 * foreigners. So namesakes among distinct people are as rare as in a real office of this size rather than constant
 * (with the demo's 48 first names x 66 surnames nearly every name would repeat). Every client is a distinct person
 * with a phone and/or e-mail of their own; 5% have a spouse who is a client too (15% of those couples share one
 * phone). Every client has the lead it was converted from; 15% also an earlier inquiry with another phone or e-mail
 * (the candidate finder reads those through the leads).
 *
 * Probes with a true client (kind: how the lead differs from the client card) and their evidence: "phone" (the
 * client's number, typed another way), "email" (the client's address, maybe in other case), "lead" (a contact the
 * client used only in an earlier inquiry) or "name" (new phone and e-mail: only the name ties them). The
 * name-variant kinds are 50% name-only, 35% phone, 15% e-mail. Typos are exactly 1 or 2 edits as matching measures
 * them (OSA distance of the folded keys): neighbours swapped 30%, a letter dropped 22%, doubled 16%, a neighbouring
 * key 22%, a Polish phonetic slip 10% (ó/u, rz/ż, ch/h, ą/om); at a uniform position, so about one in seven touches
 * the first letter; 2 edits in a name of 4-6 letters are beyond the rules' typo allowance by design. Probes with no true client are new people: drawn like
 * the clients, common surnames with other first names, and spouses of clients (own contact, or the household's phone:
 * a different person, so no true client, but the client rightly comes up as a candidate; counted as a false candidate
 * in the headline, and separately as "household" so it can be read either way).
 *
 * Extra kinds (realistic in a Polish office, beyond the brief; reported apart, not in the headline figures):
 * Ukrainian names in Polish spelling (Szewczenko ~ Shevchenko), a double-barrelled surname (Nowak-Kowalska ~
 * Kowalska) and a diminutive first name (Kasia ~ Katarzyna).
 */
import { seededRandom, type Random } from '../src-main/demo/people';
import { nameKey } from '../src-shared/clients/matching';
import { emailKey } from '../src-shared/text/normalize';
import { editDistance } from '../src-shared/text/similarity';

// ---------------------------------------------------------------------------------------------------------------
// Kinds and their counts (the documented mix).

export const TRUE_KINDS = {
  phone_reformatted: 100,
  email_case_space: 60,
  gmail_dots_tags: 60,
  new_email_name_phone: 60,
  new_email_name_only: 80,
  typo_first_1: 70,
  typo_first_2: 40,
  typo_last_1: 70,
  typo_last_2: 40,
  no_diacritics: 80,
  swapped: 60,
  cyrillic_latin: 70,
  initial: 50,
  via_earlier_lead: 40,
} as const;
export const NONE_KINDS = { new_person: 200, new_common_surname: 150, spouse_own_contact: 60, spouse_shared_phone: 40 } as const;
export const EXTRA_KINDS = { cyrillic_polish_spelling: 30, double_surname: 40, diminutive: 40 } as const;

export type TrueKind = keyof typeof TRUE_KINDS;
export type NoneKind = keyof typeof NONE_KINDS;
export type ExtraKind = keyof typeof EXTRA_KINDS;
export type ProbeKind = TrueKind | NoneKind | ExtraKind;
export type Evidence = 'phone' | 'email' | 'lead' | 'name' | 'none';

const BASE_CLIENTS = 2400;
const HOUSEHOLD_SHARE = 0.05;

export interface LabelledContact {
  phoneRaw: string | null;
  email: string | null;
}

export interface LabelledClient extends LabelledContact {
  id: string;
  firstName: string;
  lastName: string;
  createdAt: number;
  /** A contact the client used in an earlier inquiry only (a linked lead), not on the client card. */
  earlier: LabelledContact | null;
}

export interface LabelledProbe extends LabelledContact {
  id: string;
  kind: ProbeKind;
  evidence: Evidence;
  /** What the variant is, for the breakdown of misses (e.g. "first letter", "beyond allowance"). */
  note: string;
  firstName: string | null;
  lastName: string | null;
  trueClientId: string | null;
  /** A spouse's client record, expected to come up through the shared phone (spouse_shared_phone only). */
  householdClientId: string | null;
}

export interface LabelledSet {
  clients: LabelledClient[];
  probes: LabelledProbe[];
  /** How many of each, as built (for the printout). */
  mix: Record<string, number>;
}

// ---------------------------------------------------------------------------------------------------------------
// Name pools.

const FEMALE = ['Anna', 'Maria', 'Katarzyna', 'Małgorzata', 'Agnieszka', 'Barbara', 'Krystyna', 'Ewa', 'Elżbieta', 'Zofia', 'Teresa', 'Magdalena', 'Joanna', 'Janina', 'Monika', 'Danuta', 'Jadwiga', 'Aleksandra', 'Halina', 'Irena', 'Beata', 'Marta', 'Dorota', 'Karolina', 'Jolanta', 'Iwona', 'Natalia', 'Grażyna', 'Justyna', 'Renata', 'Paulina', 'Agata', 'Urszula', 'Izabela', 'Sylwia', 'Bożena', 'Alicja', 'Julia', 'Wanda', 'Hanna', 'Ewelina', 'Patrycja', 'Kamila', 'Marianna', 'Emilia', 'Weronika', 'Helena', 'Stanisława', 'Wiktoria', 'Dominika', 'Edyta', 'Martyna', 'Marzena', 'Gabriela', 'Kinga', 'Klaudia', 'Anita', 'Aneta', 'Oliwia', 'Lena', 'Milena', 'Łucja', 'Żaneta', 'Daria', 'Angelika', 'Michalina', 'Amelia', 'Roksana', 'Bogumiła', 'Genowefa', 'Lucyna', 'Wiesława', 'Aniela', 'Jagoda', 'Zuzanna'];
const MALE = ['Piotr', 'Krzysztof', 'Andrzej', 'Jan', 'Tomasz', 'Stanisław', 'Paweł', 'Józef', 'Marcin', 'Marek', 'Michał', 'Grzegorz', 'Jerzy', 'Tadeusz', 'Adam', 'Łukasz', 'Zbigniew', 'Ryszard', 'Dariusz', 'Henryk', 'Mariusz', 'Kazimierz', 'Wojciech', 'Robert', 'Mateusz', 'Marian', 'Rafał', 'Jacek', 'Janusz', 'Mirosław', 'Maciej', 'Sławomir', 'Jarosław', 'Kamil', 'Wiesław', 'Roman', 'Władysław', 'Jakub', 'Artur', 'Zdzisław', 'Edward', 'Mieczysław', 'Damian', 'Dawid', 'Przemysław', 'Sebastian', 'Czesław', 'Leszek', 'Daniel', 'Waldemar', 'Szymon', 'Bartosz', 'Kacper', 'Patryk', 'Filip', 'Karol', 'Arkadiusz', 'Radosław', 'Hubert', 'Bartłomiej', 'Dominik', 'Adrian', 'Antoni', 'Igor', 'Oskar', 'Wiktor', 'Konrad', 'Eryk', 'Witold', 'Bogdan', 'Franciszek', 'Julian', 'Aleksander', 'Ireneusz', 'Norbert'];
/** Roughly by frequency in Poland (masculine forms). */
const SURNAMES = ['Nowak', 'Kowalski', 'Wiśniewski', 'Wójcik', 'Kowalczyk', 'Kamiński', 'Lewandowski', 'Zieliński', 'Szymański', 'Woźniak', 'Dąbrowski', 'Kozłowski', 'Jankowski', 'Mazur', 'Kwiatkowski', 'Wojciechowski', 'Krawczyk', 'Kaczmarek', 'Piotrowski', 'Grabowski', 'Zając', 'Pawłowski', 'Król', 'Michalski', 'Wróbel', 'Wieczorek', 'Jabłoński', 'Nowakowski', 'Majewski', 'Olszewski', 'Stępień', 'Jaworski', 'Malinowski', 'Dudek', 'Adamczyk', 'Pawlak', 'Górski', 'Nowicki', 'Sikora', 'Walczak', 'Witkowski', 'Baran', 'Rutkowski', 'Michalak', 'Szewczyk', 'Ostrowski', 'Tomaszewski', 'Pietrzak', 'Duda', 'Zalewski', 'Wróblewski', 'Jasiński', 'Marciniak', 'Bąk', 'Zawadzki', 'Jakubowski', 'Sadowski', 'Włodarczyk', 'Chmielewski', 'Borkowski', 'Sokołowski', 'Szczepański', 'Sawicki', 'Kucharski', 'Lis', 'Maciejewski', 'Kubiak', 'Kalinowski', 'Mazurek', 'Wysocki', 'Kołodziej', 'Kaźmierczak', 'Czarnecki', 'Sobczak', 'Konieczny', 'Urbański', 'Głowacki', 'Wasilewski', 'Sikorski', 'Zakrzewski', 'Krajewski', 'Krupa', 'Laskowski', 'Ziółkowski', 'Gajewski', 'Szulc', 'Mróz', 'Brzeziński', 'Makowski', 'Przybylski', 'Kaczmarczyk', 'Baranowski', 'Borowski', 'Szymczak', 'Kowalewski', 'Błaszczyk', 'Adamski', 'Górecki', 'Czerwiński', 'Andrzejewski', 'Kołodziejczyk', 'Cieślak', 'Leśniak', 'Wójtowicz', 'Jędrzejewski', 'Mucha', 'Sowa', 'Kurek', 'Stachowiak', 'Urban', 'Kaczor', 'Janik', 'Tomczak', 'Pietrzyk', 'Kasprzak', 'Marczak', 'Żak', 'Śliwiński', 'Kałuża', 'Gołębiowski', 'Brzęczyszczykiewicz', 'Bednarek', 'Matuszewski', 'Michalik', 'Orłowski', 'Rogalski', 'Skrzypczak', 'Grzelak', 'Dziedzic', 'Wrona'];
/** The long tail: onset + vowel + consonant + suffix (Brokowski, Szelak, Trunczyk): about 60,000 surnames. */
const ONSETS = ['B', 'Bl', 'Br', 'Ch', 'Cz', 'D', 'Dr', 'F', 'G', 'Gl', 'Gr', 'H', 'J', 'K', 'Kl', 'Kr', 'L', 'Ł', 'M', 'N', 'P', 'Pl', 'Pr', 'R', 'S', 'Sk', 'St', 'Sz', 'T', 'Tr', 'W', 'Wr', 'Z', 'Ż'];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'ą', 'ę', 'ó'];
const CODAS = ['b', 'c', 'ch', 'cz', 'd', 'g', 'k', 'l', 'ł', 'm', 'n', 'p', 'r', 's', 'sz', 't', 'w', 'z', 'rz', 'ż'];
const SUFFIXES = ['owski', 'ewski', 'iński', 'ecki', 'icki', 'ak', 'ek', 'ik', 'czyk', 'uk', 'as', 'ka', 'ała', 'ura', 'yło'];
const COMMON_SURNAMES = ['Nowak', 'Kowalski', 'Wiśniewski', 'Wójcik', 'Kowalczyk'];

type Spelled = [cyrillic: string, passport: string, polish: string];
const UK_FEMALE: Spelled[] = [['Олена', 'Olena', 'Ołena'], ['Ірина', 'Iryna', 'Iryna'], ['Наталія', 'Nataliia', 'Natalia'], ['Юлія', 'Yuliia', 'Julia'], ['Ганна', 'Hanna', 'Hanna'], ['Тетяна', 'Tetiana', 'Tetiana'], ['Оксана', 'Oksana', 'Oksana'], ['Людмила', 'Liudmyla', 'Ludmyła'], ['Світлана', 'Svitlana', 'Switłana'], ['Марія', 'Mariia', 'Maria'], ['Катерина', 'Kateryna', 'Kateryna'], ['Вікторія', 'Viktoriia', 'Wiktoria'], ['Анастасія', 'Anastasiia', 'Anastazja']];
const UK_MALE: Spelled[] = [['Дмитро', 'Dmytro', 'Dmytro'], ['Олександр', 'Oleksandr', 'Ołeksandr'], ['Андрій', 'Andrii', 'Andrij'], ['Сергій', 'Serhii', 'Serhij'], ['Олег', 'Oleh', 'Ołeh'], ['Богдан', 'Bohdan', 'Bohdan'], ['Віктор', 'Viktor', 'Wiktor'], ['Михайло', 'Mykhailo', 'Mychajło'], ['Ігор', 'Ihor', 'Ihor'], ['Василь', 'Vasyl', 'Wasyl'], ['Євген', 'Yevhen', 'Jewhen'], ['Максим', 'Maksym', 'Maksym'], ['Володимир', 'Volodymyr', 'Wołodymyr'], ['Юрій', 'Yurii', 'Jurij'], ['Тарас', 'Taras', 'Taras']];
const UK_SURNAMES: Spelled[] = [['Коваленко', 'Kovalenko', 'Kowalenko'], ['Шевченко', 'Shevchenko', 'Szewczenko'], ['Бондаренко', 'Bondarenko', 'Bondarenko'], ['Ткаченко', 'Tkachenko', 'Tkaczenko'], ['Кравченко', 'Kravchenko', 'Krawczenko'], ['Мельник', 'Melnyk', 'Melnyk'], ['Бойко', 'Boiko', 'Bojko'], ['Поліщук', 'Polishchuk', 'Poliszczuk'], ['Лисенко', 'Lysenko', 'Łysenko'], ['Савченко', 'Savchenko', 'Sawczenko'], ['Руденко', 'Rudenko', 'Rudenko'], ['Марченко', 'Marchenko', 'Marczenko'], ['Мороз', 'Moroz', 'Moroz'], ['Павленко', 'Pavlenko', 'Pawlenko'], ['Гончаренко', 'Honcharenko', 'Honczarenko'], ['Литвиненко', 'Lytvynenko', 'Łytwynenko'], ['Кузьменко', 'Kuzmenko', 'Kuźmenko'], ['Кравчук', 'Kravchuk', 'Krawczuk'], ['Захарченко', 'Zakharchenko', 'Zacharczenko'], ['Олійник', 'Oliinyk', 'Olijnyk'], ['Ковальчук', 'Kovalchuk', 'Kowalczuk'], ['Петренко', 'Petrenko', 'Petrenko'], ['Романенко', 'Romanenko', 'Romanenko']];
const RU_FEMALE: Spelled[] = [['Мария', 'Maria', 'Maria'], ['Екатерина', 'Ekaterina', 'Jekaterina'], ['Анастасия', 'Anastasia', 'Anastazja'], ['Татьяна', 'Tatiana', 'Tatiana'], ['Юлия', 'Yulia', 'Julia'], ['Наталья', 'Natalia', 'Natalia'], ['Ольга', 'Olga', 'Olga'], ['Елена', 'Elena', 'Jelena'], ['Ирина', 'Irina', 'Irina'], ['Светлана', 'Svetlana', 'Swietłana']];
const RU_MALE: Spelled[] = [['Иван', 'Ivan', 'Iwan'], ['Сергей', 'Sergei', 'Siergiej'], ['Алексей', 'Aleksei', 'Aleksiej'], ['Дмитрий', 'Dmitry', 'Dmitrij'], ['Александр', 'Aleksandr', 'Aleksandr'], ['Андрей', 'Andrei', 'Andriej'], ['Евгений', 'Evgeny', 'Jewgienij'], ['Михаил', 'Mikhail', 'Michaił'], ['Николай', 'Nikolai', 'Nikołaj'], ['Владимир', 'Vladimir', 'Władimir']];
/** Masculine; the feminine adds а / a. */
const RU_SURNAMES: Spelled[] = [['Иванов', 'Ivanov', 'Iwanow'], ['Петров', 'Petrov', 'Pietrow'], ['Смирнов', 'Smirnov', 'Smirnow'], ['Кузнецов', 'Kuznetsov', 'Kuzniecow'], ['Попов', 'Popov', 'Popow'], ['Соколов', 'Sokolov', 'Sokołow'], ['Волков', 'Volkov', 'Wołkow'], ['Морозов', 'Morozov', 'Morozow'], ['Лебедев', 'Lebedev', 'Lebiediew'], ['Новиков', 'Novikov', 'Nowikow'], ['Фёдоров', 'Fedorov', 'Fiodorow'], ['Козлов', 'Kozlov', 'Kozłow'], ['Егоров', 'Egorov', 'Jegorow'], ['Михайлов', 'Mikhailov', 'Michajłow'], ['Соловьёв', 'Solovyov', 'Sołowjow']];
const OTHER_FIRST = ['John', 'Emma', 'María', 'João', 'Giulia', 'Thomas', 'Aylin', 'Pierre', 'Sarah', 'Lukas', 'David', 'Laura', 'Marco', 'Sofia', 'Ahmed', 'Elif', 'Michael', 'Anna', 'Jan', 'Eva', 'Mehmet', 'Chloé', 'Hans', 'Lucía'];
const OTHER_LAST = ['Smith', 'Johnson', 'García', 'Silva', 'Rossi', 'Müller', 'Yılmaz', 'Dubois', 'O’Connor', 'Novák', 'Schmidt', 'Martínez', 'Bianchi', 'Kaya', 'Brown', 'Fischer', 'Svoboda', 'Horváth', 'Nguyen', 'Fernandes', 'Jensen', 'Andersson', 'Weber', 'Moreau'];

const DIMINUTIVES: Record<string, string> = {
  Anna: 'Ania', Maria: 'Marysia', Katarzyna: 'Kasia', Małgorzata: 'Gosia', Agnieszka: 'Aga', Barbara: 'Basia', Krystyna: 'Krysia', Elżbieta: 'Ela', Zofia: 'Zosia', Magdalena: 'Magda', Joanna: 'Asia', Aleksandra: 'Ola', Jolanta: 'Jola', Izabela: 'Iza', Urszula: 'Ula', Alicja: 'Ala', Julia: 'Julka', Wiktoria: 'Wika', Emilia: 'Emilka', Helena: 'Hela', Gabriela: 'Gabrysia', Zuzanna: 'Zuzia',
  Piotr: 'Piotrek', Krzysztof: 'Krzysiek', Jan: 'Janek', Tomasz: 'Tomek', Stanisław: 'Staszek', Józef: 'Józek', Grzegorz: 'Grzesiek', Jerzy: 'Jurek', Tadeusz: 'Tadek', Zbigniew: 'Zbyszek', Ryszard: 'Rysiek', Dariusz: 'Darek', Henryk: 'Heniek', Kazimierz: 'Kazik', Wojciech: 'Wojtek', Mirosław: 'Mirek', Maciej: 'Maciek', Sławomir: 'Sławek', Jarosław: 'Jarek', Jakub: 'Kuba', Władysław: 'Władek', Przemysław: 'Przemek', Bartosz: 'Bartek', Bartłomiej: 'Bartek', Aleksander: 'Olek', Antoni: 'Antek', Franciszek: 'Franek', Wiesław: 'Wiesiek', Radosław: 'Radek', Arkadiusz: 'Arek', Zdzisław: 'Zdzisiek',
};

/** Items weighted 1 / (rank + offset)^exponent: the head repeats, the tail is long. */
function zipf<T>(items: readonly T[], offset: number, exponent: number): (rnd: Random) => T {
  const cumulative: number[] = [];
  let sum = 0;
  items.forEach((_, i) => cumulative.push((sum += 1 / (i + offset) ** exponent)));
  return (rnd) => {
    const r = rnd() * sum;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! > r) hi = mid;
      else lo = mid + 1;
    }
    return items[lo]!;
  };
}
const pickOf = <T>(rnd: Random, items: readonly T[]): T => items[Math.floor(rnd() * items.length)]!;
const chance = (rnd: Random, p: number) => rnd() < p;

// First names: Anna about 7% of women, the 75th name 0.4% (in Poland: Anna 6%, the top 75 about 85% of people).
const femaleFirst = zipf(FEMALE, 5, 1);
const maleFirst = zipf(MALE, 5, 1);
// Surnames: the ~130 commonest carry 13% of people (as in Poland), Nowak 0.75%; the rest is the long tail.
const realSurname = zipf(SURNAMES, 2, 0.7);
const REAL_SURNAME_SHARE = 0.13;
const tailSurname = (rnd: Random) => `${pickOf(rnd, ONSETS)}${pickOf(rnd, VOWELS)}${pickOf(rnd, CODAS)}${pickOf(rnd, SUFFIXES)}`;

export function feminine(surname: string): string {
  return /(ski|cki|dzki)$/.test(surname) ? surname.slice(0, -1) + 'a' : surname;
}
export function masculine(surname: string): string {
  return /(ska|cka|dzka)$/.test(surname) ? surname.slice(0, -1) + 'i' : surname;
}

// ---------------------------------------------------------------------------------------------------------------
// People.

type Script = 0 | 1 | 2; // index into Spelled: Cyrillic, passport Latin, Polish spelling

interface Person {
  first: string;
  last: string;
  female: boolean;
  origin: 'pl' | 'uk' | 'ru' | 'other';
  /** Ukrainians and Russians: the name in all three spellings, and the one this record uses. */
  spelled?: { first: Spelled; last: Spelled; script: Script };
}

function spell(p: { first: Spelled; last: Spelled }, script: Script): { first: string; last: string } {
  return { first: p.first[script], last: p.last[script] };
}

function polishPerson(rnd: Random, female = chance(rnd, 0.5)): Person {
  const surname = chance(rnd, REAL_SURNAME_SHARE) ? realSurname(rnd) : tailSurname(rnd);
  return female ? { first: femaleFirst(rnd), last: feminine(surname), female, origin: 'pl' } : { first: maleFirst(rnd), last: surname, female, origin: 'pl' };
}

function easternPerson(rnd: Random): Person {
  const female = chance(rnd, 0.5);
  const uk = chance(rnd, 2 / 3);
  const first = pickOf(rnd, uk ? (female ? UK_FEMALE : UK_MALE) : female ? RU_FEMALE : RU_MALE);
  let last = pickOf(rnd, uk ? UK_SURNAMES : RU_SURNAMES);
  if (!uk && female) last = [`${last[0]}а`, `${last[1]}a`, `${last[2]}a`];
  const r = rnd();
  const script: Script = r < 0.65 ? 1 : r < 0.9 ? 0 : 2;
  return { ...spell({ first, last }, script), female, origin: uk ? 'uk' : 'ru', spelled: { first, last, script } };
}

function randomPerson(rnd: Random): Person {
  const r = rnd();
  if (r < 0.09) return easternPerson(rnd);
  if (r < 0.12) return { first: pickOf(rnd, OTHER_FIRST), last: pickOf(rnd, OTHER_LAST), female: false, origin: 'other' };
  return polishPerson(rnd);
}

// ---------------------------------------------------------------------------------------------------------------
// Contacts: unique phones and mailboxes, written the many ways people and portals write them.

const PL_PREFIXES = ['50', '51', '53', '57', '60', '66', '69', '72', '78', '79', '88'];
const UA_PREFIXES = ['50', '63', '66', '67', '68', '73', '93', '96', '97', '98'];
const DOMAINS: [string, number][] = [['gmail.com', 30], ['wp.pl', 15], ['onet.pl', 12], ['o2.pl', 10], ['interia.pl', 10], ['op.pl', 5], ['poczta.fm', 3], ['outlook.com', 8], ['yahoo.com', 3], ['icloud.com', 4]];
const PORTAL_TAGS = ['otodom', 'morizon', 'olx', 'gratka', 'domiporta', 'fb', 'leads'];

interface Phone {
  country: '48' | '380';
  national: string; // 9 digits
}

function phoneFormats(p: Phone): string[] {
  const d = p.national;
  if (p.country === '380') {
    const [a, b, c, e] = [d.slice(0, 2), d.slice(2, 5), d.slice(5, 7), d.slice(7)];
    return [`+380 ${a} ${b} ${c} ${e}`, `00380${d}`, `0${a} ${b} ${c} ${e}`, `+380${d}`, `380${d}`, `+380 (${a}) ${b}-${c}-${e}`];
  }
  const [a, b, c] = [d.slice(0, 3), d.slice(3, 6), d.slice(6)];
  return [`+48 ${a} ${b} ${c}`, `0048${d}`, `${a}-${b}-${c}`, `(+48) ${a} ${b} ${c}`, `48${d}`, d, `+48${d}`, `${a} ${b} ${c}`, `+48-${a}-${b}-${c}`];
}

/** As typed into the client form (the office's own habit: mostly "600 100 200"). */
function clientFormat(rnd: Random, p: Phone): string {
  const f = phoneFormats(p);
  if (p.country === '380') return f[0]!;
  const r = rnd();
  return r < 0.5 ? f[7]! : r < 0.8 ? f[0]! : f[5]!;
}

/** The same number written differently from `typed`. */
function reformat(rnd: Random, p: Phone, typed: string): string {
  const options = phoneFormats(p).filter((f) => f !== typed);
  return pickOf(rnd, options);
}

const asciiName = (s: string) =>
  s
    .toLowerCase()
    .replace(/ł/g, 'l')
    .normalize('NFD')
    .replace(/[^a-z]/g, '');

class Registry {
  private phones = new Set<string>();
  private mailboxes = new Set<string>();
  constructor(private rnd: Random) {}

  phone(country: Phone['country'] = '48'): Phone {
    for (;;) {
      const prefix = pickOf(this.rnd, country === '48' ? PL_PREFIXES : UA_PREFIXES);
      const national = `${prefix}${String(Math.floor(this.rnd() * 1e7)).padStart(7, '0')}`;
      if (this.phones.has(national)) continue;
      this.phones.add(national);
      return { country, national };
    }
  }

  /** A mailbox nobody else has (by the app's e-mail key), made from the person's name. */
  email(p: Person, avoidGmail = false): string {
    const latin = p.spelled ? spell(p.spelled, 1) : { first: p.first, last: p.last };
    const first = asciiName(latin.first) || 'klient';
    const last = asciiName(latin.last) || 'x';
    for (let attempt = 0; ; attempt++) {
      const n = String(10 + Math.floor(this.rnd() * 90));
      const local = pickOf(this.rnd, [`${first}.${last}`, `${first[0]}${last}`, `${first}${last}${n}`, `${last}.${first}`, `${first}_${last}`, `${first}.${last}${n}`]);
      let domain = this.domain();
      if (avoidGmail) while (domain === 'gmail.com') domain = this.domain();
      const address = attempt > 3 ? `${local}${Math.floor(this.rnd() * 1000)}@${domain}` : `${local}@${domain}`;
      const key = emailKey(address)!;
      if (this.mailboxes.has(key)) continue;
      this.mailboxes.add(key);
      return address;
    }
  }

  private domain(): string {
    const total = DOMAINS.reduce((s, [, w]) => s + w, 0);
    let r = this.rnd() * total;
    for (const [d, w] of DOMAINS) if ((r -= w) < 0) return d;
    return DOMAINS[0]![0];
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Name variants.

const KEYBOARD = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
function keyNeighbour(rnd: Random, ch: string): string {
  const lower = ch.toLowerCase();
  for (const row of KEYBOARD) {
    const i = row.indexOf(lower);
    if (i < 0) continue;
    const options = [row[i - 1], row[i + 1]].filter((c): c is string => !!c);
    return pickOf(rnd, options);
  }
  return pickOf(rnd, ['a', 'e', 'o', 'i']);
}

/** Polish spelling slips that sound the same. */
const PHONETIC: [RegExp, string][] = [[/ó/, 'u'], [/u/, 'ó'], [/ż/, 'rz'], [/rz/, 'ż'], [/ch/, 'h'], [/h/, 'ch'], [/ą/, 'om'], [/ę/, 'en'], [/ii/, 'i'], [/j/, 'i']];

function capitalizeLike(original: string, value: string): string {
  if (!value) return value;
  const capital = original[0] === original[0]!.toUpperCase();
  return capital ? value[0]!.toUpperCase() + value.slice(1).toLowerCase() : value.toLowerCase();
}

/** One typing slip: neighbours swapped, a letter dropped or doubled, a key next to the right one, a phonetic slip. */
function oneTypo(rnd: Random, name: string): { value: string; pos: number } {
  const s = name.toLowerCase();
  const r = rnd();
  if (r < 0.1) {
    const options = PHONETIC.filter(([re]) => re.test(s));
    if (options.length) {
      const [re, to] = pickOf(rnd, options);
      const pos = s.search(re);
      return { value: capitalizeLike(name, s.replace(re, to)), pos };
    }
  }
  const pos = Math.floor(rnd() * s.length);
  let value: string;
  if (r < 0.4 && pos < s.length - 1) value = s.slice(0, pos) + s[pos + 1] + s[pos] + s.slice(pos + 2);
  else if (r < 0.62) value = s.slice(0, pos) + s.slice(pos + 1);
  else if (r < 0.78) value = s.slice(0, pos) + s[pos] + s.slice(pos);
  else value = s.slice(0, pos) + keyNeighbour(rnd, s[pos]!) + s.slice(pos + 1);
  return { value: capitalizeLike(name, value), pos };
}

/** `name` with exactly `edits` typos as matching measures them (on the folded key), or null if none could be made. */
function withTypos(rnd: Random, name: string, edits: 1 | 2): { value: string; firstLetter: boolean } | null {
  for (let attempt = 0; attempt < 50; attempt++) {
    let value = name;
    let firstLetter = false;
    for (let e = 0; e < edits; e++) {
      const t = oneTypo(rnd, value);
      value = t.value;
      firstLetter ||= t.pos === 0;
    }
    const a = nameKey(name);
    const b = nameKey(value);
    if (b.length >= 2 && editDistance(a, b) === edits) return { value, firstLetter: firstLetter || a[0] !== b[0] };
  }
  return null;
}

const POLISH = /[ąćęłńóśźżĄĆĘŁŃÓŚŹŻ]/;
const stripPolish = (s: string) => s.replace(/ł/g, 'l').replace(/Ł/g, 'L').normalize('NFD').replace(/[\u0300-\u036f]/g, '');

/** Name as it arrives from web forms: sometimes in capitals or lower case. */
function formCase(rnd: Random, s: string): string {
  const r = rnd();
  return r < 0.07 ? s.toUpperCase() : r < 0.12 ? s.toLowerCase() : s;
}

// ---------------------------------------------------------------------------------------------------------------
// The set.

interface ClientSeed extends LabelledClient {
  person: Person;
  phone: Phone | null;
  /** Stored with the first name as an initial ("J."), as taken down on a phone call. */
  initialStored: boolean;
  /** The spouse's client record, when both are clients. */
  spouseId: string | null;
}

export function buildLabelledSet(seed = 2026): LabelledSet {
  const rnd = seededRandom(seed);
  const reg = new Registry(rnd);
  const BASE = Date.UTC(2026, 0, 1);
  const clients: ClientSeed[] = [];

  const addClient = (person: Person, opts: { phone?: Phone | null; initial?: boolean } = {}): ClientSeed => {
    const n = clients.length;
    const phone = opts.phone !== undefined ? opts.phone : chance(rnd, 0.88) ? reg.phone(person.origin === 'uk' && chance(rnd, 0.5) ? '380' : '48') : null;
    const email = !phone || chance(rnd, 0.72) ? reg.email(person) : null;
    let { first, last } = person;
    if (person.origin === 'pl' && chance(rnd, 0.06)) [first, last] = [stripPolish(first), stripPolish(last)];
    const initialStored = !!opts.initial;
    if (initialStored) first = `${first[0]}.`;
    const earlier: LabelledContact | null = chance(rnd, 0.15)
      ? chance(rnd, 0.6)
        ? { phoneRaw: clientFormat(rnd, reg.phone()), email: null }
        : { phoneRaw: null, email: reg.email(person) }
      : null;
    const c: ClientSeed = {
      id: `client-${String(n + 1).padStart(5, '0')}`,
      firstName: first,
      lastName: last,
      phoneRaw: phone ? clientFormat(rnd, phone) : null,
      email,
      createdAt: BASE - (n + 1) * 3_600_000 - Math.floor(rnd() * 3_000_000),
      earlier,
      person,
      phone,
      initialStored,
      spouseId: null,
    };
    clients.push(c);
    return c;
  };

  const spouseOf = (p: Person): Person => {
    const female = !p.female;
    let first = p.first;
    while (nameKey(first) === nameKey(p.first)) first = female ? femaleFirst(rnd) : maleFirst(rnd);
    return { first, last: female ? feminine(p.last) : masculine(p.last), female, origin: 'pl' };
  };

  for (let i = 0; i < BASE_CLIENTS; i++) {
    const person = randomPerson(rnd);
    const c = addClient(person, { initial: person.origin === 'pl' && chance(rnd, 0.015) });
    if (person.origin === 'pl' && !c.initialStored && chance(rnd, HOUSEHOLD_SHARE)) {
      const shared = c.phone && chance(rnd, 0.15);
      const spouse = addClient(spouseOf(person), shared ? { phone: c.phone } : {});
      c.spouseId = spouse.id;
      spouse.spouseId = c.id;
    }
  }

  const probes: LabelledProbe[] = [];
  const used = new Map<string, number>();
  /** A client for a probe of this kind: the least used so far among those that fit. */
  const target = (fits: (c: ClientSeed) => boolean): ClientSeed => {
    const eligible = clients.filter((c) => fits(c));
    if (!eligible.length) throw new Error('no client fits');
    const least = Math.min(...eligible.map((c) => used.get(c.id) ?? 0));
    const pool = eligible.filter((c) => (used.get(c.id) ?? 0) === least);
    const c = pickOf(rnd, pool);
    used.set(c.id, least + 1);
    return c;
  };
  const addProbe = (p: Omit<LabelledProbe, 'id' | 'householdClientId'> & { householdClientId?: string | null }) => {
    if (!p.phoneRaw && !p.email) throw new Error(`probe ${p.kind} without a contact`);
    probes.push({ householdClientId: null, ...p, id: `probe-${String(probes.length + 1).padStart(5, '0')}` });
  };

  // Contacts of a probe by evidence. "name": a new phone and/or e-mail of their own.
  const newContact = (person: Person): LabelledContact => {
    const phone = chance(rnd, 0.8) ? pickOf(rnd, phoneFormats(reg.phone())) : null;
    return { phoneRaw: phone, email: !phone || chance(rnd, 0.55) ? reg.email(person) : null };
  };
  const phoneOf = (c: ClientSeed) => reformat(rnd, c.phone!, c.phoneRaw!);
  const emailCase = (email: string) => {
    const r = rnd();
    return r < 0.3 ? email.toUpperCase() : r < 0.6 ? email.replace(/^./, (ch) => ch.toUpperCase()) : r < 0.8 ? ` ${email} ` : email;
  };
  const contactFor = (c: ClientSeed, evidence: Evidence): LabelledContact => {
    if (evidence === 'phone') return { phoneRaw: phoneOf(c), email: chance(rnd, 0.4) ? reg.email(c.person) : null };
    if (evidence === 'email') return { phoneRaw: chance(rnd, 0.5) ? pickOf(rnd, phoneFormats(reg.phone())) : null, email: emailCase(c.email!) };
    return newContact(c.person);
  };
  /** name-only 50%, phone 35%, e-mail 15%, as the client's contacts allow. */
  const pickEvidence = (): Evidence => {
    const r = rnd();
    return r < 0.5 ? 'name' : r < 0.85 ? 'phone' : 'email';
  };
  const canBe = (c: ClientSeed, e: Evidence) => e === 'name' || (e === 'phone' ? !!c.phone : e === 'email' ? !!c.email : !!c.earlier);
  /** The client's name as a lead would carry it: maybe without diacritics, maybe in capitals. */
  const typed = (c: ClientSeed, dropDiacritics = 0.2) => {
    const strip = c.person.origin === 'pl' && chance(rnd, dropDiacritics);
    const first = c.initialStored ? c.person.first : c.firstName;
    return { firstName: formCase(rnd, strip ? stripPolish(first) : first), lastName: formCase(rnd, strip ? stripPolish(c.lastName) : c.lastName) };
  };
  const plain = (c: ClientSeed) => !c.initialStored && (c.person.origin !== 'uk' && c.person.origin !== 'ru' ? true : c.person.spelled!.script !== 0);

  // Contact kinds (name as typed, same person).
  for (let i = 0; i < TRUE_KINDS.phone_reformatted; i++) {
    const c = target((x) => !!x.phone && !x.initialStored);
    addProbe({ kind: 'phone_reformatted', evidence: 'phone', note: '', ...typed(c), phoneRaw: phoneOf(c), email: null, trueClientId: c.id });
  }
  for (let i = 0; i < TRUE_KINDS.email_case_space; i++) {
    const c = target((x) => !!x.email && !x.initialStored);
    let email = emailCase(c.email!);
    if (email === c.email) email = ` ${c.email!.toUpperCase()}`;
    addProbe({ kind: 'email_case_space', evidence: 'email', note: '', ...typed(c), phoneRaw: null, email, trueClientId: c.id });
  }
  for (let i = 0; i < TRUE_KINDS.gmail_dots_tags; i++) {
    const c = target((x) => !!x.email?.endsWith('@gmail.com') && !x.initialStored);
    const local = c.email!.slice(0, c.email!.indexOf('@'));
    const bare = local.replace(/\./g, '');
    const tag = pickOf(rnd, PORTAL_TAGS);
    const dotted = bare.length > 3 ? `${bare.slice(0, 1)}.${bare.slice(1, 4)}.${bare.slice(4)}`.replace(/\.$/, '') : `${bare}.x`;
    const variants: [string, string][] = [
      ['dots removed', `${bare}@gmail.com`],
      ['+tag', `${local}+${tag}@gmail.com`],
      ['googlemail', `${local}@googlemail.com`],
      ['dots moved', `${dotted}@gmail.com`],
      ['+tag, no dots, case', `${bare[0]!.toUpperCase()}${bare.slice(1)}+${tag}@Gmail.com`],
    ];
    const usable = variants.filter(([, v]) => v.trim().toLowerCase() !== c.email!.trim().toLowerCase() && emailKey(v) === emailKey(c.email));
    const [note, email] = pickOf(rnd, usable);
    addProbe({ kind: 'gmail_dots_tags', evidence: 'email', note, ...typed(c), phoneRaw: chance(rnd, 0.3) ? pickOf(rnd, phoneFormats(reg.phone())) : null, email, trueClientId: c.id });
  }
  for (let i = 0; i < TRUE_KINDS.new_email_name_phone; i++) {
    const c = target((x) => !!x.phone && !!x.email && !x.initialStored);
    addProbe({ kind: 'new_email_name_phone', evidence: 'phone', note: '', ...typed(c), phoneRaw: chance(rnd, 0.5) ? c.phoneRaw : phoneOf(c), email: reg.email(c.person), trueClientId: c.id });
  }
  for (let i = 0; i < TRUE_KINDS.new_email_name_only; i++) {
    const c = target((x) => !!x.email && !x.initialStored);
    addProbe({ kind: 'new_email_name_only', evidence: 'name', note: '', ...typed(c), phoneRaw: chance(rnd, 0.6) ? pickOf(rnd, phoneFormats(reg.phone())) : null, email: reg.email(c.person), trueClientId: c.id });
  }

  // Name-variant kinds.
  const variantProbe = (kind: TrueKind | ExtraKind, fits: (c: ClientSeed) => boolean, vary: (c: ClientSeed) => { firstName: string; lastName: string; note: string } | null) => {
    for (let made = 0, tries = 0; made < (kind in TRUE_KINDS ? TRUE_KINDS[kind as TrueKind] : EXTRA_KINDS[kind as ExtraKind]); tries++) {
      if (tries > 20_000) throw new Error(`could not build enough ${kind} probes`);
      let evidence = pickEvidence();
      const c = target((x) => fits(x) && canBe(x, evidence));
      if (!canBe(c, evidence)) evidence = 'name';
      const name = vary(c);
      if (!name) continue;
      addProbe({ kind, evidence, ...name, ...contactFor(c, evidence), trueClientId: c.id });
      made++;
    }
  };
  const latinName = (c: ClientSeed) => plain(c) && !/[\u0400-\u04ff]/.test(c.firstName + c.lastName);
  for (const [part, edits] of [['first', 1], ['first', 2], ['last', 1], ['last', 2]] as const) {
    variantProbe(`typo_${part}_${edits}`, (c) => latinName(c) && nameKey(part === 'first' ? c.firstName : c.lastName).length >= (edits === 2 ? 4 : 3), (c) => {
      const original = part === 'first' ? c.firstName : c.lastName;
      const t = withTypos(rnd, original, edits);
      if (!t) return null;
      const key = nameKey(original);
      const allowed = key.length >= 7 ? 2 : key.length >= 4 ? 1 : 0;
      const note = [t.firstLetter ? 'first letter' : '', edits > allowed ? `beyond allowance (${key.length} letters)` : ''].filter(Boolean).join(', ');
      const firstName = formCase(rnd, part === 'first' ? t.value : c.firstName);
      const lastName = formCase(rnd, part === 'last' ? t.value : c.lastName);
      return { firstName, lastName, note };
    });
  }
  variantProbe('no_diacritics', (c) => plain(c) && c.person.origin === 'pl' && POLISH.test(c.person.first + c.person.last), (c) => {
    // Either side may be the one without: most often the lead (typed on a phone), sometimes the client card.
    const clientStripped = !POLISH.test(c.firstName + c.lastName);
    const firstName = clientStripped ? c.person.first : stripPolish(c.firstName);
    const lastName = clientStripped ? c.person.last : stripPolish(c.lastName);
    return { firstName: formCase(rnd, firstName), lastName: formCase(rnd, lastName), note: clientStripped ? 'client card without' : 'lead without' };
  });
  variantProbe('swapped', (c) => plain(c), (c) => {
    const t = typed(c);
    return { firstName: t.lastName, lastName: t.firstName, note: '' };
  });
  variantProbe('cyrillic_latin', (c) => !!c.person.spelled && c.person.spelled.script !== 2, (c) => {
    const s = c.person.spelled!;
    const to: Script = s.script === 0 ? 1 : 0;
    const name = spell(s, to);
    return { firstName: name.first, lastName: name.last, note: to === 0 ? 'lead in Cyrillic' : 'lead in Latin' };
  });
  // Initials: mostly the lead's ("J. Kowalski" for Jan Kowalski); 30% the client card's, taken down on a phone call.
  let cardInitials = Math.round(TRUE_KINDS.initial * 0.3);
  variantProbe('initial', (c) => c.person.origin === 'pl' && (cardInitials > 0 ? c.initialStored : !c.initialStored), (c) => {
    if (c.initialStored) {
      cardInitials--;
      return { firstName: formCase(rnd, c.person.first), lastName: formCase(rnd, c.lastName), note: 'client card has the initial' };
    }
    return { firstName: `${c.firstName[0]}${chance(rnd, 0.7) ? '.' : ''}`, lastName: formCase(rnd, c.lastName), note: 'lead has the initial' };
  });
  for (let i = 0; i < TRUE_KINDS.via_earlier_lead; i++) {
    const c = target((x) => !!x.earlier && !x.initialStored);
    const e = c.earlier!;
    const phone = e.phoneRaw ? e.phoneRaw.replace(/ /g, chance(rnd, 0.5) ? '' : '-') : null;
    addProbe({ kind: 'via_earlier_lead', evidence: 'lead', note: e.phoneRaw ? 'earlier phone' : 'earlier e-mail', ...typed(c), phoneRaw: phone, email: e.email ? emailCase(e.email) : null, trueClientId: c.id });
  }

  // Extra kinds.
  variantProbe('cyrillic_polish_spelling', (c) => !!c.person.spelled, (c) => {
    const s = c.person.spelled!;
    const to: Script = s.script === 2 ? (chance(rnd, 0.5) ? 0 : 1) : 2;
    const name = spell(s, to);
    if (nameKey(name.first) === nameKey(c.firstName) && nameKey(name.last) === nameKey(c.lastName)) return null;
    return { firstName: name.first, lastName: name.last, note: `client ${['Cyrillic', 'passport', 'Polish'][s.script]}, lead ${['Cyrillic', 'passport', 'Polish'][to]}` };
  });
  variantProbe('double_surname', (c) => plain(c) && c.person.origin === 'pl' && c.person.female && !c.lastName.includes('-'), (c) => {
    let maiden = feminine(realSurname(rnd));
    while (nameKey(maiden) === nameKey(c.lastName)) maiden = feminine(realSurname(rnd));
    const double = chance(rnd, 0.5) ? `${maiden}-${c.lastName}` : `${c.lastName}-${maiden}`;
    return { firstName: formCase(rnd, c.firstName), lastName: formCase(rnd, double), note: double.startsWith(c.lastName) ? 'married name first' : 'maiden name first' };
  });
  variantProbe('diminutive', (c) => plain(c) && c.person.origin === 'pl' && !!DIMINUTIVES[c.person.first], (c) => {
    const d = DIMINUTIVES[c.person.first]!;
    return { firstName: formCase(rnd, d), lastName: formCase(rnd, c.lastName), note: `${c.person.first} ~ ${d}` };
  });

  // No true client: new people.
  const existingNames = new Set(clients.map((c) => `${nameKey(c.firstName)} ${nameKey(c.lastName)}`));
  for (let i = 0; i < NONE_KINDS.new_person; i++) {
    const p = randomPerson(rnd);
    const exact = existingNames.has(`${nameKey(p.first)} ${nameKey(p.last)}`);
    addProbe({ kind: 'new_person', evidence: 'none', note: exact ? 'a client has this very name' : '', firstName: formCase(rnd, p.first), lastName: formCase(rnd, p.last), ...newContact(p), trueClientId: null });
  }
  for (let i = 0; i < NONE_KINDS.new_common_surname; i++) {
    const female = chance(rnd, 0.5);
    const base = pickOf(rnd, COMMON_SURNAMES);
    const last = female ? feminine(base) : base;
    let first = female ? femaleFirst(rnd) : maleFirst(rnd);
    while (existingNames.has(`${nameKey(first)} ${nameKey(last)}`)) first = female ? femaleFirst(rnd) : maleFirst(rnd);
    const p: Person = { first, last, female, origin: 'pl' };
    addProbe({ kind: 'new_common_surname', evidence: 'none', note: '', firstName: formCase(rnd, first), lastName: formCase(rnd, last), ...newContact(p), trueClientId: null });
  }
  for (const kind of ['spouse_own_contact', 'spouse_shared_phone'] as const) {
    for (let i = 0; i < NONE_KINDS[kind]; i++) {
      const c = target((x) => plain(x) && x.person.origin === 'pl' && !x.spouseId && (kind === 'spouse_own_contact' || !!x.phone));
      const s = spouseOf(c.person);
      const contact = kind === 'spouse_shared_phone' ? { phoneRaw: phoneOf(c), email: chance(rnd, 0.5) ? reg.email(s) : null } : newContact(s);
      addProbe({ kind, evidence: 'none', note: '', firstName: formCase(rnd, s.first), lastName: formCase(rnd, s.last), ...contact, trueClientId: null, householdClientId: kind === 'spouse_shared_phone' ? c.id : null });
    }
  }

  const mix: Record<string, number> = { clients: clients.length, spouse_clients: clients.filter((c) => c.spouseId).length, clients_with_earlier_lead: clients.filter((c) => c.earlier).length };
  for (const p of probes) mix[p.kind] = (mix[p.kind] ?? 0) + 1;
  return {
    clients: clients.map(({ id, firstName, lastName, phoneRaw, email, createdAt, earlier }) => ({ id, firstName, lastName, phoneRaw, email, createdAt, earlier })),
    probes,
    mix,
  };
}

/** People named as the labelled set names them (for estimates of how far name keys reach in a realistic office). */
export function randomNames(count: number, seed = 7): { firstName: string; lastName: string }[] {
  const rnd = seededRandom(seed);
  return Array.from({ length: count }, () => {
    const p = randomPerson(rnd);
    return { firstName: p.first, lastName: p.last };
  });
}
