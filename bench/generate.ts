import type Database from 'better-sqlite3';
import { newId } from '../src-main/db/ids';
import { nameSearchKey, normalizeEmail, normalizePhone } from '../src-shared/text/normalize';
import { LEAD_STATUSES } from '../src-shared/leads/types';
import { between, email, message, person, phone, pick, seededRandom, weightedPicker } from '../src-main/demo/people';

const DAY = 86_400_000;

/**
 * Bulk-writes a large office for benchmarks: raw prepared inserts in big transactions (a fixture, so no change log).
 * Contacts come from a pool, as real offices see the same people inquire again.
 */
export function generateLargeOffice(sqlite: Database.Database, opts: { leads: number; clients: number; now: number; seed?: number }): number {
  const rnd = seededRandom(opts.seed ?? 7);
  const ids = (table: string) => sqlite.prepare(`select id from ${table}`).pluck().all() as string[];
  const sources = ids('sources');
  const investments = ids('investments');
  const advisors = sqlite.prepare(`select id from users where role = 'advisor'`).pluck().all() as string[];
  const pool = Array.from({ length: 20_000 }, () => {
    const who = person(rnd);
    const phoneRaw = rnd() < 0.85 ? phone(rnd) : null;
    const emailRaw = !phoneRaw || rnd() < 0.7 ? email(rnd, who) : null;
    return { ...who, phoneRaw, phoneE164: normalizePhone(phoneRaw), emailRaw, emailNorm: normalizeEmail(emailRaw), key: nameSearchKey(who.firstName, who.lastName) };
  });
  const messages = investments.flatMap(() => Array.from({ length: 30 }, () => message(rnd, 'Zielone Tarasy')));

  const insertClient = sqlite.prepare(`insert into clients (id, first_name, last_name, phone_raw, phone_e164, email, email_normalized, owner_user_id,
    origin_source_id, preferred_investment_id, consent_data_processing, description, name_search, created_at, updated_at)
    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)`);
  const insertLead = sqlite.prepare(`insert into leads (id, status, source_id, investment_id, assignee_user_id, client_id, first_name, last_name,
    phone_raw, phone_e164, email, email_normalized, message, language, consent_data_processing, priority, deletion_reason_id,
    name_search, received_at, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?)`);
  const reason = sqlite.prepare('select id from deletion_reasons limit 1').pluck().get() as string;

  // Bulk load: drop the secondary indexes, insert, rebuild them by sort (counted in the timing).
  const indexes = sqlite
    .prepare(`select name, sql from sqlite_master where type = 'index' and tbl_name in ('leads', 'clients') and sql is not null`)
    .all() as { name: string; sql: string }[];
  for (const { name } of indexes) sqlite.exec(`drop index ${name}`);

  const pickStatus = weightedPicker<(typeof LEAD_STATUSES)[number]>({ new: 10, linked: 30, converted: 30, deleted: 30 });
  const pickPriority = weightedPicker({ urgent: 12, important: 25, standard: 63 });
  const clientIds: string[] = [];
  const batch = 50_000;
  let written = 0;
  const inBatches = (count: number, write: (i: number) => void) => {
    for (let start = 0; start < count; start += batch) {
      sqlite.transaction(() => {
        for (let i = start; i < Math.min(count, start + batch); i++) write(i);
      })();
    }
    written += count;
  };

  inBatches(opts.clients, () => {
    const c = pick(rnd, pool);
    const at = opts.now - between(rnd, 0, 730) * DAY;
    const id = newId();
    clientIds.push(id);
    insertClient.run(id, c.firstName, c.lastName, c.phoneRaw, c.phoneE164, c.emailRaw, c.emailNorm, pick(rnd, advisors), pick(rnd, sources), pick(rnd, investments), pick(rnd, messages), c.key, at, at);
  });
  inBatches(opts.leads, () => {
    const c = pick(rnd, pool);
    const status = pickStatus(rnd);
    const at = opts.now - Math.floor(rnd() * 730 * DAY);
    const clientId = status === 'linked' || status === 'converted' ? pick(rnd, clientIds) : null;
    insertLead.run(
      newId(), status, pick(rnd, sources), pick(rnd, investments), rnd() < 0.3 ? null : pick(rnd, advisors), clientId,
      c.firstName, c.lastName, c.phoneRaw, c.phoneE164, c.emailRaw, c.emailNorm, pick(rnd, messages), c.language,
      pickPriority(rnd), status === 'deleted' ? reason : null, c.key, at, at, at,
    );
  });
  for (const { sql } of indexes) sqlite.exec(sql);
  return written;
}
