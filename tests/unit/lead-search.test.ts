import { foldText } from '../../src-shared/text/normalize';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseSearch, toMatchExpression } from '../../src-shared/leads/search';
import type { LeadCounts, LeadDetail } from '../../src-shared/leads/types';
import { LEAD_STATUSES } from '../../src-shared/leads/types';
import { createLead, freshOffice, ids, listAll, sharedOffice, type Caller } from './lead-fixtures';

const phonePrefixes = (typed: string, region?: Parameters<typeof parseSearch>[1]) => {
  const q = parseSearch(typed, region);
  if (q?.kind !== 'phone') throw new Error(`"${typed}" was not read as a phone: ${JSON.stringify(q)}`);
  return q.prefixes;
};

describe('parseSearch / toMatchExpression (pure)', () => {
  it('reads a full Polish number the same in every common notation', () => {
    for (const typed of ['600 100 200', '+48600100200', '0048-600-100-200', '600-100-200', '+48 600 100 200', '48600100200', '600.100.200']) {
      expect(phonePrefixes(typed)[0], typed).toBe('48600100200');
    }
  });

  it('reads "(+48) 600 100 200" (a notation the demo data and normalizePhone use) as that phone number', () => {
    expect(phonePrefixes('(+48) 600 100 200')).toEqual(['48600100200']);
  });

  it('keeps partial numbers as the digits typed, without a leading 00 or trunk 0', () => {
    expect(phonePrefixes('600 100')).toEqual(['600100']);
    expect(phonePrefixes('600')).toEqual(['600']);
    expect(phonePrefixes('+48 600')).toEqual(['48600']);
    expect(phonePrefixes('0048 600')).toEqual(['48600']);
    expect(phonePrefixes('030 12', 'DE')).toEqual(['3012']);
    // A 7-digit partial may parse as a possible number; the digits as typed are still tried.
    expect(phonePrefixes('600 100 2')).toEqual(['486001002', '6001002']);
    expect(phonePrefixes('48 453 21')).toContain('4845321');
    // Fewer than three digits is not a phone search.
    expect(parseSearch('60')).toEqual({ kind: 'words', words: ['60'] });
  });

  it('reads national numbers with the office region', () => {
    expect(phonePrefixes('030 12345678', 'DE')[0]).toBe('493012345678');
    expect(phonePrefixes('600 100 200', 'DE')[0]).toBe('49600100200');
    // Not a possible Polish number: only the digits typed.
    expect(phonePrefixes('030 12345678', 'PL')).toEqual(['3012345678']);
  });

  it('folds words: diacritics and ł removed, lower case, split like the index', () => {
    expect(parseSearch('Szymański')).toEqual({ kind: 'words', words: ['szymanski'] });
    expect(parseSearch('Łukasz')).toEqual({ kind: 'words', words: ['lukasz'] });
    expect(parseSearch('  ŻANETA   Kałuża ')).toEqual({ kind: 'words', words: ['zaneta', 'kaluza'] });
    expect(parseSearch('Jan.Kowalski@WP.pl')).toEqual({ kind: 'words', words: ['jan', 'kowalski', 'wp', 'pl'] });
    expect(parseSearch('Jan "Kowal')).toEqual({ kind: 'words', words: ['jan', 'kowal'] });
    expect(parseSearch('a b c d e f g h i j')).toEqual({ kind: 'words', words: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'] });
  });

  it('returns null for nothing to search', () => {
    for (const typed of [undefined, '', '   ', '---', '"', '@.']) expect(parseSearch(typed), String(typed)).toBeNull();
  });

  it('makes every word a quoted prefix, all required, with quotes doubled; a phone matches any of its forms', () => {
    expect(toMatchExpression({ kind: 'phone', prefixes: ['48600100200'] })).toBe('"48600100200"*');
    expect(toMatchExpression({ kind: 'phone', prefixes: ['48600100', '600100'] })).toBe('("48600100"* OR "600100"*)');
    expect(toMatchExpression({ kind: 'words', words: ['lukasz', 'szymanski'] })).toBe('"lukasz"* AND "szymanski"*');
    expect(toMatchExpression({ kind: 'words', words: ['o"neil', 'x""y'] })).toBe('"o""neil"* AND "x""""y"*');
    expect(toMatchExpression(parseSearch('Łukasz SZYMAŃSKI')!)).toBe('"lukasz"* AND "szymanski"*');
  });
});

/** The prefixes of a number as written that end in a digit and hold at least 3 digits: what a user has typed so far. */
function digitPrefixes(written: string): string[] {
  return Array.from({ length: written.length }, (_, i) => written.slice(0, i + 1)).filter((p) => /\d$/.test(p) && p.replace(/\D/g, '').length >= 3);
}

/** Folding done here, independently of src-shared/text/normalize. */
// Cyrillic as the service writes it in Latin (Олена -> olena, Бондаренко -> bondarenko), for the demo's names.
const LATIN: Record<string, string> = { а: 'a', б: 'b', в: 'v', д: 'd', е: 'e', и: 'i', к: 'k', л: 'l', н: 'n', о: 'o', п: 'p', р: 'r', т: 't' };
const fold = (text: string) =>
  text
    .toLowerCase()
    .replace(/[а-я]/g, (c) => LATIN[c] ?? c)
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[łŁ]/g, 'l');

interface SearchRow {
  id: string;
  status: string;
  first_name: string | null;
  last_name: string | null;
  name_search: string;
  email_normalized: string | null;
  phone_e164: string | null;
}

/**
 * The documented meaning of a word search, computed in JS over the database rows: every query word is a prefix
 * of a word of the lead's name, e-mail, or phone (its E.164 digits, or those digits after a 1-3 digit country code).
 */
function wordMatches(rows: SearchRow[], query: string): string[] {
  const words = fold(query).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  return rows
    .filter((row) => {
      const tokens = fold(`${row.name_search} ${row.email_normalized ?? ''}`).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
      const digits = row.phone_e164?.slice(1);
      if (digits) tokens.push(digits, digits.slice(1), digits.slice(2), digits.slice(3));
      return words.every((w) => tokens.some((t) => t.startsWith(w)));
    })
    .map((r) => r.id)
    .sort();
}

describe('leads.list search', () => {
  const office = sharedOffice();
  let manager: Caller;
  let lukasz: LeadDetail;
  let neighbour: LeadDetail;
  let all: SearchRow[];

  beforeAll(async () => {
    const o = office();
    manager = await o.as('manager');
    lukasz = await createLead(manager, o, { firstName: 'Łukasz', lastName: 'Szymański', phone: '453 219 876', email: 'Lukasz.Szymanski@Firma-Test.pl' });
    neighbour = await createLead(manager, o, { firstName: 'Żaneta', lastName: 'Kałuża', phone: '+48 453 219 111' });
    all = o.db.prepare('select id, status, first_name, last_name, name_search, email_normalized, phone_e164 from leads').all() as SearchRow[];
  });

  const search = async (text: string, status?: (typeof LEAD_STATUSES)[number]) => ids(await listAll(manager, { status, filters: { search: text } }));

  it('finds a name typed without diacritics, in any case and word order, by word prefixes', async () => {
    const cases: [string, string][] = [
      ['lukasz szymanski', lukasz.id],
      ['ŁUKASZ SZYMAŃSKI', lukasz.id],
      ['Szymański Łukasz', lukasz.id],
      ['szyma luk', lukasz.id],
      ['zaneta kaluza', neighbour.id],
      ['KAŁUŻA', neighbour.id],
    ];
    for (const [typed, id] of cases) {
      const found = await search(typed);
      expect(found, typed).toContain(id);
      expect(found, typed).toEqual(wordMatches(all, typed));
    }
    expect(lukasz).toMatchObject({ firstName: 'Łukasz', lastName: 'Szymański' });
  });

  it('finds demo leads with Polish names typed in plain ASCII, exactly the leads whose words match', async () => {
    const db = office().db;
    // Two word prefixes of a real demo lead's name, typed without its diacritics.
    const named = db.prepare(`select first_name as f, last_name as l from leads where first_name is not null and last_name glob '*[łńśźżąęó]*' limit 1`).get() as { f: string; l: string };
    const twoWords = `${foldText(named.f).slice(0, 3)} ${foldText(named.l).slice(0, 4)}`;
    for (const typed of ['wisniewsk', 'Wiśniewska', 'zielinsk', 'lukasz', 'dabrowsk', 'malgorzata', 'kowal', 'gmail', twoWords, 'БОНДАР', 'олена']) {
      const expected = wordMatches(all, typed);
      expect(expected.length, `demo leads matching "${typed}"`).toBeGreaterThan(0);
      expect(await search(typed), typed).toEqual(expected);
    }
    // The diacritics really are in the data these searches found.
    expect(db.prepare(`select count(*) from leads where last_name like 'Wiśniewsk%'`).pluck().get()).toBeGreaterThan(0);
    expect(await search('wisniewsk')).toEqual(expect.arrayContaining(db.prepare(`select id from leads where last_name like 'Wiśniewsk%'`).pluck().all() as string[]));
  });

  it('finds the same lead whether the phone is typed nationally, with +48 or with 0048', async () => {
    for (const typed of ['453 219 876', '+48453219876', '0048-453-219-876', '453-219-876', '+48 453 219 876', '48453219876']) {
      expect(await search(typed), typed).toEqual([lukasz.id]);
    }
    expect(lukasz.phoneE164).toBe('+48453219876');
  });

  it('finds the lead when its phone is typed as "(+48) 453 219 876"', async () => {
    expect(await search('(+48) 453 219 876')).toEqual([lukasz.id]);
  });

  it('finds leads by a partial phone number: the start of the national or the international digits', async () => {
    const both = [lukasz.id, neighbour.id].sort();
    for (const typed of ['453 219', '453219', '+48 453 21', '0048 453', '48453']) {
      expect(await search(typed), typed).toEqual(both);
    }
    expect(await search('453 2198')).toEqual([lukasz.id]);
    expect(await search('453 219 1')).toEqual([neighbour.id]);

    // Against the demo numbers: the first six national digits of one lead find exactly the leads sharing them.
    const db = office().db;
    const e164 = db.prepare(`select phone_e164 from leads where phone_e164 like '+48%' order by received_at limit 1`).pluck().get() as string;
    const prefix = e164.slice(3, 9);
    const expected = (db.prepare(`select id from leads where substr(phone_e164, 4) like ? || '%'`).pluck().all(prefix) as string[]).sort();
    expect(expected.length).toBeGreaterThan(0);
    expect(await search(`${prefix.slice(0, 3)} ${prefix.slice(3)}`)).toEqual(expected);
  });

  it('finds the lead from every prefix (3+ digits) of its number written nationally, with +48 or with 0048', async () => {
    for (const written of ['453 219 876', '+48 453 219 876', '0048 453 219 876', '453-219-876']) {
      for (const typed of digitPrefixes(written)) expect(await search(typed), `typed "${typed}"`).toContain(lukasz.id);
    }
  });

  it('finds the lead from every prefix of "48 453 219 876" (country code without a plus, as some portals send it)', async () => {
    const missed: string[] = [];
    for (const typed of digitPrefixes('48 453 219 876')) if (!(await search(typed)).includes(lukasz.id)) missed.push(typed);
    expect(missed).toEqual([]);
  });

  it('finds a lead by its e-mail address, whole or its start, in any case', async () => {
    for (const typed of ['lukasz.szymanski@firma-test.pl', 'Lukasz.Szymanski@FIRMA', 'lukasz.szymanski@firma-test']) {
      const found = await search(typed);
      expect(found, typed).toEqual(wordMatches(all, typed));
      expect(found, typed).toEqual([lukasz.id]);
    }
    const demoEmail = office().db.prepare(`select email_normalized from leads where email_normalized is not null order by received_at limit 1`).pluck().get() as string;
    expect(await search(demoEmail)).toEqual(wordMatches(all, demoEmail));
  });

  it('combines the search with the status tab, and the counts agree', async () => {
    const counts = await manager.ok('leads.counts', { filters: { search: 'kowal' } });
    const expected: LeadCounts = { new: 0, linked: 0, converted: 0, deleted: 0 };
    const matching = new Set(wordMatches(all, 'kowal'));
    for (const row of all) if (matching.has(row.id)) expected[row.status as keyof LeadCounts] += 1;
    expect(counts).toEqual(expected);
    for (const status of LEAD_STATUSES) {
      expect((await search('kowal', status)).length, status).toBe(expected[status]);
    }
  });

  it('treats FTS syntax typed into the box as plain text, never as an error', async () => {
    for (const typed of ['"', 'AND', 'kowal OR', 'NOT kowal', 'NEAR(a b)', '*', 'a*b', "o'neil", '-kowal', '^kowal']) {
      const result = await manager.call('leads.list', { filters: { search: typed }, limit: 500 });
      expect(result.ok, `${typed}: ${JSON.stringify(result)}`).toBe(true);
      if (result.ok) expect(ids((result.value as { rows: { id: string }[] }).rows), typed).toEqual(wordMatches(all, typed));
    }
  });
});

describe('leads.list search under another phone region', () => {
  it('finds a German lead from every prefix of its national number "030 12345678" once the region is DE', async () => {
    const o = await freshOffice();
    const [admin, anna] = await Promise.all([o.as('admin'), o.as('anna')]);
    await admin.ok('settings.update', { phoneRegion: 'DE' });
    const lead = await createLead(anna, o, { phone: '030 12345678' });
    expect(lead.phoneE164).toBe('+493012345678');
    const missed: string[] = [];
    for (const typed of digitPrefixes('030 12345678')) {
      if (!ids(await listAll(anna, { filters: { search: typed } })).includes(lead.id)) missed.push(typed);
    }
    expect(missed).toEqual([]);
    for (const typed of digitPrefixes('+49 30 12345678')) expect(ids(await listAll(anna, { filters: { search: typed } })), typed).toContain(lead.id);
  });
});
