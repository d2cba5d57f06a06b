import type Database from 'better-sqlite3';
import { performance } from 'node:perf_hooks';
import { newId } from '../src-main/db/ids';
import { ensureReportCalendar, rebuildReportCells } from '../src-main/reports/report-calendar';
import { clientDerivedFields, leadDerivedFields } from '../src-shared/clients/match-keys';
import { normalizeEmail, normalizePhone } from '../src-shared/text/normalize';
import { DEFAULT_OFFICE_SETTINGS } from '../src-shared/settings/types';
import type { LeadStatus } from '../src-shared/leads/types';
import type { PipelineStage } from '../src-shared/clients/types';
import { between, email, message, person, phone, pick, seededRandom, weightedPicker, type Random } from '../src-main/demo/people';

const MINUTE = 60_000;
const DAY = 86_400_000;
/** Leads arrive over the last two years. */
const SPAN = 730 * DAY;

export interface GeneratedOffice {
  /** Rows inserted: clients, leads, their link rows, activities and spend entries. */
  rows: number;
  /** Seconds per phase, all within the seed time: inserts, index rebuild, derived data (search index, tab counts, report cells). */
  phases: { insert: number; indexes: number; derived: number };
  /** Generated leads per status (converted = clients: each client was made from one of them). */
  statuses: Record<LeadStatus, number>;
}

/** The office's time zone as stored (settings values are JSON), else the default, as readOfficeSettings reads it. */
export function officeTimeZone(sqlite: Database.Database): string {
  const stored = sqlite.prepare(`select value from settings where key = 'timeZone'`).pluck().get() as string | undefined;
  return stored ? (JSON.parse(stored) as string) : DEFAULT_OFFICE_SETTINGS.timeZone;
}

/** How long a lead waits until someone makes a client of it: minutes for most, days for some. */
function conversionDelay(rnd: Random): number {
  const r = rnd();
  if (r < 0.3) return between(rnd, 5, 60) * MINUTE;
  if (r < 0.65) return between(rnd, 60, 8 * 60) * MINUTE;
  if (r < 0.9) return between(rnd, 8 * 60, 3 * 24 * 60) * MINUTE;
  return between(rnd, 3 * 24 * 60, 21 * 24 * 60) * MINUTE;
}

/** A client's pipeline stage now, by how long ago it was created: young clients are new or in progress, old ones won or lost. */
const stageByAge: [maxDays: number, pick: (rnd: Random) => PipelineStage][] = [
  [3, weightedPicker({ new: 70, in_progress: 27, lost: 3 })],
  [14, weightedPicker({ new: 30, in_progress: 50, offer: 8, lost: 10, postponed: 2 })],
  [60, weightedPicker({ new: 10, in_progress: 40, offer: 20, reservation: 5, won: 2, lost: 18, postponed: 5 })],
  [Infinity, weightedPicker({ new: 4, in_progress: 18, offer: 12, reservation: 6, won: 15, lost: 37, postponed: 8 })],
];
const STAGES = ['new', 'in_progress', 'offer', 'reservation', 'won', 'lost', 'postponed'] as const satisfies readonly PipelineStage[];

/** Deletion reasons by label as offices use them (the demo's defaults); any other label gets a small weight. */
const REASON_WEIGHTS: Record<string, number> = { Spam: 40, Test: 20, 'Duplicate inquiry': 20, 'Wrong number': 12, Other: 8 };

/** Monthly spend (PLN) per source kind, as the demo enters it; the generator fills the two years before the demo's months. */
const MONTHLY_SPEND: Record<string, [number, number]> = { portal: [1_500, 4_000], social: [2_000, 5_000], website: [600, 1_200] };

