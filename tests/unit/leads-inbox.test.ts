import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import type { InboxFilters, InboxSort, InboxView, LeadCounts, LeadStatus } from '../../src-shared/leads/types';
import { DEFAULT_INBOX_VIEW, INBOX_SORT_COLUMNS, LEAD_PRIORITIES, LEAD_STATUSES } from '../../src-shared/leads/types';
import { tempDir } from '../helpers/temp';
import { count, createLead, freshOffice, ids, listAll, refused, sharedOffice, type Caller, type Office } from './lead-fixtures';

/** Per-status counts computed straight from the leads table. */
function countsFromDb(db: Database.Database, where = '1 = 1', params: unknown[] = []): LeadCounts {
  const counts: LeadCounts = { new: 0, linked: 0, converted: 0, deleted: 0 };
  const rows = db.prepare(`select status, count(*) as n from leads l where ${where} group by status`).all(...params) as { status: LeadStatus; n: number }[];
  for (const { status, n } of rows) counts[status] = n;
  return counts;
}

interface FilterCase {
  name: string;
  /** Who asks (the "me" filter depends on it). */
  as: 'anna' | 'piotr' | 'manager';
  filters: (o: Office) => InboxFilters;
  /** The same filter as SQL over `leads l`. */
  where: (o: Office) => [string, unknown[]];
}

/** A received time from the middle of the demo data, so date ranges cut it in two. */
const midTime = (o: Office, offset = 150) => count(o.db, `select received_at from leads order by received_at limit 1 offset ${offset}`);

const FILTER_CASES: FilterCase[] = [
  { name: 'source', as: 'manager', filters: (o) => ({ sourceId: o.sourceId('Facebook') }), where: (o) => ['l.source_id = ?', [o.sourceId('Facebook')]] },
  {
    name: 'investment',
    as: 'manager',
    filters: (o) => ({ investmentId: o.investmentId('Przystań Oliwa') }),
    where: (o) => ['l.investment_id = ?', [o.investmentId('Przystań Oliwa')]],
  },
  { name: "assignee 'me' (anna)", as: 'anna', filters: () => ({ assignee: 'me' }), where: (o) => ['l.assignee_user_id = ?', [o.user('anna').id]] },
  { name: "assignee 'me' (piotr)", as: 'piotr', filters: () => ({ assignee: 'me' }), where: (o) => ['l.assignee_user_id = ?', [o.user('piotr').id]] },
  { name: "assignee 'unassigned'", as: 'anna', filters: () => ({ assignee: 'unassigned' }), where: () => ['l.assignee_user_id is null', []] },
  { name: 'assignee by user id', as: 'manager', filters: (o) => ({ assignee: o.user('kasia').id }), where: (o) => ['l.assignee_user_id = ?', [o.user('kasia').id]] },
  { name: 'everything an advisor sees', as: 'anna', filters: () => ({}), where: (o) => ['(l.assignee_user_id is null or l.assignee_user_id = ?)', [o.user('anna').id]] },
  { name: 'received from (inclusive)', as: 'manager', filters: (o) => ({ receivedFrom: midTime(o) }), where: (o) => ['l.received_at >= ?', [midTime(o)]] },
  { name: 'received to (exclusive)', as: 'manager', filters: (o) => ({ receivedTo: midTime(o) }), where: (o) => ['l.received_at < ?', [midTime(o)]] },
  {
    name: 'received between',
    as: 'manager',
    filters: (o) => ({ receivedFrom: midTime(o, 100), receivedTo: midTime(o, 250) }),
    where: (o) => ['l.received_at >= ? and l.received_at < ?', [midTime(o, 100), midTime(o, 250)]],
  },
  {
    name: 'source + assignee + range together',
    as: 'manager',
    filters: (o) => ({ sourceId: o.sourceId('Website form'), assignee: o.user('anna').id, receivedFrom: midTime(o, 50) }),
    where: (o) => ['l.source_id = ? and l.assignee_user_id = ? and l.received_at >= ?', [o.sourceId('Website form'), o.user('anna').id, midTime(o, 50)]],
  },
];

