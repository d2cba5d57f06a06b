import type Database from 'better-sqlite3';
import { AppError } from '../../src-shared/api/errors';
import type { LeadDetail, LeadHistoryEntry } from '../../src-shared/leads/types';
import { LEAD_ROW_COLUMNS, LEAD_ROW_FROM } from './inbox-query';

type DetailRow = Omit<LeadDetail, 'history' | 'consentDataProcessing' | 'consentMarketingEmail' | 'consentMarketingPhone'> & {
  consentDataProcessing: number;
  consentMarketingEmail: number;
  consentMarketingPhone: number;
};

/** One lead with everything the detail panel shows, and its history from the audit log. */
export function createLeadDetailQuery(sqlite: Database.Database) {
  const lead = sqlite.prepare<[string], DetailRow>(`select ${LEAD_ROW_COLUMNS},
      l.message, l.language, l.external_id as externalId, l.consent_data_processing as consentDataProcessing,
      l.consent_marketing_email as consentMarketingEmail, l.consent_marketing_phone as consentMarketingPhone,
      r.label as deletionReason, l.deletion_comment as deletionComment, l.deleted_at as deletedAt, d.display_name as deletedByName,
      l.client_id as clientId, trim(coalesce(c.first_name, '') || ' ' || coalesce(c.last_name, '')) as clientName,
      l.raw_payload as rawPayload, l.created_at as createdAt, l.updated_at as updatedAt
    ${LEAD_ROW_FROM}
      left join deletion_reasons r on r.id = l.deletion_reason_id
      left join users d on d.id = l.deleted_by
      left join clients c on c.id = l.client_id
    where l.id = ?`);
  const history = sqlite.prepare<[string], { at: number; action: string; userName: string | null; details: string | null }>(
    `select a.at, a.action, u.display_name as userName, a.details from audit_log a left join users u on u.id = a.user_id
     where a.entity = 'leads' and a.entity_id = ? order by a.at, a.id`,
  );

  return (id: string): LeadDetail => {
    const row = lead.get(id);
    if (!row) throw new AppError('NOT_FOUND', 'This lead no longer exists.');
    const entries: LeadHistoryEntry[] = history.all(id).map((h) => ({ ...h, details: h.details ? (JSON.parse(h.details) as Record<string, unknown>) : null }));
    // Leads from forms and portals have no author; their history starts with the intake itself.
    if (!entries.some((e) => e.action === 'lead.created')) {
      entries.unshift({ at: row.receivedAt, action: 'lead.received', userName: null, details: { source: row.sourceName } });
    }
    return {
      ...row,
      consentDataProcessing: row.consentDataProcessing === 1,
      consentMarketingEmail: row.consentMarketingEmail === 1,
      consentMarketingPhone: row.consentMarketingPhone === 1,
      clientName: row.clientName || null,
      history: entries,
    };
  };
}
