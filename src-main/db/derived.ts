import type Database from 'better-sqlite3';
import { clientDerivedFields, leadDerivedFields } from '../../src-shared/clients/match-keys';

/**
 * Version of the app-computed columns (name_search, first/last keys, e-mail keys, phone tails). When the rules
 * that compute them change, this goes up and every row is recomputed once at start-up. Stored in SQLite's
 * user_version, which the migration ledger does not use.
 */
export const DERIVED_VERSION = 2;

type Row = { rowid: number; first_name: string | null; last_name: string | null; email: string | null; phone_e164: string | null; phone_raw: string | null };

export function refreshDerivedColumns(sqlite: Database.Database): number {
  if ((sqlite.pragma('user_version', { simple: true }) as number) >= DERIVED_VERSION) return 0;
  const fields = (r: Row) => ({ firstName: r.first_name, lastName: r.last_name, email: r.email, phoneE164: r.phone_e164, phoneRaw: r.phone_raw });
  const select = (table: string) => sqlite.prepare(`select rowid, first_name, last_name, email, phone_e164, phone_raw from ${table}`).iterate() as IterableIterator<Row>;
  const updateLead = sqlite.prepare('update leads set name_search = ?, email_key = ?, phone_tail = ? where rowid = ?');
  const updateClient = sqlite.prepare('update clients set name_search = ?, email_key = ?, phone_tail = ?, first_key = ?, last_key = ? where rowid = ?');
  let rows = 0;
  sqlite.transaction(() => {
    for (const r of [...select('leads')]) {
      const d = leadDerivedFields(fields(r));
      updateLead.run(d.nameSearch, d.emailKey, d.phoneTail, r.rowid);
      rows++;
    }
    for (const r of [...select('clients')]) {
      const d = clientDerivedFields(fields(r));
      updateClient.run(d.nameSearch, d.emailKey, d.phoneTail, d.firstKey, d.lastKey, r.rowid);
      rows++;
    }
    sqlite.pragma(`user_version = ${DERIVED_VERSION}`);
  })();
  return rows;
}