describe('leads.list and leads.counts filters (demo office)', () => {
  const office = sharedOffice();

  it.each(FILTER_CASES)('$name: the rows and the counts are exactly the matching leads', async (c) => {
    const o = office();
    const caller = await o.as(c.as);
    const [where, params] = c.where(o);
    const expectedAll = (o.db.prepare(`select id from leads l where ${where}`).pluck().all(...params) as string[]).sort();
    const total = count(o.db, 'select count(*) from leads');
    expect(expectedAll.length, 'the filter selects some leads, not all').toBeGreaterThan(0);
    expect(expectedAll.length).toBeLessThan(total);

    expect(ids(await listAll(caller, { filters: c.filters(o) }))).toEqual(expectedAll);
    for (const status of LEAD_STATUSES) {
      const expected = (o.db.prepare(`select id from leads l where ${where} and l.status = ?`).pluck().all(...params, status) as string[]).sort();
      expect(ids(await listAll(caller, { status, filters: c.filters(o) })), status).toEqual(expected);
    }
    expect(await caller.ok('leads.counts', { filters: c.filters(o) })).toEqual(countsFromDb(o.db, where, params));
  });

  it("shows an advisor none of another advisor's leads, whatever the filter asks", async () => {
    const o = office();
    const anna = await o.as('anna');
    const filters = { assignee: o.user('kasia').id };
    expect(await listAll(anna, { filters })).toEqual([]);
    expect(await anna.ok('leads.counts', { filters })).toEqual({ new: 0, linked: 0, converted: 0, deleted: 0 });
  });

  it('includes a lead received exactly at the start of the range and excludes one received exactly at its end', async () => {
    const o = office();
    const manager = await o.as('manager');
    const at = midTime(o);
    const id = o.db.prepare('select id from leads where received_at = ?').pluck().get(at) as string;
    expect(ids(await listAll(manager, { filters: { receivedFrom: at } }))).toContain(id);
    expect(ids(await listAll(manager, { filters: { receivedTo: at } }))).not.toContain(id);
    expect(ids(await listAll(manager, { filters: { receivedFrom: at, receivedTo: at + 1 } }))).toEqual([id]);
  });

  it('refuses a date range whose start is not before its end, in the list and the counts', async () => {
    const manager = await office().as('manager');
    for (const [from, to] of [
      [2000, 1000],
      [1000, 1000],
    ] as const) {
      const error = await refused(manager.call('leads.list', { filters: { receivedFrom: from, receivedTo: to } }), 'VALIDATION');
      expect(error.issues).toEqual([{ field: 'filters.receivedTo', message: 'The start of the date range must be before its end' }]);
      await refused(manager.call('leads.counts', { filters: { receivedFrom: from, receivedTo: to } }), 'VALIDATION');
    }
  });

  it('counts every status as GROUP BY does when unfiltered', async () => {
    const o = office();
    const counts = await (await o.as('manager')).ok('leads.counts', {});
    expect(counts).toEqual(countsFromDb(o.db));
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(count(o.db, 'select count(*) from leads'));
  });
});

// ---------------------------------------------------------------------------------------------------------

interface SortRow {
  id: string;
  received_at: number;
  name_search: string;
  phone_e164: string | null;
  phone_raw: string | null;
  email_normalized: string | null;
  source: string;
  investment: string | null;
  assignee: string | null;
  status: LeadStatus;
  priority: (typeof LEAD_PRIORITIES)[number];
}

/** SQLite's default (BINARY) collation: UTF-8 bytes. */
const bytes = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
const numbers = (a: number, b: number) => (a < b ? -1 : a > b ? 1 : 0);
/** SQLite's lower(): ASCII letters only. */
const asciiLower = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());

const SORT_KEY: Record<Exclude<InboxSort['column'], 'receivedAt'>, (r: SortRow) => string | number> = {
  name: (r) => r.name_search,
  phone: (r) => r.phone_e164 ?? r.phone_raw ?? '',
  email: (r) => r.email_normalized ?? '',
  source: (r) => asciiLower(r.source),
  investment: (r) => asciiLower(r.investment ?? ''),
  assignee: (r) => asciiLower(r.assignee ?? ''),
  status: (r) => LEAD_STATUSES.indexOf(r.status),
  priority: (r) => LEAD_PRIORITIES.indexOf(r.priority),
};

