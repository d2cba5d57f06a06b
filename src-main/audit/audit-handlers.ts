import type Database from 'better-sqlite3';
import { AppError } from '../../src-shared/api/errors';
import type { AuditFilters, AuditRow } from '../../src-shared/audit/types';
import type { Handlers } from '../app/context';
import { requireCapability } from '../users/require-role';

const EXPORT_LIMIT = 100_000;
type RawRow = Omit<AuditRow, 'details'> & { details: string | null };

function where(filters: AuditFilters): { sql: string; params: unknown[] } {
  const conditions: string[] = [];
  const params: unknown[] = [];
  if (filters.userId) conditions.push('a.user_id = ?'), params.push(filters.userId);
  if (filters.action) conditions.push('a.action = ?'), params.push(filters.action);
  if (filters.from !== undefined) conditions.push('a.at >= ?'), params.push(filters.from);
  if (filters.to !== undefined) conditions.push('a.at < ?'), params.push(filters.to);
  return { sql: conditions.join(' and '), params };
}

function decodeCursor(cursor: string): [number, string] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'number' && typeof value[1] === 'string') return [value[0], value[1]];
  } catch {
    // fall through
  }
  throw new AppError('VALIDATION', 'The page cursor is not valid; reload the list.', [{ field: 'cursor', message: 'Not a cursor from this list' }]);
}

const csvCell = (value: unknown): string => {
  const text = value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  // Quote everything; a leading = + - @ would be read as a formula by spreadsheets, so it gets a quote mark first.
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
};

/** Who did what and when, newest first; for managers and admins. The log itself is append-only (triggers). */
export function auditHandlers(sqlite: Database.Database): Pick<Handlers, 'audit.list' | 'audit.exportCsv'> {
  const actions = sqlite.prepare<[], string>('select distinct action from audit_log order by action').pluck();
  const select = (filters: AuditFilters, cursor: [number, string] | null, limit: number): AuditRow[] => {
    const w = where(filters);
    const conditions = [w.sql, cursor ? '(a.at, a.id) < (?, ?)' : ''].filter(Boolean).join(' and ');
    const rows = sqlite
      .prepare(
        `select a.id, a.at, a.user_id as userId, u.display_name as userName, a.action, a.entity, a.entity_id as entityId, a.details
         from audit_log a left join users u on u.id = a.user_id ${conditions ? `where ${conditions}` : ''}
         order by a.at desc, a.id desc limit ?`,
      )
      .all(...w.params, ...(cursor ?? []), limit) as RawRow[];
    return rows.map((r) => ({ ...r, details: r.details ? (JSON.parse(r.details) as Record<string, unknown>) : null }));
  };

  return {
    'audit.list'({ filters, limit, cursor }, ctx) {
      requireCapability(ctx, 'audit.view', 'read the audit log');
      const after = cursor ? decodeCursor(cursor) : null;
      const rows = select(filters, after, limit + 1);
      const hasMore = rows.length > limit;
      if (hasMore) rows.pop();
      const last = rows[rows.length - 1];
      return { rows, nextCursor: hasMore && last ? Buffer.from(JSON.stringify([last.at, last.id])).toString('base64url') : null, actions: actions.all() };
    },

    'audit.exportCsv'({ filters }, ctx) {
      requireCapability(ctx, 'audit.view', 'export the audit log');
      const rows = select(filters, null, EXPORT_LIMIT);
      const header = ['time (UTC)', 'user', 'action', 'entity', 'entity id', 'details'];
      const lines = rows.map((r) => [new Date(r.at).toISOString(), r.userName ?? '', r.action, r.entity ?? '', r.entityId ?? '', r.details ?? ''].map(csvCell).join(','));
      const stamp = new Date().toISOString().slice(0, 10);
      // A BOM so spreadsheet programs read the Polish letters as UTF-8.
      return { fileName: `audit-log-${stamp}.csv`, csv: `\uFEFF${[header.map(csvCell).join(','), ...lines].join('\r\n')}\r\n`, rows: rows.length };
    },
  };
}
