import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { clientDerivedFields } from '../../src-shared/clients/match-keys';
import { blockingKeys, matchClient, mergeMatches, nameKey, probeKeys, type MatchPerson, blockKey } from '../../src-shared/clients/matching';
import { emailKey, foldText, normalizePhone, phoneTail, transliterate } from '../../src-shared/text/normalize';
import { editDistance, typoAllowance } from '../../src-shared/text/similarity';
import { testCore } from '../helpers/temp';

/** A person as a lead or client carries them; the phone is stored both as typed and (when readable) as E.164. */
function person(firstName: string | null, lastName: string | null, contact: { phone?: string; email?: string } = {}): MatchPerson {
  const phone = contact.phone ?? null;
  return { firstName, lastName, phoneRaw: phone, phoneE164: phone ? normalizePhone(phone) : null, email: contact.email ?? null };
}

const kinds = (result: ReturnType<typeof matchClient>) => result?.reasons.map((r) => r.kind) ?? [];

describe('editDistance (optimal string alignment)', () => {
  it('counts insertions, deletions and substitutions as 1 each', () => {
    expect(editDistance('nowak', 'nowak')).toBe(0);
    expect(editDistance('', '')).toBe(0);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('nowak', 'nowk')).toBe(1);
    expect(editDistance('nowak', 'nowaak')).toBe(1);
    expect(editDistance('nowak', 'nowek')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('counts a swap of two neighbouring letters as one edit, not two', () => {
    expect(editDistance('ab', 'ba')).toBe(1);
    expect(editDistance('kowalski', 'kowlaski')).toBe(1);
    expect(editDistance('anna', 'nana')).toBe(1);
    // OSA, not full Damerau: a swapped pair is not edited again.
    expect(editDistance('ca', 'abc')).toBe(3);
    // Two separate swaps.
    expect(editDistance('abcd', 'badc')).toBe(2);
  });

  it('is symmetric', () => {
    for (const [a, b] of [['kowalski', 'kowlasky'], ['anna', 'hanna'], ['nowak', 'nowakowska'], ['', 'x']] as const) {
      expect(editDistance(a, b)).toBe(editDistance(b, a));
    }
  });

  it('gives up past `max`, answering max + 1', () => {
    expect(editDistance('abcdef', 'ghijkl', 2)).toBe(3);
    expect(editDistance('a', 'abcd', 1)).toBe(2); // length difference alone exceeds max
    expect(editDistance('kowalski', 'kowlaski', 1)).toBe(1); // within max: the exact distance
    expect(editDistance('nowak', 'nowakowska', 2)).toBe(3);
  });

  it('allows no typo below 4 letters, 1 at 4, 2 from 5 (measured on the labelled set: recall up, false candidates within target)', () => {
    expect([0, 1, 2, 3].map(typoAllowance)).toEqual([0, 0, 0, 0]);
    expect([4].map(typoAllowance)).toEqual([1]);
    expect([5, 6, 7, 8, 20].map(typoAllowance)).toEqual([2, 2, 2, 2, 2]);
  });
});

describe('transliterate and foldText', () => {
  it('writes Russian and Ukrainian Cyrillic in Latin, keeping the case of the first letter', () => {
    expect(transliterate('Иванов')).toBe('Ivanov');
    expect(transliterate('Шевченко')).toBe('Shevchenko');
    expect(transliterate('Жанна Юрьевна')).toBe('Zhanna Yurevna');
    expect(transliterate('Ґалаґан Їжак Євген')).toBe('Galagan Yizhak Yevgen');
    expect(transliterate('Jan Kowalski 12')).toBe('Jan Kowalski 12'); // non-Cyrillic unchanged
  });

  it('folds to lower-case Latin without diacritics, collapsing spaces', () => {
    expect(foldText('Иванов')).toBe('ivanov');
    expect(foldText('Олена Коваленко')).toBe('olena kovalenko');
    expect(foldText('Шевченко')).toBe('shevchenko');
    expect(foldText('ШЕВЧЕНКО')).toBe('shevchenko');
    expect(foldText('иВаНоВ')).toBe('ivanov');
    expect(foldText('ЩУКИН Юрий')).toBe('shchukin yuriy');
    expect(foldText('  Łukasz   ŻÓŁW ')).toBe('lukasz zolw');
    expect(foldText('María José GARCÍA')).toBe('maria jose garcia');
  });

  it('gives Cyrillic and Latin spellings of the same name the same name key', () => {
    expect(nameKey('Олена')).toBe(nameKey('Olena'));
    expect(nameKey('Коваленко')).toBe(nameKey('KOVALENKO'));
    expect(nameKey('Шевченко')).toBe('shevchenko');
    expect(nameKey("O'Brien")).toBe('obrien');
    expect(nameKey('J.')).toBe('j');
    expect(nameKey(null)).toBe('');
  });
});

describe('emailKey', () => {
  it('ignores case and surrounding spaces', () => {
    expect(emailKey('  Jan.Kowalski@WP.PL ')).toBe('jan.kowalski@wp.pl');
    expect(emailKey('jan.kowalski@wp.pl')).toBe(emailKey('JAN.KOWALSKI@wp.pl'));
  });

  it('drops a +tag on any domain', () => {
    expect(emailKey('jan+portal@wp.pl')).toBe('jan@wp.pl');
    expect(emailKey('jan+a+b@onet.pl')).toBe('jan@onet.pl');
  });

  it('drops the dots Gmail ignores, and only on Gmail', () => {
    expect(emailKey('Jan.Kowalski@gmail.com')).toBe('jankowalski@gmail.com');
    expect(emailKey('j.a.n.kowalski+oferta@gmail.com')).toBe('jankowalski@gmail.com');
    expect(emailKey('jan.kowalski@wp.pl')).toBe('jan.kowalski@wp.pl');
  });

  it('treats googlemail.com as gmail.com', () => {
    expect(emailKey('Jan.Kowalski+portal@googlemail.com')).toBe('jankowalski@gmail.com');
    expect(emailKey('jan.kowalski@googlemail.com')).toBe(emailKey('jankowalski@gmail.com'));
  });

  it('keeps something for odd addresses and nothing for empty ones', () => {
    expect(emailKey('+tag@wp.pl')).toBe('+tag@wp.pl');
    expect(emailKey('not-an-address')).toBe('not-an-address');
    expect(emailKey('')).toBeNull();
    expect(emailKey('   ')).toBeNull();
    expect(emailKey(null)).toBeNull();
  });
});

describe('phoneTail', () => {
  it('is the last 9 digits, the same however the number was written', () => {
    expect(phoneTail('+48600100200')).toBe('600100200');
    for (const raw of ['0048 600 100 200', '600-100-200', '(+48) 600 100 200', '+48 600 100 200', '48 600100200', '600100200']) {
      expect(phoneTail(null, raw), raw).toBe('600100200');
      expect(phoneTail(normalizePhone(raw), raw), raw).toBe('600100200');
    }
  });

  it('prefers the E.164 number over the raw one', () => {
    expect(phoneTail('+48600100200', 'call me at 601 000 000')).toBe('600100200');
  });

  it('is null for fewer than 7 digits or no number', () => {
    expect(phoneTail(null, '12345')).toBeNull();
    expect(phoneTail(null, '123-456')).toBeNull();
    expect(phoneTail(null, 'brak')).toBeNull();
    expect(phoneTail(null, null)).toBeNull();
    expect(phoneTail(undefined)).toBeNull();
    expect(phoneTail(null, '123 45 67')).toBe('1234567');
  });
});

describe('matchClient: contact evidence', () => {
  const client = person('Jan', 'Kowalski', { phone: '+48 600 100 200', email: 'jan.kowalski@gmail.com' });

  it('matches the same phone written in several formats (strong)', () => {
    for (const phone of ['600100200', '0048 600 100 200', '600-100-200', '(+48) 600 100 200', '+48600100200']) {
      const result = matchClient(person('Zenon', 'Mazur', { phone }), client);
      expect(result, phone).toEqual({ score: 50, strong: true, reasons: [{ kind: 'phone', via: 'client' }] });
    }
    // A phone kept only as typed (unreadable as E.164) still compares by its digits.
    expect(kinds(matchClient({ ...person('Zenon', 'Mazur'), phoneRaw: '600 100 200' }, client))).toEqual(['phone']);
  });

  it('matches the same e-mail, ignoring case and spaces (exact)', () => {
    const result = matchClient(person('Zenon', 'Mazur', { email: '  JAN.KOWALSKI@gmail.com ' }), client);
    expect(result).toEqual({ score: 50, strong: true, reasons: [{ kind: 'email', exact: true, via: 'client' }] });
  });

  it('matches an e-mail differing only by Gmail dots or a +tag (not exact)', () => {
    for (const email of ['jankowalski@gmail.com', 'jan.kowalski+portal@gmail.com', 'Jan.Kowalski@googlemail.com', 'j.ankowalski+x@gmail.com']) {
      const result = matchClient(person('Zenon', 'Mazur', { email }), client);
      expect(result, email).toEqual({ score: 45, strong: true, reasons: [{ kind: 'email', exact: false, via: 'client' }] });
    }
    // Dots matter outside Gmail.
    expect(matchClient(person('Zenon', 'Mazur', { email: 'jankowalski@wp.pl' }), person('A', 'B', { email: 'jan.kowalski@wp.pl' }))).toBeNull();
  });

  it('reports where the evidence came from', () => {
    expect(matchClient(person('Zenon', 'Mazur', { phone: '600100200' }), client, 'lead')?.reasons).toEqual([{ kind: 'phone', via: 'lead' }]);
  });

  it('adds phone, e-mail and name evidence together', () => {
    const result = matchClient(person('Jan', 'Kowalski', { phone: '600-100-200', email: 'jan.kowalski@gmail.com' }), client);
    expect(result).toEqual({
      score: 130,
      strong: true,
      reasons: [
        { kind: 'phone', via: 'client' },
        { kind: 'email', exact: true, via: 'client' },
        { kind: 'name', how: 'same', lead: 'Jan Kowalski', client: 'Jan Kowalski' },
      ],
    });
  });

  it('does not match on different contacts and names, nor on a missing phone on both sides', () => {
    expect(matchClient(person('Zenon', 'Mazur', { phone: '600 100 201', email: 'zenon@wp.pl' }), client)).toBeNull();
    expect(matchClient(person('Zenon', 'Mazur'), person('Adam', 'Lis'))).toBeNull();
    expect(matchClient(person('Zenon', 'Mazur', { phone: '12' }), person('Adam', 'Lis', { phone: '12' }))).toBeNull();
  });
});

describe('matchClient: name evidence (weak)', () => {
  const nameOnly = (lead: [string | null, string | null], client: [string | null, string | null]) => matchClient(person(...lead), person(...client));

  it('same name, ignoring case', () => {
    expect(nameOnly(['Jan', 'Kowalski'], ['Jan', 'Kowalski'])).toEqual({
      score: 30,
      strong: false,
      reasons: [{ kind: 'name', how: 'same', lead: 'Jan Kowalski', client: 'Jan Kowalski' }],
    });
    expect(nameOnly(['JAN', 'kowalski'], ['Jan', 'Kowalski'])?.reasons[0]).toMatchObject({ kind: 'name', how: 'same' });
  });

  it('differing only by diacritics', () => {
    expect(nameOnly(['Lukasz', 'Zolw'], ['Łukasz', 'Żółw'])).toEqual({
      score: 30,
      strong: false,
      reasons: [{ kind: 'name', how: 'diacritics', lead: 'Lukasz Zolw', client: 'Łukasz Żółw' }],
    });
  });

  it('Cyrillic vs Latin spelling', () => {
    expect(nameOnly(['Olena', 'Kovalenko'], ['Олена', 'Коваленко'])).toEqual({
      score: 30,
      strong: false,
      reasons: [{ kind: 'name', how: 'diacritics', lead: 'Olena Kovalenko', client: 'Олена Коваленко' }],
    });
    expect(nameOnly(['Dmytro', 'Шевченко'], ['Dmytro', 'Shevchenko'])?.reasons[0]).toMatchObject({ kind: 'name', how: 'diacritics' });
  });

  it('one typo, scored below an exact name', () => {
    const surname = nameOnly(['Jan', 'Kowalsky'], ['Jan', 'Kowalski']);
    expect(surname).toEqual({ score: 24, strong: false, reasons: [{ kind: 'name', how: 'typo', lead: 'Jan Kowalsky', client: 'Jan Kowalski' }] });
    expect(nameOnly(['Jan', 'Kowlaski'], ['Jan', 'Kowalski'])?.reasons[0]).toMatchObject({ how: 'typo' }); // transposition
    expect(nameOnly(['Agnieszka', 'Nowak'], ['Agneszka', 'Nowak'])).toMatchObject({ score: 24, reasons: [{ how: 'typo' }] });
    // Two typos score lower still.
    expect(nameOnly(['Agnieszka', 'Kowalsky'], ['Agneszka', 'Kowalski'])?.score).toBe(18);
  });

  it('first and last name swapped', () => {
    expect(nameOnly(['Kowalski', 'Jan'], ['Jan', 'Kowalski'])).toEqual({
      score: 27,
      strong: false,
      reasons: [{ kind: 'swapped', lead: 'Kowalski Jan', client: 'Jan Kowalski' }],
    });
    expect(nameOnly(['Коваленко', 'Olena'], ['Олена', 'Kovalenko'])?.reasons[0]).toMatchObject({ kind: 'swapped' });
  });

  it('an initial for the first name', () => {
    expect(nameOnly(['J.', 'Kowalski'], ['Jan', 'Kowalski'])).toEqual({
      score: 20,
      strong: false,
      reasons: [{ kind: 'name', how: 'initial', lead: 'J. Kowalski', client: 'Jan Kowalski' }],
    });
    expect(nameOnly(['Jan', 'Kowalski'], ['J', 'Kowalski'])?.reasons[0]).toMatchObject({ how: 'initial' });
    // The initial must be the first name's: A. Kowalski is not Jan Kowalski.
    expect(nameOnly(['A.', 'Kowalski'], ['Jan', 'Kowalski'])).toBeNull();
  });

  it('different first name with the same surname is not the same person (Anna Nowak vs Adam Nowak)', () => {
    expect(nameOnly(['Anna', 'Nowak'], ['Adam', 'Nowak'])).toBeNull();
    expect(nameOnly(['Adam', 'Nowak'], ['Anna', 'Nowak'])).toBeNull();
    expect(nameOnly(['Katarzyna', 'Nowak'], ['Małgorzata', 'Nowak'])).toBeNull();
  });

  it('a longer surname that merely starts the same is not a match (Nowak vs Nowakowska)', () => {
    expect(nameOnly(['Anna', 'Nowak'], ['Anna', 'Nowakowska'])).toBeNull();
    expect(nameOnly(['Anna', 'Nowakowska'], ['Anna', 'Nowak'])).toBeNull();
    expect(nameOnly(['Jan', 'Nowak'], ['Jan', 'Nowakowski'])).toBeNull();
  });

  it('needs a surname on both sides', () => {
    expect(nameOnly(['Jan', null], ['Jan', 'Kowalski'])).toBeNull();
    expect(nameOnly([null, 'Kowalski'], ['Jan', null])).toBeNull();
    // A surname alone (no first name on the lead) is too little.
    expect(nameOnly([null, 'Kowalski'], ['Jan', 'Kowalski'])).toBeNull();
  });

  it('marks only phone and e-mail evidence strong', () => {
    const names: [string, string][] = [
      ['Jan', 'Kowalski'],
      ['Lukasz', 'Zolw'],
      ['Kowalski', 'Jan'],
      ['J.', 'Kowalski'],
      ['Jan', 'Kowalsky'],
    ];
    const clientNames: [string, string][] = [
      ['Jan', 'Kowalski'],
      ['Łukasz', 'Żółw'],
      ['Jan', 'Kowalski'],
      ['Jan', 'Kowalski'],
      ['Jan', 'Kowalski'],
    ];
    names.forEach((lead, i) => {
      const result = nameOnly(lead, clientNames[i]!);
      expect(result, lead.join(' ')).not.toBeNull();
      expect(result?.strong, lead.join(' ')).toBe(false);
    });
    expect(matchClient(person('Zenon', 'Mazur', { phone: '600100200' }), person('Jan', 'Kowalski', { phone: '600100200' }))?.strong).toBe(true);
    expect(matchClient(person('Zenon', 'Mazur', { email: 'a@b.pl' }), person('Jan', 'Kowalski', { email: 'A@b.pl' }))?.strong).toBe(true);
  });
});

describe('matchClient: ranking', () => {
  it('a phone match outranks any name-only match', () => {
    const lead = person('Jan', 'Kowalski', { phone: '600 100 200' });
    const byPhone = matchClient(lead, person('Zofia', 'Lis', { phone: '+48600100200' }))!;
    const byName = matchClient(lead, person('Jan', 'Kowalski', { phone: '700 100 200' }))!;
    expect(byPhone.score).toBeGreaterThan(byName.score);
    // The weakest contact evidence (e-mail differing by a +tag) still outranks the best name evidence.
    const byTaggedMail = matchClient(person('Jan', 'Kowalski', { email: 'x+tag@wp.pl' }), person('Zofia', 'Lis', { email: 'x@wp.pl' }))!;
    expect(byTaggedMail.score).toBeGreaterThan(byName.score);
    // And contact plus name beats contact alone.
    expect(matchClient(lead, person('Jan', 'Kowalski', { phone: '600100200' }))!.score).toBeGreaterThan(byPhone.score);
  });

  it('name evidence ranks same > swapped > one typo > initial', () => {
    const client = person('Jan', 'Kowalski');
    const score = (first: string, last: string) => matchClient(person(first, last), client)?.score ?? 0;
    expect(score('Jan', 'Kowalski')).toBeGreaterThan(score('Kowalski', 'Jan'));
    expect(score('Kowalski', 'Jan')).toBeGreaterThan(score('Jan', 'Kowalsky'));
    expect(score('Jan', 'Kowalsky')).toBeGreaterThan(score('J.', 'Kowalski'));
  });

  it('merges evidence from a client and their other leads without counting a kind twice', () => {
    const direct = matchClient(person('Jan', 'Kowalski', { phone: '600100200' }), person('Jan', 'Kowalski', { phone: '600100200' }));
    const viaLead = { score: 45, strong: true, reasons: [{ kind: 'phone' as const, via: 'lead' as const }] };
    expect(mergeMatches(direct, viaLead)).toEqual(direct);
    const nameOnly = matchClient(person('Jan', 'Kowalski'), person('Jan', 'Kowalski'));
    expect(mergeMatches(nameOnly, viaLead)).toEqual({ score: 80, strong: true, reasons: [...nameOnly!.reasons, { kind: 'phone', via: 'lead' }] });
    expect(mergeMatches(null, viaLead)).toBe(viaLead);
    expect(mergeMatches(nameOnly, null)).toBe(nameOnly);
  });
});

describe('blocking keys', () => {
  it('probes both name orders', () => {
    expect(blockingKeys('jan', 'kowalski')).toEqual(['kow|j', 'jan|k', 'lski|ja', 'kowalski|jan']);
    expect(blockingKeys('', 'kowalski')).toBeNull();
    expect(probeKeys({ firstName: 'Jan', lastName: 'Kowalski' })).toEqual({ k12: ['kow|j', 'jan|k'], k3: ['lski|ja', 'jan|ko'], k4: ['kowalski|jan', 'jan|ski'] });
    expect(probeKeys({ firstName: null, lastName: 'Kowalski' })).toEqual({ k12: [], k3: [], k4: [] });
    // A nickname probes the full name's keys too; Ukrainian spellings share block keys (h/g, i/y).
    expect(probeKeys({ firstName: 'Kasia', lastName: 'Nowak' }).k12).toEqual(expect.arrayContaining(['now|k', 'kat|n']));
    expect(probeKeys({ firstName: 'Liudmyla', lastName: 'Honcharenko' }).k4).toContain(probeKeys({ firstName: 'Людмила', lastName: 'Гончаренко' }).k4[0]);
  });

  const NAMES: [string | null, string | null][] = [
    ['Jan', 'Kowalski'],
    ['Łukasz', 'Żółw'],
    ['Олена', 'Коваленко'],
    ['Иван', 'Петров'],
    ['Dmytro', 'Шевченко'],
    ['Jo', 'Li'],
    ['A', 'B'],
    ['Anna-Maria', 'Nowak-Jeziorańska'],
    ['María José', 'García Márquez'],
    ["Seán", "O'Brien"],
    ['Zoë', 'Æbeltoft-Ødegård'],
    ['İlkay', 'Gündoğan'],
    ['Grzegorz', 'Brzęczyszczykiewicz'],
    ['  Ewa  ', '  Kałuża '],
    [null, 'Nowak'],
    ['Anna', null],
    [null, null],
    ['!!!', 'Nowak'],
  ];

  function insertClients(names: [string | null, string | null][]) {
    const core = testCore();
    const db = new Database(core.databaseFile);
    const insert = db.prepare(
      `insert into clients (id, first_name, last_name, name_search, first_key, last_key, email_key, phone_tail, created_at, updated_at)
       values (@id, @firstName, @lastName, @nameSearch, @firstKey, @lastKey, @emailKey, @phoneTail, 0, 0)`,
    );
    names.forEach(([firstName, lastName], i) => {
      const derived = clientDerivedFields({ firstName, lastName, email: null, phoneE164: null, phoneRaw: null });
      insert.run({ id: `c${i}`, firstName, lastName, ...derived });
    });
    const rows = db.prepare('select id, first_key as firstKey, last_key as lastKey, name_k1, name_k2, name_k3, name_k4 from clients').all() as {
      id: string;
      firstKey: string;
      lastKey: string;
      name_k1: string | null;
      name_k2: string | null;
      name_k3: string | null;
      name_k4: string | null;
    }[];
    db.close();
    return rows;
  }

  it("computed in JS equal SQLite's generated columns name_k1..k4", () => {
    const rows = insertClients(NAMES);
    expect(rows).toHaveLength(NAMES.length);
    for (const row of rows) {
      const [first, last] = NAMES[Number(row.id.slice(1))]!;
      expect(row.firstKey, row.id).toBe(blockKey(nameKey(first)));
      expect(row.lastKey, row.id).toBe(blockKey(nameKey(last)));
      const keys = blockingKeys(row.firstKey, row.lastKey);
      expect([row.name_k1, row.name_k2, row.name_k3, row.name_k4], `${first} ${last}`).toEqual(keys ?? [null, null, null, null]);
    }
    // Spot checks that the keys are what the probe of a matching lead asks for.
    const kowalski = rows.find((r) => r.id === 'c0')!;
    expect([kowalski.name_k1, kowalski.name_k2, kowalski.name_k3, kowalski.name_k4]).toEqual(['kow|j', 'jan|k', 'lski|ja', 'kowalski|jan']);
    const cyrillic = rows.find((r) => r.id === 'c2')!;
    expect(probeKeys({ firstName: 'Olena', lastName: 'Kovalenko' }).k12).toContain(cyrillic.name_k1);
  });

  it('agree with SQLite for letters outside the Basic Multilingual Plane too (e.g. the surname 𠮷田)', () => {
    // JS slices UTF-16 code units, SQLite's substr() counts characters; a surrogate pair must not be cut in half.
    const rows = insertClients([
      ['太郎', '𠮷田'],
      ['𠮷', 'Kowalski'],
    ]);
    for (const row of rows) {
      expect([row.name_k1, row.name_k2, row.name_k3, row.name_k4], `${row.firstKey} ${row.lastKey}`).toEqual(blockingKeys(row.firstKey, row.lastKey));
    }
  });
});