/** The inbox order: the column in the asked direction; ties newest first, then by id (in the column's direction). */
function comparator(sort: InboxSort): (a: SortRow, b: SortRow) => number {
  const sign = sort.direction === 'asc' ? 1 : -1;
  if (sort.column === 'receivedAt') return (a, b) => sign * (numbers(a.received_at, b.received_at) || bytes(a.id, b.id));
  const key = SORT_KEY[sort.column];
  return (a, b) => {
    const [ka, kb] = [key(a), key(b)];
    const byKey = typeof ka === 'number' && typeof kb === 'number' ? numbers(ka, kb) : bytes(String(ka), String(kb));
    return sign * byKey || numbers(b.received_at, a.received_at) || sign * bytes(a.id, b.id);
  };
}

const ALL_SORTS: InboxSort[] = INBOX_SORT_COLUMNS.flatMap((column) => (['asc', 'desc'] as const).map((direction) => ({ column, direction })));

describe('leads.list sort and keyset paging (demo office)', () => {
  const office = sharedOffice();
  let rows: SortRow[];
  let manager: Caller;

  beforeAll(async () => {
    const o = office();
    manager = await o.as('manager');
    rows = o.db
      .prepare(
        `select l.id, l.received_at, l.name_search, l.phone_e164, l.phone_raw, l.email_normalized, s.name as source, i.name as investment,
           u.display_name as assignee, l.status, l.priority
         from leads l join sources s on s.id = l.source_id left join investments i on i.id = l.investment_id left join users u on u.id = l.assignee_user_id`,
      )
      .all() as SortRow[];
  });

  it.each(ALL_SORTS)('$column $direction: pages of 7 return every lead once, in order', async (sort) => {
    const expected = [...rows].sort(comparator(sort)).map((r) => r.id);
    const listed = await listAll(manager, { sort }, 7);
    expect(listed.map((r) => r.id)).toEqual(expected);
  });

  it.each(ALL_SORTS)('$column $direction: pages of 7 within a status tab and a filter', async (sort) => {
    const investmentId = office().investmentId('Zielone Tarasy');
    for (const status of ['new', 'converted'] as const) {
      const expected = rows
        .filter((r) => r.status === status && r.investment === 'Zielone Tarasy')
        .sort(comparator(sort))
        .map((r) => r.id);
      expect(expected.length).toBeGreaterThan(7);
      const listed = await listAll(manager, { status, sort, filters: { investmentId } }, 7);
      expect(listed.map((r) => r.id), status).toEqual(expected);
    }
  });

  it('refuses a cursor made for another sort, or another direction, with VALIDATION', async () => {
    const first = await manager.ok('leads.list', { sort: { column: 'name', direction: 'asc' }, limit: 7 });
    expect(first.nextCursor).not.toBeNull();
    const cursor = first.nextCursor!;
    for (const sort of [
      { column: 'name', direction: 'desc' },
      { column: 'phone', direction: 'asc' },
      { column: 'receivedAt', direction: 'desc' },
    ] as const) {
      const error = await refused(manager.call('leads.list', { sort, limit: 7, cursor }), 'VALIDATION');
      expect(error.issues, `${sort.column} ${sort.direction}`).toEqual([{ field: 'cursor', message: 'Not a cursor from this list and sort' }]);
    }
    // The same sort accepts it and continues where the first page ended.
    const second = await manager.ok('leads.list', { sort: { column: 'name', direction: 'asc' }, limit: 7, cursor });
    expect(second.rows.map((r) => r.id)).toEqual([...rows].sort(comparator({ column: 'name', direction: 'asc' })).slice(7, 14).map((r) => r.id));
  });
});

// ---------------------------------------------------------------------------------------------------------

