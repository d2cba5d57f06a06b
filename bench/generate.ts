import type Database from 'better-sqlite3';
import { performance } from 'node:perf_hooks';
import { newId } from '../src-main/db/ids';
import { clientDerivedFields, leadDerivedFields } from '../src-shared/clients/match-keys';
import { normalizeEmail, normalizePhone } from '../src-shared/text/normalize';
import { LEAD_STATUSES } from '../src-shared/leads/types';
import { between, email, message, person, phone, pick, seededRandom, weightedPicker } from '../src-main/demo/people';

const DAY = 86_400_000;

export interface GeneratedOffice {
  /** Rows inserted (clients + leads). */
  rows: number;
  /** Seconds per phase, all within the seed time: inserts, index rebuild, derived data (search index, tab counts). */
  phases: { insert: number; indexes: number; derived: number };
}

/**
 * Bulk-writes a large office for benchmarks: raw prepared inserts in big transactions (a fixture, so no change log).
 * Contacts come from a pool, as real offices see the same people inquire again.
 *
 * Bulk load: the secondary indexes and the triggers on the loaded tables are dropped (their SQL read from sqlite_master
 * first) and recreated afterwards; the data the triggers maintain (lead_search, client_search, lead_status_counts,
 * lead_assignee_counts) is then rebuilt in
 * one pass (check it with verifyDerived). All of it counts in the seed time.
 */