/** Index of the first value >= x in an ascending array. */
function lowerBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Bulk-writes a large office for benchmarks: raw prepared inserts in big transactions (a fixture, so no change log).
 * Contacts come from a pool, as real offices see the same people inquire again.
 *
 * The leads' history is the app's: every client was made from one converted lead (the client created minutes to days
 * after the lead arrived, a 'converted' link row at that time, the client's origin source, investment and owner from
 * the lead); a linked lead is a later inquiry of an older client's person, linked to that client ('linked' link row);
 * new and deleted leads are other people (deleted ones over the office's deletion reasons). Leads per status: the
 * clients are the converted ones, the rest splits new : linked : deleted as 1 : 3 : 3 (10/30/30 % at the defaults).
 * Clients have a pipeline stage by age; those that got far have done meetings, oral reservations and contracts
 * (some only by stage, some only by activity); paid sources have monthly spend.
 *
 * Bulk load: the secondary indexes and the triggers on the loaded tables are dropped (their SQL read from sqlite_master
 * first) and recreated afterwards; the data the triggers maintain (lead_search, client_search, lead_status_counts,
 * lead_assignee_counts, the clients' first-contact and lead-received times, the source-report cells and conversions)
 * is then rebuilt in one pass (check it with verifyDerived). All of it counts in the seed time.
 */
export function generateLargeOffice(
  sqlite: Database.Database,
  opts: { leads: number; clients: number; activities?: number; now: number; seed?: number },
): GeneratedOffice {
  const rnd = seededRandom(opts.seed ?? 7);
  const { now } = opts;
  const ids = (table: string) => sqlite.prepare(`select id from ${table}`).pluck().all() as string[];
  const sources = ids('sources');
  const investments = ids('investments');
  const advisors = sqlite.prepare(`select id from users where role = 'advisor'`).pluck().all() as string[];
  // The contact pool and the messages: the same draws as before (the duplicate-detection bench reads these people).
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
  const reasons = sqlite.prepare('select id, label from deletion_reasons where active = 1 order by sort_order, label').all() as { id: string; label: string }[];
  if (!reasons.length) throw new Error('the office has no deletion reasons to delete leads with');
  const pickReason = weightedPicker(Object.fromEntries(reasons.map((r) => [r.id, REASON_WEIGHTS[r.label] ?? 5])));
  const otherReason = reasons.find((r) => r.label === 'Other')?.id;
  const pickPriority = weightedPicker({ urgent: 12, important: 25, standard: 63 });

  // How many of each status: every client comes from one converted lead.
  const clientCount = opts.clients;
  if (clientCount > opts.leads * 0.9) throw new Error(`${clientCount} clients need as many converted leads: give more leads than ${opts.leads}`);
  const rest = opts.leads - clientCount;
  const linkedCount = clientCount ? Math.round((rest * 3) / 7) : 0;
  const newCount = Math.round(rest / 7);
  const statuses: Record<LeadStatus, number> = { new: newCount, linked: linkedCount, converted: clientCount, deleted: rest - newCount - linkedCount };

  // Clients, oldest first (rowid order = creation order, as the app writes them): the converting lead's arrival, then
  // the client minutes to days later (never in the future).
  const arrivals = new Float64Array(clientCount);
  const madeAt = new Float64Array(clientCount);
  for (let j = 0; j < clientCount; j++) {
    const received = now - 2 * MINUTE - Math.floor(rnd() * (SPAN - 2 * MINUTE));
    arrivals[j] = received;
    madeAt[j] = Math.max(received, Math.min(received + conversionDelay(rnd), now - MINUTE));
  }
  const byCreation = Array.from({ length: clientCount }, (_, j) => j).sort((a, b) => madeAt[a]! - madeAt[b]! || a - b);
  const cReceived = Float64Array.from(byCreation, (j) => arrivals[j]!);
  const cCreated = Float64Array.from(byCreation, (j) => madeAt[j]!);
  const cId: string[] = new Array(clientCount);
  const cPerson = new Int32Array(clientCount);
  const cOwner = new Int32Array(clientCount);
  const cSource = new Int32Array(clientCount);
  const cInvestment = new Int32Array(clientCount);
  const cMessage = new Int32Array(clientCount);
  const cStage = new Uint8Array(clientCount);

  // Leads in a random order of arrival and status (as the old generator wrote them): kind 0 new, 1 linked, 2 converted,
  // 3 deleted; ref = the client's index for linked and converted.
  const leadCount = opts.leads;
  const kind = new Uint8Array(leadCount);
  const ref = new Int32Array(leadCount).fill(-1);
  const at = new Float64Array(leadCount);
  let n = 0;
  for (let k = 0; k < clientCount; k++, n++) (kind[n] = 2), (ref[n] = k), (at[n] = cReceived[k]!);
  for (let i = 0; i < linkedCount; i++, n++) {
    // A repeat inquiry: arrives after its client was made; often within weeks of it, else any older client.
    let t = 0;
    let older = 0;
    while (older === 0) {
      t = now - MINUTE - Math.floor(rnd() * (SPAN - MINUTE));
      older = lowerBound(cCreated, t);
    }
    const recent = lowerBound(cCreated, t - 60 * DAY);
    const k = rnd() < 0.6 && recent < older ? recent + Math.floor(rnd() * (older - recent)) : Math.floor(rnd() * older);
    (kind[n] = 1), (ref[n] = k), (at[n] = t);
  }
  for (let i = 0; i < newCount; i++, n++) (kind[n] = 0), (at[n] = now - Math.floor(rnd() * SPAN));
  for (; n < leadCount; n++) (kind[n] = 3), (at[n] = now - Math.floor(rnd() * SPAN));
  for (let i = leadCount - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [kind[i], kind[j]] = [kind[j]!, kind[i]!];
    [ref[i], ref[j]] = [ref[j]!, ref[i]!];
    [at[i], at[j]] = [at[j]!, at[i]!];
  }

  const insertClient = sqlite.prepare(`insert into clients (id, first_name, last_name, phone_raw, phone_e164, email, email_normalized, owner_user_id,
    origin_source_id, preferred_investment_id, consent_data_processing, description, stage, name_search, first_key, last_key, email_key, phone_tail,
    created_by, created_at, updated_at)
    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertLead = sqlite.prepare(`insert into leads (id, status, source_id, investment_id, assignee_user_id, client_id, first_name, last_name,
    phone_raw, phone_e164, email, email_normalized, message, language, consent_data_processing, priority, deletion_reason_id, deletion_comment,
    deleted_at, deleted_by, name_search, email_key, phone_tail, received_at, created_at, updated_at)
    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertLink = sqlite.prepare(`insert into lead_client_links (id, lead_id, client_id, kind, linked_at, linked_by, created_at, updated_at)
    values (?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertActivity = sqlite.prepare(`insert into activities (id, client_id, type, state, user_id, due_at, done_at, created_by, created_at, updated_at)
    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);

  // Bulk load: drop the secondary indexes and triggers, insert, rebuild the indexes by sort and the derived data in one pass.
  const schemaOf = (type: 'index' | 'trigger') =>
    sqlite
      .prepare(`select name, sql from sqlite_master where type = ? and tbl_name in ('leads', 'clients', 'activities', 'lead_client_links') and sql is not null`)
      .all(type) as { name: string; sql: string }[];
  const indexes = schemaOf('index');
  const triggers = schemaOf('trigger');
  const t0 = performance.now();
  sqlite.transaction(() => {
    for (const { name } of triggers) sqlite.exec(`drop trigger "${name}"`);
    for (const { name } of indexes) sqlite.exec(`drop index "${name}"`);
  })();

  const batch = 50_000;
  let written = 0;
  const inBatches = (count: number, write: (i: number) => number | void) => {
    for (let start = 0; start < count; start += batch) {
      sqlite.transaction(() => {
        for (let i = start; i < Math.min(count, start + batch); i++) written += write(i) ?? 1;
      })();
    }
  };

  inBatches(clientCount, (k) => {
    const p = Math.floor(rnd() * pool.length);
    const c = pool[p]!;
    const id = newId();
    const created = cCreated[k]!;
    const ageDays = (now - created) / DAY;
    const stage = stageByAge.find(([maxDays]) => ageDays < maxDays)![1](rnd);
    cId[k] = id;
    cPerson[k] = p;
    cOwner[k] = Math.floor(rnd() * advisors.length);
    cSource[k] = Math.floor(rnd() * sources.length);
    cInvestment[k] = Math.floor(rnd() * investments.length);
    cMessage[k] = Math.floor(rnd() * messages.length);
    cStage[k] = STAGES.indexOf(stage);
    const d = c.client;
    const owner = advisors[cOwner[k]!]!;
    insertClient.run(id, c.firstName, c.lastName, c.phoneRaw, c.phoneE164, c.emailRaw, c.emailNorm, owner, sources[cSource[k]!], investments[cInvestment[k]!],
      messages[cMessage[k]!], stage, d.nameSearch, d.firstKey, d.lastKey, d.emailKey, d.phoneTail, owner, created, created);
  });

  inBatches(leadCount, (i) => {
    const k = ref[i]!;
    const received = at[i]!;
    const leadId = newId();
    const handled = (from: number, minMinutes: number, maxMinutes: number) => Math.max(from, Math.min(from + between(rnd, minMinutes, maxMinutes) * MINUTE, now - MINUTE));
    if (kind[i] === 2) {
      // The lead a client was made from: the client's person, source, investment and owner; linked when the client was made.
      const c = pool[cPerson[k]!]!;
      const owner = advisors[cOwner[k]!]!;
      const created = cCreated[k]!;
      insertLead.run(leadId, 'converted', sources[cSource[k]!], investments[cInvestment[k]!], owner, cId[k], c.firstName, c.lastName, c.phoneRaw, c.phoneE164,
        c.emailRaw, c.emailNorm, messages[cMessage[k]!], c.language, pickPriority(rnd), null, null, null, null, c.lead.nameSearch, c.lead.emailKey,
        c.lead.phoneTail, received, received, created);
      insertLink.run(newId(), leadId, cId[k], 'converted', created, owner, created, created);
      return 2;
    }
    if (kind[i] === 1) {
      // A later inquiry of a client's person, linked to that client by its owner within hours.
      const c = pool[cPerson[k]!]!;
      const owner = advisors[cOwner[k]!]!;
      const linkedAt = handled(received, 3, 8 * 60);
      insertLead.run(leadId, 'linked', pick(rnd, sources), pick(rnd, investments), owner, cId[k], c.firstName, c.lastName, c.phoneRaw, c.phoneE164,
        c.emailRaw, c.emailNorm, pick(rnd, messages), c.language, pickPriority(rnd), null, null, null, null, c.lead.nameSearch, c.lead.emailKey,
        c.lead.phoneTail, received, received, linkedAt);
      insertLink.run(newId(), leadId, cId[k], 'linked', linkedAt, owner, linkedAt, linkedAt);
      return 2;
    }
    const c = pick(rnd, pool);
    const assignee = rnd() < 0.3 ? null : pick(rnd, advisors);
    if (kind[i] === 0) {
      insertLead.run(leadId, 'new', pick(rnd, sources), pick(rnd, investments), assignee, null, c.firstName, c.lastName, c.phoneRaw, c.phoneE164,
        c.emailRaw, c.emailNorm, pick(rnd, messages), c.language, pickPriority(rnd), null, null, null, null, c.lead.nameSearch, c.lead.emailKey,
        c.lead.phoneTail, received, received, received);
      return 1;
    }
    const reason = pickReason(rnd);
    const deletedAt = handled(received, 2, 3 * 24 * 60);
    insertLead.run(leadId, 'deleted', pick(rnd, sources), pick(rnd, investments), assignee, null, c.firstName, c.lastName, c.phoneRaw, c.phoneE164,
      c.emailRaw, c.emailNorm, pick(rnd, messages), c.language, pickPriority(rnd), reason, reason === otherReason ? 'Klient szuka domu, nie mieszkania.' : null,
      deletedAt, assignee ?? pick(rnd, advisors), c.lead.nameSearch, c.lead.emailKey, c.lead.phoneTail, received, received, deletedAt);
    return 1;
  });

  // Activities: about 3.3 per client; most done (a first call within minutes to days of the client's creation),
  // some planned. The first-contact times on the clients are rebuilt from them afterwards.
  const pickType = weightedPicker({ phone: 45, email: 25, meeting: 15, offer: 8, note: 7 });
  const activityCount = clientCount ? (opts.activities ?? Math.round(clientCount * 3.33)) : 0;
  inBatches(activityCount, (i) => {
    const k = i % clientCount;
    const owner = advisors[cOwner[k]!]!;
    const done = rnd() < 0.8;
    const due = cCreated[k]! + Math.floor(Math.pow(rnd(), 3) * 14 * DAY) + 60_000;
    const when = Math.min(due, now - 60_000);
    insertActivity.run(newId(), cId[k], pickType(rnd), done ? 'done' : 'planned', owner, done ? null : due, done ? when : null, owner, when, when);
  });

  // How far the clients got, as activities: a done meeting for most with an offer or more; a done oral reservation for
  // most at reservation or won, and a done contract for most won. Some got there by stage only (no activity), some by
  // activity only (an offer-stage client with a done reservation, a lost one whose reservation fell through); some
  // reserved clients have their contract planned (must not count as won).
  const stageActivity = (k: number, type: string, state: 'done' | 'planned', time: number) => {
    const owner = advisors[cOwner[k]!]!;
    insertActivity.run(newId(), cId[k], type, state, owner, state === 'planned' ? time : null, state === 'done' ? time : null, owner, Math.min(time, now - MINUTE), Math.min(time, now - MINUTE));
    return 1;
  };
  inBatches(clientCount, (k) => {
    const stage = STAGES[cStage[k]!]!;
    const created = cCreated[k]!;
    const later = (from: number, share: number) => from + Math.floor(rnd() * share * (now - MINUTE - from));
    let rows = 0;
    const meetingShare = { offer: 0.6, reservation: 0.9, won: 0.95 }[stage as 'offer'] ?? 0;
    let t = created;
    if (rnd() < meetingShare) rows += stageActivity(k, 'meeting', 'done', (t = later(created, 0.3)));
    const reservedShare = { reservation: 0.8, won: 0.9, offer: 0.04, lost: 0.08, postponed: 0.08 }[stage as 'offer'] ?? 0;
    if (rnd() < reservedShare) rows += stageActivity(k, 'oral_reservation', 'done', (t = later(t, 0.5)));
    if (stage === 'won' && rnd() < 0.85) rows += stageActivity(k, 'contract', 'done', later(t, 0.8));
    else if ((stage === 'offer' || stage === 'reservation') && rnd() < 0.03) rows += stageActivity(k, 'contract', 'done', later(t, 0.8));
    else if (stage === 'reservation' && rnd() < 0.3) rows += stageActivity(k, 'contract', 'planned', now + between(rnd, 1, 30) * DAY);
    return rows;
  });

  // Marketing spend for the paid sources over the two years before the demo's seven months (which the demo entered).
  const kinds = new Map((sqlite.prepare('select id, kind from sources').all() as { id: string; kind: string }[]).map((s) => [s.id, s.kind]));
  const insertCost = sqlite.prepare(`insert into source_costs (id, source_id, month, amount_minor, created_at, updated_at) values (?, ?, ?, ?, ?, ?)
    on conflict (source_id, month) do nothing`);
  const first = new Date(now);
  let costs = 0;
  sqlite.transaction(() => {
    for (let back = 0; back < 26; back++) {
      const d = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() - back, 1));
      const month = d.getUTCFullYear() * 100 + d.getUTCMonth() + 1;
      for (const sourceId of sources) {
        const range = MONTHLY_SPEND[kinds.get(sourceId) ?? ''];
        if (range) costs += insertCost.run(newId(), sourceId, month, between(rnd, range[0], range[1]) * 100, now, now).changes;
      }
    }
  })();
  written += costs;

  const t1 = performance.now();
  sqlite.transaction(() => {
    for (const { sql } of indexes) sqlite.exec(sql);
  })();
  const t2 = performance.now();
  // Derived data first, then the triggers (the rebuild's updates of clients would fire them for nothing).
  sqlite.transaction(() => {
    rebuildDerived(sqlite, officeTimeZone(sqlite));
    for (const { sql } of triggers) sqlite.exec(sql);
  })();
  const t3 = performance.now();
  return { rows: written, phases: { insert: (t1 - t0) / 1000, indexes: (t2 - t1) / 1000, derived: (t3 - t2) / 1000 }, statuses };
}

/**
 * What the triggers maintain, recomputed from the tables (lead_search is contentless: no plain DELETE): the search
 * indexes, tab counts, the clients' first-contact and lead-received times (as migration 0013 computes them), and the
 * source-report cells and conversions in the office's time zone (the calendar is built at open by openCore; built here
 * when missing, which recounts the cells itself).
 */
export function rebuildDerived(sqlite: Database.Database, timeZone: string): void {
  sqlite.exec(`insert into lead_search (lead_search) values ('delete-all')`);
  sqlite.exec(`insert into lead_search (rowid, body) select rowid, search_body from leads`);
  sqlite.exec(`update lead_status_counts set n = (select count(*) from leads where status = lead_status_counts.status)`);
  sqlite.exec('delete from lead_assignee_counts');
  sqlite.exec(`insert into lead_assignee_counts (status, assignee_key, n)
    select status, coalesce(assignee_user_id, ''), count(*) from leads group by status, coalesce(assignee_user_id, '')`);
  sqlite.exec(`update clients set
    first_call_at = (select min(done_at) from activities a where a.client_id = clients.id and a.state = 'done' and a.type = 'phone'),
    first_email_at = (select min(done_at) from activities a where a.client_id = clients.id and a.state = 'done' and a.type = 'email'),
    first_meeting_at = (select min(done_at) from activities a where a.client_id = clients.id and a.state = 'done' and a.type = 'meeting'),
    lead_received_at = (select l.received_at from lead_client_links k join leads l on l.id = k.lead_id
      where k.client_id = clients.id and k.kind = 'converted' and k.unlinked_at is null order by k.linked_at limit 1)`);
  sqlite.exec(`insert into client_search (client_search) values ('delete-all')`);
  sqlite.exec(`insert into client_search (rowid, body) select rowid, search_body from clients`);
  if (!ensureReportCalendar(sqlite, timeZone)) rebuildReportCells(sqlite);
}

/**
 * Fails loudly when the rebuilt search index or tab counts disagree with the leads table, or the duplicate-detection
 * columns (e-mail keys, phone tails, name keys) are missing or differ from the helpers', or the leads' links to clients,
 * the clients' lead-received times or the source-report cells and conversions disagree with the tables they come from
 * (call after generating). Returns what the report check compared, for the log.
 */
export function verifyDerived(sqlite: Database.Database): ReportCellsCheck {
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
  verifyLinks(sqlite);
  return verifyReportCells(sqlite);
}

/**
 * The leads' history as the app writes it: each linked or converted lead has exactly one current link row, to its
 * client and of its kind; each client was made from exactly one converted lead; a linked lead arrived after its
 * client was made; a client's lead_received_at is the arrival of the lead it was made from (migration 0013's rule).
 */
export function verifyLinks(sqlite: Database.Database): void {
  const count = (sql: string) => sqlite.prepare(sql).pluck().get() as number;
  const checks: [string, string][] = [
    [
      'linked or converted leads without exactly one current link row to their client of their kind',
      `select count(*) from leads l where l.status in ('linked', 'converted') and (select count(*) from lead_client_links k
         where k.lead_id = l.id and k.unlinked_at is null and k.client_id = l.client_id and k.kind = l.status) <> 1`,
    ],
    ['current link rows of leads that are neither linked nor converted', `select count(*) from lead_client_links k join leads l on l.id = k.lead_id where k.unlinked_at is null and l.status not in ('linked', 'converted')`],
    ['clients not made from exactly one converted lead', `select count(*) from clients c where (select count(*) from leads l where l.client_id = c.id and l.status = 'converted') <> 1`],
    ['linked leads that arrived before their client was made', `select count(*) from leads l join clients c on c.id = l.client_id where l.status = 'linked' and c.created_at >= l.received_at`],
    ['converted leads whose client was made before the lead arrived', `select count(*) from leads l join clients c on c.id = l.client_id where l.status = 'converted' and c.created_at < l.received_at`],
    [
      'clients whose lead_received_at is not the arrival of the lead they were made from',
      `select count(*) from clients c where c.lead_received_at is not (select l.received_at from lead_client_links k join leads l on l.id = k.lead_id
         where k.client_id = c.id and k.kind = 'converted' and k.unlinked_at is null order by k.linked_at limit 1)`,
    ],
  ];
  for (const [what, sql] of checks) {
    const bad = count(sql);
    if (bad) throw new Error(`${bad} ${what}`);
  }
}

export interface ReportCellsCheck {
  dayCells: number;
  monthCells: number;
  conversions: number;
  /** Cells whose count went to zero (kept by the triggers, skipped by the reports). */
  zeroCells: number;
  seconds: number;
}

/** The office day of a lead, as the triggers and rebuildReportCells compute it (written out again here on purpose). */
const DAY_OF_LEAD = 'coalesce((select day from office_days where start_at <= l.received_at order by start_at desc limit 1), 0)';

/**
 * The source-report tables against a fresh count from the leads, clients and activities: the day cells equal the
 * leads grouped by office day, source, investment, assignee, status and reason (cells at zero aside); the month cells
 * equal the day cells by month; the conversions equal the converted leads joined to their clients' outcomes, column by
 * column; no cell is negative. Throws with the first differing rows. Uses temp tables (a writable connection).
 */
export function verifyReportCells(sqlite: Database.Database): ReportCellsCheck {
  const t0 = performance.now();
  const count = (sql: string, ...params: unknown[]) => sqlite.prepare(sql).pluck().get(...params) as number;
  const rows = (sql: string) => sqlite.prepare(`${sql} limit 5`).raw().all() as unknown[][];
  const cellColumns = 'source_id, investment_key, assignee_key, status, reason_key';
  const problems: string[] = [];
  const differ = (what: string, stored: string, fresh: string) => {
    const extra = rows(`${stored} except ${fresh}`);
    const missing = rows(`${fresh} except ${stored}`);
    if (extra.length || missing.length) {
      problems.push(`${what} differ from a fresh count: stored but not fresh ${JSON.stringify(extra)}; fresh but not stored ${JSON.stringify(missing)}`);
    }
  };
  try {
    sqlite.exec(`drop table if exists temp.fresh_day_cells; drop table if exists temp.fresh_conversions;
      create temp table fresh_day_cells as
        select ${DAY_OF_LEAD} as day, l.source_id, coalesce(l.investment_id, '') as investment_key, coalesce(l.assignee_user_id, '') as assignee_key,
          l.status, coalesce(l.deletion_reason_id, '') as reason_key, count(*) as n
        from leads l group by 1, 2, 3, 4, 5, 6;
      create temp table fresh_conversions as
        select l.id as lead_id, l.client_id, ${DAY_OF_LEAD} as day, l.source_id, coalesce(l.investment_id, '') as investment_key,
          coalesce(l.assignee_user_id, '') as assignee_key, l.received_at, max(0, (c.created_at - l.received_at) / 60000) as minutes,
          c.first_meeting_at is not null as meeting,
          (c.stage in ('reservation', 'won') or exists (select 1 from activities a where a.client_id = c.id and a.state = 'done' and a.type in ('oral_reservation', 'contract'))) as reserved,
          (c.stage = 'won' or exists (select 1 from activities a where a.client_id = c.id and a.state = 'done' and a.type = 'contract')) as won
        from leads l join clients c on c.id = l.client_id where l.status = 'converted';`);
    const negative = count('select (select count(*) from lead_day_cells where n < 0) + (select count(*) from lead_month_cells where n < 0)');
    if (negative) problems.push(`${negative} report cells have a negative count: ${JSON.stringify(rows('select * from lead_day_cells where n < 0 union all select * from lead_month_cells where n < 0'))}`);
    const leads = count('select count(*) from leads');
    const daySum = count('select coalesce(sum(n), 0) from lead_day_cells');
    const monthSum = count('select coalesce(sum(n), 0) from lead_month_cells');
    if (daySum !== leads || monthSum !== leads) problems.push(`the day cells count ${daySum} leads and the month cells ${monthSum}; the leads table has ${leads}`);
    differ('day cells', `select day, ${cellColumns}, n from lead_day_cells where n <> 0`, `select day, ${cellColumns}, n from temp.fresh_day_cells`);
    differ(
      'month cells',
      `select month, ${cellColumns}, n from lead_month_cells where n <> 0`,
      `select day / 100, ${cellColumns}, sum(n) from lead_day_cells group by 1, 2, 3, 4, 5, 6 having sum(n) <> 0`,
    );
    differ('month cells (against the leads)', `select month, ${cellColumns}, n from lead_month_cells where n <> 0`, `select day / 100, ${cellColumns}, sum(n) from temp.fresh_day_cells group by 1, 2, 3, 4, 5, 6`);
    const converted = count(`select count(*) from leads l where l.status = 'converted' and exists (select 1 from clients c where c.id = l.client_id)`);
    const conversions = count('select count(*) from lead_conversions');
    if (conversions !== converted) problems.push(`lead_conversions has ${conversions} rows; ${converted} converted leads have their client`);
    const convColumns = 'lead_id, client_id, day, source_id, investment_key, assignee_key, received_at, minutes, meeting, reserved, won';
    differ('conversions', `select ${convColumns} from lead_conversions`, `select ${convColumns} from temp.fresh_conversions`);
    if (problems.length) throw new Error(`source-report tables disagree with the leads:\n  ${problems.join('\n  ')}`);
    return {
      dayCells: count('select count(*) from lead_day_cells where n <> 0'),
      monthCells: count('select count(*) from lead_month_cells where n <> 0'),
      conversions,
      zeroCells: count('select (select count(*) from lead_day_cells where n = 0) + (select count(*) from lead_month_cells where n = 0)'),
      seconds: (performance.now() - t0) / 1000,
    };
  } finally {
    sqlite.exec('drop table if exists temp.fresh_day_cells; drop table if exists temp.fresh_conversions');
  }
}
