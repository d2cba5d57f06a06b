import type Database from 'better-sqlite3';
import type { CountryCode } from 'libphonenumber-js';
import { AppError } from '../../src-shared/api/errors';
import { parseSearch, toMatchExpression } from '../../src-shared/leads/search';
import type { InboxFilters, InboxSort, InboxSortColumn, LeadCounts, LeadPage, LeadRow, LeadStatus } from '../../src-shared/leads/types';

export const LEAD_ROW_COLUMNS = `l.id, l.status, l.received_at as receivedAt, l.first_name as firstName, l.last_name as lastName,
  l.phone_raw as phone, l.phone_e164 as phoneE164, l.email, l.source_id as sourceId, s.name as sourceName,
  l.investment_id as investmentId, i.name as investmentName, l.assignee_user_id as assigneeId,
  u.display_name as assigneeName, l.priority, l.qualification,
  case l.status when 'new' then null when 'deleted' then l.deleted_at
    else (select max(k.linked_at) from lead_client_links k where k.lead_id = l.id and k.unlinked_at is null) end as handledAt`;
// "left join" for sources although every lead has one: an inner join lets the planner put sources in the outer
// loop, which turns a keyset page (0.2 ms) into a sort of every older lead (270 ms at a million leads).
export const LEAD_ROW_FROM = `from leads l left join sources s on s.id = l.source_id
  left join investments i on i.id = l.investment_id left join users u on u.id = l.assignee_user_id`;

/** Sort keys other than the received time; every one is non-null so keyset comparisons hold. */
const SORT_KEYS: Record<Exclude<InboxSortColumn, 'receivedAt'>, string> = {
  name: 'l.name_search',
  phone: `coalesce(l.phone_e164, l.phone_raw, '')`,
  email: `coalesce(l.email_normalized, '')`,
  // Names as people read them: "rynekpierwotny.pl" among the r's, not after "Website form".
  source: 'lower(s.name)',
  investment: `lower(coalesce(i.name, ''))`,
  assignee: `lower(coalesce(u.display_name, ''))`,
  status: `case l.status when 'new' then 0 when 'linked' then 1 when 'converted' then 2 else 3 end`,
  priority: `case l.priority when 'urgent' then 0 when 'important' then 1 else 2 end`,
};

/**
 * The ordering as a tuple compared in one direction, so keyset pagination is one row-value comparison.
 * Ties on another column show newest first: ascending tuples carry -received_at.
 */
function ordering(sort: InboxSort): { tuple: string[]; direction: 'asc' | 'desc' } {
  if (sort.column === 'receivedAt') return { tuple: ['l.received_at', 'l.id'], direction: sort.direction };
  const key = SORT_KEYS[sort.column];
  return sort.direction === 'desc'
    ? { tuple: [key, 'l.received_at', 'l.id'], direction: 'desc' }
    : { tuple: [key, '-l.received_at', 'l.id'], direction: 'asc' };
}

interface Cursor {
  sort: string;
  values: (string | number)[];
}

const sortTag = (sort: InboxSort) => `${sort.column}:${sort.direction}`;

function encodeCursor(sort: InboxSort, values: (string | number)[]): string {
  return Buffer.from(JSON.stringify({ sort: sortTag(sort), values } satisfies Cursor)).toString('base64url');
}

function decodeCursor(cursor: string, sort: InboxSort, size: number): (string | number)[] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<Cursor>;
    const values = value.values;
    if (value.sort === sortTag(sort) && Array.isArray(values) && values.length === size && values.every((v) => typeof v === 'string' || typeof v === 'number')) {
      return values;
    }
  } catch {
    // fall through to the error below
  }
  throw new AppError('VALIDATION', 'The page cursor does not belong to this list; reload the list.', [{ field: 'cursor', message: 'Not a cursor from this list and sort' }]);
}

export interface QueryScope {
  /** The signed-in user, for the "me" assignee filter. */
  userId: string;
  /** Read only when a search needs it: most list calls have none. */
  phoneRegion: () => CountryCode;
  /** True when the caller sees only unassigned leads and their own (an advisor, unless the team sees all). */
  restricted: boolean;
}

/**
 * How a search joins the full-text index. 'lookup' fetches every match and sorts them: best when matches are
 * few (a phone, a full name). 'walk' reads leads in list order and keeps those that match, stopping at a page:
 * best when matches are many (a common surname, the first letters typed), where sorting them all is slow.
 */
export type SearchPlan = 'lookup' | 'walk';
/** Above this many matches a search walks the list instead of sorting its matches. */
export const BROAD_SEARCH_MATCHES = 2000;

function searchMatch(filters: InboxFilters, scope: QueryScope): string | null {
  if (!filters.search?.trim()) return null;
  const search = parseSearch(filters.search, scope.phoneRegion());
  return search ? toMatchExpression(search) : null;
}