describe('leads.counts stay right while leads change', () => {
  it('follows create, delete and restore, always equal to GROUP BY status', async () => {
    const o = await freshOffice();
    const manager = await o.as('manager');
    const counts = () => manager.ok('leads.counts', {});
    const before = await counts();
    expect(before).toEqual(countsFromDb(o.db));

    const a = await createLead(manager, o);
    const b = await createLead(manager, o);
    expect(await counts()).toEqual({ ...before, new: before.new + 2 });
    expect(await counts()).toEqual(countsFromDb(o.db));

    await manager.ok('leads.delete', { ids: [a.id, b.id], reasonId: o.reasonId('Spam') });
    expect(await counts()).toEqual({ ...before, deleted: before.deleted + 2 });
    expect(await counts()).toEqual(countsFromDb(o.db));

    await manager.ok('leads.restore', { ids: [a.id] });
    expect(await counts()).toEqual({ ...before, new: before.new + 1, deleted: before.deleted + 1 });
    expect(await counts()).toEqual(countsFromDb(o.db));

    // Changes that keep the status leave the counts alone.
    await manager.ok('leads.setPriority', { ids: [a.id], priority: 'urgent' });
    expect(await counts()).toEqual(countsFromDb(o.db));
    // And the filtered path agrees with the stored one.
    expect(await manager.ok('leads.counts', { filters: { receivedFrom: 0 } })).toEqual(await counts());
  });
});

// ---------------------------------------------------------------------------------------------------------

describe('leads.getView / leads.saveView', () => {
  const annaView: InboxView = {
    status: 'deleted',
    filters: { assignee: 'me', search: 'kowal', receivedFrom: 1_000, receivedTo: 2_000_000_000_000 },
    sort: { column: 'priority', direction: 'asc' },
  };

  it('keeps each user their own view, across closing and reopening the data folder', async () => {
    const dir = tempDir();
    const first = await freshOffice(dir);
    const anna = await first.as('anna');
    const piotr = await first.as('piotr');
    expect(await anna.ok('leads.getView', {})).toEqual(DEFAULT_INBOX_VIEW);
    expect(await anna.ok('leads.saveView', annaView)).toEqual(annaView);
    expect(await anna.ok('leads.getView', {})).toEqual(annaView);
    expect(await piotr.ok('leads.getView', {})).toEqual(DEFAULT_INBOX_VIEW);
    const piotrView: InboxView = { status: null, filters: {}, sort: { column: 'name', direction: 'desc' } };
    await piotr.ok('leads.saveView', piotrView);
    first.core.close();

    const second = await freshOffice(dir);
    expect(await (await second.as('anna')).ok('leads.getView', {})).toEqual(annaView);
    expect(await (await second.as('piotr')).ok('leads.getView', {})).toEqual(piotrView);
    expect(await (await second.as('kasia')).ok('leads.getView', {})).toEqual(DEFAULT_INBOX_VIEW);
  });

  it('refuses an invalid view and keeps the one saved before', async () => {
    const o = await freshOffice();
    const anna = await o.as('anna');
    await anna.ok('leads.saveView', annaView);
    const invalid: unknown[] = [
      { ...annaView, status: 'archived' },
      { ...annaView, sort: { column: 'price', direction: 'asc' } },
      { ...annaView, sort: { column: 'name', direction: 'up' } },
      { ...annaView, filters: { receivedFrom: 5, receivedTo: 5 } },
      { ...annaView, filters: { colour: 'red' } },
      { status: 'new', filters: {} },
      { ...annaView, extra: true },
    ];
    for (const view of invalid) await refused(anna.call('leads.saveView', view), 'VALIDATION');
    expect(await anna.ok('leads.getView', {})).toEqual(annaView);
  });

  it('falls back to the default view when the stored one cannot be read', async () => {
    const o = await freshOffice();
    const anna = await o.as('anna');
    await anna.ok('leads.saveView', annaView);
    const writer = new Database(o.core.databaseFile);
    writer.prepare(`update user_preferences set value = ? where user_id = ?`).run(JSON.stringify({ status: 'new', filters: { colour: 'red' } }), o.user('anna').id);
    writer.close();
    expect(await anna.ok('leads.getView', {})).toEqual(DEFAULT_INBOX_VIEW);
  });

  it('needs a signed-in user', async () => {
    const o = await freshOffice();
    await refused(o.core.call('nobody', 'leads.getView', {}), 'UNAUTHENTICATED');
    await refused(o.core.call('nobody', 'leads.saveView', annaView), 'UNAUTHENTICATED');
  });
});