export function generateLargeOffice(
  sqlite: Database.Database,
  opts: { leads: number; clients: number; activities?: number; now: number; seed?: number },
): GeneratedOffice {
  const rnd = seededRandom(opts.seed ?? 7);
  const ids = (table: string) => sqlite.prepare(`select id from ${table}`).pluck().all() as string[];
  const sources = ids('sources');
  const investments = ids('investments');
  const advisors = sqlite.prepare(`select id from users where role = 'advisor'`).pluck().all() as string[];
  const pool = Array.from({ length: 20_000 }, () => {
    const who = person(rnd);
    const phoneRaw = rnd() < 0.85 ? phone(rnd) : null;
    const emailRaw = !phoneRaw || rnd() < 0.7 ? email(rnd, who) : null;
    const phoneE164 = normalizePhone(phoneRaw);
    // The app-computed columns, from the same helpers the services write them with (search, duplicate detection).
    const fields = { firstName: who.firstName, lastName: who.lastName, email: emailRaw, phoneE164, phoneRaw };
    return { ...who, phoneRaw, phoneE164, emailRaw, emailNorm: normalizeEmail(emailRaw), client: clientDerivedFields(fields), lead: leadDerivedFields(fields) };
  });
  const messages = investments.flatMap(() => Array.from({ length: 30 }, () => message(rnd, 'Zielone Tarasy')));

  const insertClient = sqlite.prepare(`insert into clients (id, first_name, last_name, phone_raw, phone_e164, email, email_normalized, owner_user_id,
    origin_source_id, preferred_investment_id, consent_data_processing, description, name_search, first_key, last_key, email_key, phone_tail,
    created_at, updated_at)
    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertLead = sqlite.prepare(`insert into leads (id, status, source_id, investment_id, assignee_user_id, client_id, first_name, last_name,
    phone_raw, phone_e164, email, email_normalized, message, language, consent_data_processing, priority, deletion_reason_id,
    name_search, email_key, phone_tail, received_at, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const reason = sqlite.prepare('select id from deletion_reasons limit 1').pluck().get() as string;

  // Bulk load: drop the secondary indexes and triggers, insert, rebuild the indexes by sort and the derived data in one pass.
  const schemaOf = (type: 'index' | 'trigger') =>
    sqlite
      .prepare(`select name, sql from sqlite_master where type = ? and tbl_name in ('leads', 'clients', 'activities') and sql is not null`)
      .all(type) as { name: string; sql: string }[];
  const indexes = schemaOf('index');
  const triggers = schemaOf('trigger');
  const t0 = performance.now();
  sqlite.transaction(() => {
    for (const { name } of triggers) sqlite.exec(`drop trigger "${name}"`);
    for (const { name } of indexes) sqlite.exec(`drop index "${name}"`);
  })();

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
    const d = c.client;
    insertClient.run(id, c.firstName, c.lastName, c.phoneRaw, c.phoneE164, c.emailRaw, c.emailNorm, pick(rnd, advisors), pick(rnd, sources), pick(rnd, investments), pick(rnd, messages),
      d.nameSearch, d.firstKey, d.lastKey, d.emailKey, d.phoneTail, at, at);
  });
  inBatches(opts.leads, () => {
    const c = pick(rnd, pool);
    const status = pickStatus(rnd);
    const at = opts.now - Math.floor(rnd() * 730 * DAY);
    const clientId = status === 'linked' || status === 'converted' ? pick(rnd, clientIds) : null;
    insertLead.run(
      newId(), status, pick(rnd, sources), pick(rnd, investments), rnd() < 0.3 ? null : pick(rnd, advisors), clientId,
      c.firstName, c.lastName, c.phoneRaw, c.phoneE164, c.emailRaw, c.emailNorm, pick(rnd, messages), c.language,
      pickPriority(rnd), status === 'deleted' ? reason : null, c.lead.nameSearch, c.lead.emailKey, c.lead.phoneTail, at, at, at,
    );
  });
  // Activities: about 3.3 per client; most done (a first call within minutes to days of the client's creation),
  // some planned. The first-contact times on the clients are rebuilt from them afterwards.
  const insertActivity = sqlite.prepare(`insert into activities (id, client_id, type, state, user_id, due_at, done_at, created_by, created_at, updated_at)
    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const clientCreated = sqlite.prepare('select id, created_at as at, owner_user_id as owner from clients where id = ?');
  const pickType = weightedPicker({ phone: 45, email: 25, meeting: 15, offer: 8, note: 7 });
  const activityCount = opts.activities ?? Math.round(opts.clients * 3.33);
  inBatches(activityCount, (i) => {
    const client = clientCreated.get(clientIds[i % clientIds.length]!) as { id: string; at: number; owner: string };
    const done = rnd() < 0.8;
    const at = client.at + Math.floor(Math.pow(rnd(), 3) * 14 * DAY) + 60_000;
    const when = Math.min(at, opts.now - 60_000);
    insertActivity.run(newId(), client.id, pickType(rnd), done ? 'done' : 'planned', client.owner, done ? null : at, done ? when : null, client.owner, when, when);
  });
  const t1 = performance.now();
  sqlite.transaction(() => {
    for (const { sql } of indexes) sqlite.exec(sql);
  })();
  const t2 = performance.now();
  sqlite.transaction(() => {
    for (const { sql } of triggers) sqlite.exec(sql);
    rebuildDerived(sqlite);
  })();
  const t3 = performance.now();
  return { rows: written, phases: { insert: (t1 - t0) / 1000, indexes: (t2 - t1) / 1000, derived: (t3 - t2) / 1000 } };
}

/** What the leads triggers maintain, recomputed from the leads table (lead_search is contentless: no plain DELETE). */
function rebuildDerived(sqlite: Database.Database): void {
  sqlite.exec(`insert into lead_search (lead_search) values ('delete-all')`);
  sqlite.exec(`insert into lead_search (rowid, body) select rowid, search_body from leads`);
  sqlite.exec(`update lead_status_counts set n = (select count(*) from leads where status = lead_status_counts.status)`);
  sqlite.exec('delete from lead_assignee_counts');
  sqlite.exec(`insert into lead_assignee_counts (status, assignee_key, n)
    select status, coalesce(assignee_user_id, ''), count(*) from leads group by status, coalesce(assignee_user_id, '')`);
  sqlite.exec(`update clients set
    first_call_at = (select min(done_at) from activities a where a.client_id = clients.id and a.state = 'done' and a.type = 'phone'),
    first_email_at = (select min(done_at) from activities a where a.client_id = clients.id and a.state = 'done' and a.type = 'email'),
    first_meeting_at = (select min(done_at) from activities a where a.client_id = clients.id and a.state = 'done' and a.type = 'meeting')`);
  sqlite.exec(`insert into client_search (client_search) values ('delete-all')`);
  sqlite.exec(`insert into client_search (rowid, body) select rowid, search_body from clients`);
}

/**
 * Fails loudly when the rebuilt search index or tab counts disagree with the leads table, or the duplicate-detection
 * columns (e-mail keys, phone tails, name keys) are missing or differ from the helpers' (call after generating).
 */
export function verifyDerived(sqlite: Database.Database): void {
  const grouped = sqlite.prepare('select status, count(*) as n from leads group by status').all() as { status: string; n: number }[];
  const stored = new Map((sqlite.prepare('select status, n from lead_status_counts').all() as { status: string; n: number }[]).map((r) => [r.status, r.n]));
  for (const { status, n } of grouped) {
    if (stored.get(status) !== n) throw new Error(`lead_status_counts.${status} = ${stored.get(status)}, leads has ${n}`);
  }
  const total = sqlite.prepare('select count(*) from leads').pluck().get() as number;
  const storedTotal = [...stored.values()].reduce((a, b) => a + b, 0);
  if (storedTotal !== total) throw new Error(`lead_status_counts sum to ${storedTotal}, leads has ${total}`);
  const perAssignee = sqlite.prepare('select sum(n) from lead_assignee_counts').pluck().get() as number;
  if (perAssignee !== total) throw new Error(`lead_assignee_counts sum to ${perAssignee}, leads has ${total}`);

  // Contentless FTS5 has no readable content: check that a known phone token finds exactly the leads with that number
  // (the tokens are digit runs, so an exact token match equals an equality on phone_e164), and a name token is found.
  const sample = sqlite
    .prepare(`select phone_e164 as phone, name_search as name from leads where phone_e164 like '+48_________' order by rowid desc limit 1`)
    .get() as { phone: string; name: string } | undefined;
  if (!sample) throw new Error('no lead with a Polish phone number to check the search index with');
  const byPhone = sqlite.prepare('select count(*) from leads where phone_e164 = ?').pluck().get(sample.phone) as number;
  const matched = sqlite.prepare('select count(*) from lead_search where lead_search match ?').pluck();
  const found = matched.get(`"${sample.phone.slice(1)}"`) as number;
  if (found !== byPhone) throw new Error(`lead_search finds ${found} leads for ${sample.phone}, leads has ${byPhone}`);
  const lastWord = sample.name.split(' ').pop()!;
  const byName = matched.get(`"${lastWord.replace(/"/g, '""')}"`) as number;
  if (byName < 1) throw new Error(`lead_search does not find "${lastWord}"`);

  // The app-computed duplicate-detection columns: none left empty, and a sample equal to what the services write.
  const unkeyed = sqlite
    .prepare(`select (select count(*) from clients where (first_name is not null and first_key = '') or (last_name is not null and last_key = '')
        or (coalesce(phone_e164, phone_raw) is not null and phone_tail is null) or (email is not null and email_key is null))
      + (select count(*) from leads where (coalesce(phone_e164, phone_raw) is not null and phone_tail is null) or (email is not null and email_key is null))`)
    .pluck()
    .get() as number;
  if (unkeyed) throw new Error(`${unkeyed} clients or leads lack their e-mail key, phone tail or name keys`);
  type Stored = { first_name: string | null; last_name: string | null; email: string | null; phone_e164: string | null; phone_raw: string | null };
  const fields = (r: Stored) => ({ firstName: r.first_name, lastName: r.last_name, email: r.email, phoneE164: r.phone_e164, phoneRaw: r.phone_raw });
  const sampleOf = (table: string, columns: string) =>
    sqlite.prepare(`select first_name, last_name, email, phone_e164, phone_raw, ${columns} from ${table} where rowid % 997 = 0 limit 300`).all() as (Stored & Record<string, unknown>)[];
  for (const r of sampleOf('clients', 'name_search, first_key, last_key, email_key, phone_tail')) {
    const d = clientDerivedFields(fields(r));
    const want = [d.nameSearch, d.firstKey, d.lastKey, d.emailKey, d.phoneTail];
    const got = [r.name_search, r.first_key, r.last_key, r.email_key, r.phone_tail];
    if (want.some((v, i) => v !== got[i])) throw new Error(`client ${JSON.stringify(r)} has derived ${JSON.stringify(got)}, the helpers give ${JSON.stringify(want)}`);
  }
  for (const r of sampleOf('leads', 'name_search, email_key, phone_tail')) {
    const d = leadDerivedFields(fields(r));
    const want = [d.nameSearch, d.emailKey, d.phoneTail];
    const got = [r.name_search, r.email_key, r.phone_tail];
    if (want.some((v, i) => v !== got[i])) throw new Error(`lead ${JSON.stringify(r)} has derived ${JSON.stringify(got)}, the helpers give ${JSON.stringify(want)}`);
  }
}
