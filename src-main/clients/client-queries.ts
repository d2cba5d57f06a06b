import type Database from 'better-sqlite3';
import { AppError } from '../../src-shared/api/errors';
import type { ActivityRow, ClientDetail, ClientLeadRow, ClientPage, ClientRow, StageChange } from '../../src-shared/clients/types';
import { parseSearch, toMatchExpression } from '../../src-shared/leads/search';
import type { CountryCode } from 'libphonenumber-js';

const ROW = `c.id, c.first_name as firstName, c.last_name as lastName, c.phone_e164 as phoneE164, c.phone_raw as phoneRaw, c.email,
  c.owner_user_id as ownerId, u.display_name as ownerName, c.stage, c.created_at as createdAt,
  (select max(a.done_at) from activities a where a.client_id = c.id and a.state = 'done') as lastContactAt`;
const DAY = 86_400_000;

/** Cold: no contact for `days` (counting from creation when there was none yet), and neither won nor lost. */
export function withCold<T extends ClientRow>(row: T, days: number, now = Date.now()): T {
  const quietSince = row.lastContactAt ?? row.createdAt;
  return { ...row, cold: row.stage !== 'won' && row.stage !== 'lost' && quietSince < now - days * DAY };
}
const FROM = 'from clients c left join users u on u.id = c.owner_user_id';

type DetailRow = Omit<ClientDetail, 'leads' | 'activities' | 'sla' | 'stageHistory' | 'consentDataProcessing' | 'consentMarketingEmail' | 'consentMarketingPhone'> & {
  deletedAt: number | null;
  leadReceivedAt: number | null;
  firstCallAt: number | null;
  firstEmailAt: number | null;
  firstMeetingAt: number | null;
  consentDataProcessing: number;
  consentMarketingEmail: number;
  consentMarketingPhone: number;
};

function decodeCursor(cursor: string): [number, string] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && typeof value[0] === 'number' && typeof value[1] === 'string') return [value[0], value[1]];
  } catch {
    // fall through
  }
  throw new AppError('VALIDATION', 'The page cursor does not belong to this list; reload the list.', [{ field: 'cursor', message: 'Not a cursor from this list' }]);
}

/** The clients list (newest first, searchable like the inbox) and the client card. */
export function createClientQueries(sqlite: Database.Database) {
  const detail = sqlite.prepare<[string], DetailRow>(`select ${ROW}, c.origin_source_id as originSourceId, s.name as originSourceName,
      c.preferred_investment_id as preferredInvestmentId, i.name as preferredInvestmentName, c.description,
      c.consent_data_processing as consentDataProcessing, c.consent_marketing_email as consentMarketingEmail,
      c.consent_marketing_phone as consentMarketingPhone, cb.display_name as createdByName, c.updated_at as updatedAt,
      c.deleted_at as deletedAt, c.lead_received_at as leadReceivedAt, c.first_call_at as firstCallAt,
      c.first_email_at as firstEmailAt, c.first_meeting_at as firstMeetingAt
    ${FROM} left join sources s on s.id = c.origin_source_id left join investments i on i.id = c.preferred_investment_id
      left join users cb on cb.id = c.created_by
    where c.id = ?`);
  // Every lead of the client: the current link of each (a lead unlinked and linked again shows once).
  const clientLeads = sqlite.prepare<[string], ClientLeadRow>(`select l.id, l.status, l.received_at as receivedAt, s.name as sourceName,
      i.name as investmentName, k.kind as linkKind, k.linked_at as linkedAt, u.display_name as linkedByName
    from leads l join sources s on s.id = l.source_id left join investments i on i.id = l.investment_id
      left join lead_client_links k on k.lead_id = l.id and k.client_id = l.client_id and k.unlinked_at is null
      left join users u on u.id = k.linked_by
    where l.client_id = ? order by l.received_at desc`);
  const clientActivities = sqlite.prepare<[string], ActivityRow>(`select a.id, a.type, a.state, u.display_name as userName, a.due_at as dueAt,
      a.done_at as doneAt, a.outcome, a.notes, a.created_at as createdAt
    from activities a left join users u on u.id = a.user_id
    where a.client_id = ? order by coalesce(a.done_at, a.due_at, a.created_at) desc`);
  const stageHistory = sqlite.prepare<[string], StageChange>(
    `select k.from_stage as fromStage, k.to_stage as toStage, k.lost_reason as lostReason, k.at, u.display_name as userName
     from client_stage_changes k left join users u on u.id = k.user_id where k.client_id = ? order by k.at desc`,
  );
  const cache = new Map<string, Database.Statement>();
  const prepare = (sql: string) => {
    let s = cache.get(sql);
    if (!s) cache.set(sql, (s = sqlite.prepare(sql)));
    return s;
  };

  return {
    get(id: string, coldAfterDays: number): ClientDetail {
      const row = detail.get(id);
      if (!row || row.deletedAt) throw new AppError('NOT_FOUND', 'This client no longer exists.');
      const { deletedAt: _deleted, leadReceivedAt: _l, firstCallAt: _c, firstEmailAt: _e, firstMeetingAt: _m, ...client } = row;
      return {
        ...withCold(client, coldAfterDays),
        stageHistory: stageHistory.all(id),
        consentDataProcessing: row.consentDataProcessing === 1,
        consentMarketingEmail: row.consentMarketingEmail === 1,
        consentMarketingPhone: row.consentMarketingPhone === 1,
        sla: { leadReceivedAt: row.leadReceivedAt, clientCreatedAt: row.createdAt, firstCallAt: row.firstCallAt, firstEmailAt: row.firstEmailAt, firstMeetingAt: row.firstMeetingAt },
        leads: clientLeads.all(id).map((l) => ({ ...l, linkKind: l.linkKind ?? (l.status === 'converted' ? 'converted' : 'linked') })),
        activities: clientActivities.all(id),
      };
    },

    /** `visibleTo`: only this salesperson's clients (an advisor, unless the team sees all). */
    list(opts: { search?: string; ownerId?: string; limit: number; cursor?: string }, region: () => CountryCode, visibleTo: string | null, coldAfterDays: number): ClientPage {
      const conditions: string[] = ['c.deleted_at is null'];
      const params: unknown[] = [];
      if (visibleTo) conditions.push('c.owner_user_id = ?'), params.push(visibleTo);
      if (opts.ownerId) conditions.push('c.owner_user_id = ?'), params.push(opts.ownerId);
      const search = opts.search?.trim() ? parseSearch(opts.search, region()) : null;
      if (search) conditions.push('c.rowid in (select rowid from client_search where client_search match ?)'), params.push(toMatchExpression(search));
      if (opts.cursor) conditions.push('(c.created_at, c.id) < (?, ?)'), params.push(...decodeCursor(opts.cursor));
      const where = `where ${conditions.join(' and ')}`;
      const rows = prepare(`select ${ROW} ${FROM} ${where} order by c.created_at desc, c.id desc limit ?`).all(...params, opts.limit + 1) as ClientRow[];
      const hasMore = rows.length > opts.limit;
      if (hasMore) rows.pop();
      const last = rows[rows.length - 1];
      return { rows: rows.map((r) => withCold(r, coldAfterDays)), nextCursor: hasMore && last ? Buffer.from(JSON.stringify([last.createdAt, last.id])).toString('base64url') : null };
    },
  };
}
