import type Database from 'better-sqlite3';
import { AppError } from '../../src-shared/api/errors';
import type { LeadPage, LeadRow, LeadStatus } from '../../src-shared/leads/types';

const COLUMNS = `l.id, l.status, l.received_at as receivedAt, l.first_name as firstName, l.last_name as lastName,
  l.phone_raw as phone, l.phone_e164 as phoneE164, l.email, l.source_id as sourceId, s.name as sourceName,
  l.investment_id as investmentId, i.name as investmentName, l.assignee_user_id as assigneeId,
  u.display_name as assigneeName, l.priority`;
const FROM = `from leads l join sources s on s.id = l.source_id
  left join investments i on i.id = l.investment_id left join users u on u.id = l.assignee_user_id`;
const ORDER = 'order by l.received_at desc, l.id desc limit ?';

/** The inbox SQL, newest first, keyset-paginated on (received_at, id); exported so the bench can time it bare. */
export const INBOX_SQL = {
  byStatus: `select ${COLUMNS} ${FROM} where l.status = ? ${ORDER}`,
  byStatusAfter: `select ${COLUMNS} ${FROM} where l.status = ? and (l.received_at, l.id) < (?, ?) ${ORDER}`,
  all: `select ${COLUMNS} ${FROM} ${ORDER}`,
  allAfter: `select ${COLUMNS} ${FROM} where (l.received_at, l.id) < (?, ?) ${ORDER}`,
} as const;

type Cursor = [receivedAt: number, id: string];

export function encodeCursor(row: Pick<LeadRow, 'receivedAt' | 'id'>): string {
  return Buffer.from(JSON.stringify([row.receivedAt, row.id])).toString('base64url');
}

function decodeCursor(cursor: string): Cursor {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && typeof value[0] === 'number' && typeof value[1] === 'string') return [value[0], value[1]];
  } catch {
    // fall through to the error below
  }
  throw new AppError('VALIDATION', 'The page cursor is not valid; reload the list.', [{ field: 'cursor', message: 'Not a cursor from this list' }]);
}

/** Prepared once per database; reused by every call. */
export function createInboxQuery(sqlite: Database.Database) {
  const statements = {
    byStatus: sqlite.prepare<[string, number], LeadRow>(INBOX_SQL.byStatus),
    byStatusAfter: sqlite.prepare<[string, number, string, number], LeadRow>(INBOX_SQL.byStatusAfter),
    all: sqlite.prepare<[number], LeadRow>(INBOX_SQL.all),
    allAfter: sqlite.prepare<[number, string, number], LeadRow>(INBOX_SQL.allAfter),
  };
  const countByStatus = sqlite.prepare<[], { status: LeadStatus; n: number }>('select status, count(*) as n from leads group by status');

  return {
    page(opts: { status?: LeadStatus; limit: number; cursor?: string }): LeadPage {
      // Fetch one extra row to know whether another page exists without counting.
      const take = opts.limit + 1;
      const after = opts.cursor ? decodeCursor(opts.cursor) : null;
      let rows: LeadRow[];
      if (opts.status) {
        rows = after ? statements.byStatusAfter.all(opts.status, after[0], after[1], take) : statements.byStatus.all(opts.status, take);
      } else {
        rows = after ? statements.allAfter.all(after[0], after[1], take) : statements.all.all(take);
      }
      const hasMore = rows.length > opts.limit;
      if (hasMore) rows.pop();
      const last = rows[rows.length - 1];
      return { rows, nextCursor: hasMore && last ? encodeCursor(last) : null };
    },
    counts(): Record<LeadStatus, number> {
      const counts: Record<LeadStatus, number> = { new: 0, linked: 0, converted: 0, deleted: 0 };
      for (const { status, n } of countByStatus.all()) counts[status] = n;
      return counts;
    },
  };
}

export type InboxQuery = ReturnType<typeof createInboxQuery>;