/** WHERE conditions over `leads l` only (no joins), shared by the page and the counts. */
function filterConditions(filters: InboxFilters, scope: QueryScope, plan: SearchPlan = 'lookup'): { conditions: string[]; params: unknown[] } {
  const conditions: string[] = [];
  const params: unknown[] = [];
  // Written so no index is chosen for it: the filter's index (which carries the assignee) or the list order leads.
  if (scope.restricted) conditions.push(`coalesce(l.assignee_user_id, '') in ('', ?)`), params.push(scope.userId);
  if (filters.sourceId) conditions.push('l.source_id = ?'), params.push(filters.sourceId);
  if (filters.investmentId) conditions.push('l.investment_id = ?'), params.push(filters.investmentId);
  if (filters.assignee === 'unassigned') conditions.push('l.assignee_user_id is null');
  else if (filters.assignee) conditions.push('l.assignee_user_id = ?'), params.push(filters.assignee === 'me' ? scope.userId : filters.assignee);
  if (filters.receivedFrom !== undefined) conditions.push('l.received_at >= ?'), params.push(filters.receivedFrom);
  if (filters.receivedTo !== undefined) conditions.push('l.received_at < ?'), params.push(filters.receivedTo);
  const match = searchMatch(filters, scope);
  if (match) {
    // The unary + keeps SQLite from driving the query by the index's matches, so it walks the list order.
    conditions.push(`${plan === 'walk' ? '+' : ''}l.rowid in (select rowid from lead_search where lead_search match ?)`);
    params.push(match);
  }
  return { conditions, params };
}

const hasFilters = (filters: InboxFilters) => Object.values(filters).some((v) => v !== undefined && v !== '');

/** Prepared statements are cached by SQL text: the filter combinations in use are few. */
function statementCache(sqlite: Database.Database) {
  const cache = new Map<string, Database.Statement>();
  return (sql: string): Database.Statement => {
    let statement = cache.get(sql);
    if (!statement) {
      if (cache.size >= 256) cache.clear();
      statement = sqlite.prepare(sql);
      cache.set(sql, statement);
    }
    return statement;
  };
}

export interface PageRequest {
  status?: LeadStatus;
  filters: InboxFilters;
  sort: InboxSort;
  limit: number;
  cursor?: string;
}

/** Builds the page SQL; exported so the bench can time the same statement bare. */
export function buildPageQuery(request: PageRequest, scope: QueryScope, plan: SearchPlan = 'lookup'): { sql: string; params: unknown[] } {
  const { conditions, params } = filterConditions(request.filters, scope, plan);
  if (request.status) conditions.unshift('l.status = ?'), params.unshift(request.status);
  const { tuple, direction } = ordering(request.sort);
  if (request.cursor) {
    conditions.push(`(${tuple.join(', ')}) ${direction === 'desc' ? '<' : '>'} (${tuple.map(() => '?').join(', ')})`);
    params.push(...decodeCursor(request.cursor, request.sort, tuple.length));
  }
  const where = conditions.length ? `where ${conditions.join(' and ')}` : '';
  const keys = tuple.map((expr, i) => `${expr} as k${i}`).join(', ');
  const sql = `select ${LEAD_ROW_COLUMNS}, ${keys} ${LEAD_ROW_FROM} ${where} order by ${tuple.map((t) => `${t} ${direction}`).join(', ')} limit ?`;
  // One extra row tells whether another page exists without counting.
  return { sql, params: [...params, request.limit + 1] };
}

/** The inbox reads: pages and tab counts. Prepared once per database, reused by every call. */
export function createInboxQuery(sqlite: Database.Database) {
  const prepare = statementCache(sqlite);
  const storedCounts = sqlite.prepare<[], { status: LeadStatus; n: number }>('select status, n from lead_status_counts');
  // Unassigned ('') plus the caller's own: an advisor's tabs without counting rows.
  const restrictedCounts = sqlite.prepare<[string], { status: LeadStatus; n: number }>(
    `select status, sum(n) as n from lead_assignee_counts where assignee_key in ('', ?) group by status`,
  );
  const matchesUpTo = sqlite.prepare<[string, number], number>('select count(*) from (select rowid from lead_search where lead_search match ? limit ?)').pluck();

  /** A cheap look at how many leads a search matches (capped), to pick its plan. */
  const planFor = (filters: InboxFilters, scope: QueryScope): SearchPlan => {
    const match = searchMatch(filters, scope);
    return match && matchesUpTo.get(match, BROAD_SEARCH_MATCHES)! >= BROAD_SEARCH_MATCHES ? 'walk' : 'lookup';
  };

  return {
    planFor,

    page(request: PageRequest, scope: QueryScope): LeadPage {
      const { sql, params } = buildPageQuery(request, scope, planFor(request.filters, scope));
      const keyCount = ordering(request.sort).tuple.length;
      const raw = prepare(sql).all(...params) as (LeadRow & Record<string, string | number>)[];
      const hasMore = raw.length > request.limit;
      if (hasMore) raw.pop();
      const last = raw[raw.length - 1];
      const nextCursor = hasMore && last ? encodeCursor(request.sort, Array.from({ length: keyCount }, (_, i) => last[`k${i}`]!)) : null;
      const rows = raw.map(({ k0: _0, k1: _1, k2: _2, ...row }) => row as LeadRow);
      return { rows, nextCursor };
    },

    /** Per-status counts: kept live by triggers when unfiltered, counted over the filtered set otherwise. */
    counts(filters: InboxFilters, scope: QueryScope): LeadCounts {
      const counts: LeadCounts = { new: 0, linked: 0, converted: 0, deleted: 0 };
      if (!hasFilters(filters)) {
        for (const { status, n } of scope.restricted ? restrictedCounts.all(scope.userId) : storedCounts.all()) counts[status] = n;
        return counts;
      }
      const { conditions, params } = filterConditions(filters, scope);
      const where = conditions.length ? `where ${conditions.join(' and ')}` : '';
      const rows = prepare(`select l.status, count(*) as n from leads l ${where} group by l.status`).all(...params) as { status: LeadStatus; n: number }[];
      for (const { status, n } of rows) counts[status] = n;
      return counts;
    },
  };
}

export type InboxQuery = ReturnType<typeof createInboxQuery>;
