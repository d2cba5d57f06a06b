/**
 * Duplicate-client detection in the bench: quality on the labelled set (bench/dedup-set.ts) in a database of its own,
 * through the real service ('clients.candidates'), and speed of the candidate finder over the large office.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openCore } from '../src-main/app/core';
import { newId } from '../src-main/db/ids';
import { createCandidateFinder } from '../src-main/clients/candidates';
import { seededRandom, type Random } from '../src-main/demo/people';
import { clientDerivedFields, leadDerivedFields } from '../src-shared/clients/match-keys';
import { matchClient, probeKeys, type MatchPerson, type MatchReason } from '../src-shared/clients/matching';
import type { CandidateList, ClientCandidate } from '../src-shared/clients/types';
import { emailKey, normalizeEmail, normalizePhone, phoneTail } from '../src-shared/text/normalize';
import { buildLabelledSet, EXTRA_KINDS, feminine, NONE_KINDS, TRUE_KINDS, type LabelledProbe } from './dedup-set';

export const DEDUP_TARGETS = { recallAt3: 0.97, falsePerLead: 0.3, candidatesMs: 5 };

const round = (n: number, digits = 3) => Number(n.toFixed(digits));
const pct = (n: number) => `${(100 * n).toFixed(1)}%`;

interface Outcome {
  probe: LabelledProbe;
  candidates: ClientCandidate[];
  /** 0-based rank of the true client among the candidates, -1 when absent. */
  rank: number;
  falseCount: number;
  household: number;
  /** Why a true client is missing from the top 3. */
  miss: '' | 'rules' | 'not fetched' | 'ranked below 3' | 'ranked out of 8';
}

const reasonTag = (r: MatchReason) => (r.kind === 'name' ? `name:${r.how}` : r.kind === 'email' ? `email${r.exact ? '' : ':key'}${r.via === 'lead' ? ' via lead' : ''}` : r.kind === 'phone' ? `phone${r.via === 'lead' ? ' via lead' : ''}` : 'swapped');
const signature = (c: ClientCandidate) => c.reasons.map(reasonTag).join('+');

/** The labelled set through the service in a temp database of its own. Returns the metrics and prints the breakdown. */
export async function benchDedupQuality(root: string, log: (line: string) => void = console.log): Promise<Record<string, number>> {
  const set = buildLabelledSet();
  const dataDir = mkdtempSync(join(tmpdir(), 'lead-desk-dedup-'));
  try {
    const core = openCore({ dataDir, migrationsDir: join(root, 'migrations'), mode: 'browser', appVersion: 'bench' });
    const key = 'dedup-bench';
    const admin = await core.call(key, 'setup.createFirstAdmin', { username: 'dedup', displayName: 'Dedup Bench', password: 'dedup-bench-2026' });
    if (!admin.ok) throw new Error(`setup.createFirstAdmin: ${admin.error.message}`);
    const ownerId = (admin.value as { id: string }).id;

    // Raw SQL with the app's derived columns, as the bench's generator does.
    const writer = new Database(core.databaseFile);
    const now = Date.UTC(2026, 3, 1);
    const insertClient = writer.prepare(`insert into clients (id, first_name, last_name, phone_raw, phone_e164, email, email_normalized, owner_user_id,
      consent_data_processing, name_search, first_key, last_key, email_key, phone_tail, created_at, updated_at)
      values (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?)`);
    const insertLead = writer.prepare(`insert into leads (id, status, source_id, client_id, first_name, last_name, phone_raw, phone_e164, email,
      email_normalized, consent_data_processing, name_search, email_key, phone_tail, received_at, created_at, updated_at)
      values (?, ?, 'dedup-source', ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?)`);
    const lead = (id: string, status: 'new' | 'converted' | 'linked', clientId: string | null, p: { firstName: string | null; lastName: string | null; phoneRaw: string | null; email: string | null }, at: number) => {
      const phoneE164 = normalizePhone(p.phoneRaw);
      const d = leadDerivedFields({ ...p, phoneE164 });
      insertLead.run(id, status, clientId, p.firstName, p.lastName, p.phoneRaw, phoneE164, p.email, normalizeEmail(p.email), d.nameSearch, d.emailKey, d.phoneTail, at, at, at);
    };
    writer.transaction(() => {
      writer.prepare(`insert into sources (id, name, kind, created_at, updated_at) values ('dedup-source', 'Dedup bench', 'website', ?, ?)`).run(now, now);
      for (const c of set.clients) {
        const phoneE164 = normalizePhone(c.phoneRaw);
        const d = clientDerivedFields({ ...c, phoneE164 });
        insertClient.run(c.id, c.firstName, c.lastName, c.phoneRaw, phoneE164, c.email, normalizeEmail(c.email), ownerId, d.nameSearch, d.firstKey, d.lastKey, d.emailKey, d.phoneTail, c.createdAt, c.createdAt);
        // The inquiry the client was converted from, and an earlier one with another contact where the set has one.
        lead(`lead-of-${c.id}`, 'converted', c.id, c, c.createdAt - 60_000);
        if (c.earlier) lead(`earlier-of-${c.id}`, 'linked', c.id, { firstName: c.firstName, lastName: c.lastName, ...c.earlier }, c.createdAt - 90 * 86_400_000);
      }
      set.probes.forEach((p, i) => lead(p.id, 'new', null, p, now + i * 1000));
    })();
    writer.close();

    const clientsById = new Map(set.clients.map((c) => [c.id, c]));
    const t0 = performance.now();
    const outcomes: Outcome[] = [];
    for (const probe of set.probes) {
      const r = await core.call(key, 'clients.candidates', { leadId: probe.id });
      if (!r.ok) throw new Error(`clients.candidates: ${r.error.message}`);
      const candidates = (r.value as CandidateList).candidates;
      const rank = probe.trueClientId ? candidates.findIndex((c) => c.clientId === probe.trueClientId) : -1;
      const falseCount = candidates.filter((c) => c.clientId !== probe.trueClientId).length;
      const household = candidates.filter((c) => c.clientId === probe.householdClientId).length;
      let miss: Outcome['miss'] = '';
      if (probe.trueClientId && (rank < 0 || rank >= 3)) {
        const truth = clientsById.get(probe.trueClientId)!;
        const asMatch = (x: { firstName: string | null; lastName: string | null; phoneRaw: string | null; email: string | null }): MatchPerson => ({ ...x, phoneE164: normalizePhone(x.phoneRaw) });
        const direct = matchClient(asMatch(probe), asMatch(truth));
        const viaEarlier = truth.earlier ? matchClient(asMatch(probe), asMatch({ firstName: truth.firstName, lastName: truth.lastName, ...truth.earlier })) : null;
        if (rank >= 3) miss = 'ranked below 3';
        else if (!direct && !viaEarlier?.strong) miss = 'rules';
        else if (candidates.length === 8) miss = 'ranked out of 8';
        else miss = 'not fetched';
      }
      outcomes.push({ probe, candidates, rank, falseCount, household, miss });
    }
    const serviceMs = (performance.now() - t0) / set.probes.length;
    core.close();

    // Headline: the kinds of the brief; the extra kinds are reported apart.
    const extra = new Set<string>(Object.keys(EXTRA_KINDS));
    const headline = outcomes.filter((o) => !extra.has(o.probe.kind));
    const withTrue = (list: Outcome[]) => list.filter((o) => o.probe.trueClientId);
    const recall = (list: Outcome[]) => {
      const t = withTrue(list);
      return t.length ? t.filter((o) => o.rank >= 0 && o.rank < 3).length / t.length : NaN;
    };
    const falsePer = (list: Outcome[]) => (list.length ? list.reduce((s, o) => s + o.falseCount, 0) / list.length : NaN);
    const householdPer = (list: Outcome[]) => (list.length ? list.reduce((s, o) => s + o.household, 0) / list.length : NaN);

    const mixLine = Object.entries(set.mix).map(([k, v]) => `${k} ${v}`).join(', ');
    log(`dedup labelled set: ${set.clients.length} clients, ${set.probes.length} probes (${headline.length} in the headline: ${withTrue(headline).length} with a true client, ${headline.length - withTrue(headline).length} new people; ${set.probes.length - headline.length} extra); ${round(serviceMs, 2)} ms per clients.candidates call`);
    log(`  mix: ${mixLine}`);
    const byKind = (kinds: string[]) => {
      for (const kind of kinds) {
        const list = outcomes.filter((o) => o.probe.kind === kind);
        const t = withTrue(list);
        const misses = new Map<string, number>();
        for (const o of t) if (o.miss) misses.set(o.miss, (misses.get(o.miss) ?? 0) + 1);
        const byEvidence = [...new Set(t.map((o) => o.probe.evidence))]
          .map((e) => {
            const sub = t.filter((o) => o.probe.evidence === e);
            return `${e} ${pct(recall(sub))} of ${sub.length}`;
          })
          .join(', ');
        const missText = [...misses].map(([m, n]) => `${m} ${n}`).join(', ');
        const recallText = t.length ? `recall@3 ${pct(recall(list)).padStart(6)}` : 'no true client  ';
        const hh = list.some((o) => o.probe.householdClientId) ? `, of which the household's client ${householdPer(list).toFixed(2)}` : '';
        log(`  ${kind.padEnd(26)} n=${String(list.length).padStart(3)}  ${recallText}  false/probe ${falsePer(list).toFixed(2)}${hh}${byEvidence && t.length ? `  [${byEvidence}]` : ''}${missText ? `  misses: ${missText}` : ''}`);
      }
    };
    log('  with a true client (recall@3 by evidence; misses by cause: the rules reject the pair / the query never read the client / ranked lower):');
    byKind(Object.keys(TRUE_KINDS));
    log('  no true client:');
    byKind(Object.keys(NONE_KINDS));
    log('  extra kinds (not in the headline):');
    byKind(Object.keys(EXTRA_KINDS));

    const evidenceLine = (['name', 'phone', 'email', 'lead'] as const)
      .map((e) => {
        const sub = withTrue(headline).filter((o) => o.probe.evidence === e);
        return sub.length ? `${e} ${pct(recall(sub))} of ${sub.length}` : '';
      })
      .filter(Boolean)
      .join(', ');
    log(`  headline recall@3 by evidence: ${evidenceLine}`);

    // What the false candidates matched on.
    const falseBy = new Map<string, number>();
    for (const o of headline) for (const c of o.candidates) if (c.clientId !== o.probe.trueClientId) falseBy.set(signature(c), (falseBy.get(signature(c)) ?? 0) + 1);
    log(`  false candidates by what they matched on: ${[...falseBy].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ')}`);
    const falseExamples = new Map<string, string[]>();
    for (const o of headline) {
      for (const c of o.candidates) {
        if (c.clientId === o.probe.trueClientId) continue;
        const list = falseExamples.get(signature(c)) ?? [];
        if (list.length < 4) list.push(`${o.probe.firstName} ${o.probe.lastName} -> ${c.firstName} ${c.lastName}`);
        falseExamples.set(signature(c), list);
      }
    }
    for (const [sig, list] of [...falseExamples].sort((a, b) => (falseBy.get(b[0]) ?? 0) - (falseBy.get(a[0]) ?? 0)).slice(0, 6)) log(`    e.g. ${sig}: ${list.join('; ')}`);
    const maxFalse = Math.max(...headline.map((o) => o.falseCount));
    log(`  probes with false candidates: ${headline.filter((o) => o.falseCount > 0).length} of ${headline.length}; most on one probe: ${maxFalse}`);

    // A few misses per cause, so a weak spot can be read off directly.
    const examples = outcomes.filter((o) => o.miss);
    const shown = new Map<string, number>();
    const describe = (p: { firstName: string | null; lastName: string | null; phoneRaw: string | null; email: string | null }) => `${p.firstName ?? ''} ${p.lastName ?? ''} / ${p.phoneRaw ?? '-'} / ${p.email ?? '-'}`;
    if (examples.length) log('  examples of misses:');
    for (const o of examples) {
      const k = `${o.probe.kind}|${o.miss}`;
      if ((shown.get(k) ?? 0) >= 2) continue;
      shown.set(k, (shown.get(k) ?? 0) + 1);
      const truth = clientsById.get(o.probe.trueClientId!)!;
      const top = o.candidates.slice(0, 3).map((c) => `${c.firstName} ${c.lastName} (${c.score}: ${signature(c)})`).join('; ');
      log(`    ${o.probe.kind} [${o.probe.evidence}${o.probe.note ? `; ${o.probe.note}` : ''}] ${o.miss}: lead "${describe(o.probe)}" vs client "${describe(truth)}"${o.rank >= 0 ? ` at rank ${o.rank + 1}` : ''}${top ? `; top: ${top}` : ''}`);
    }

    // Notes on the typo kinds: misses by what the typo did.
    const notes = new Map<string, { n: number; hit: number }>();
    for (const o of outcomes) {
      if (!o.probe.kind.startsWith('typo_') || o.probe.evidence !== 'name') continue;
      for (const note of (o.probe.note || 'plain').split(', ')) {
        const e = notes.get(note.replace(/ \(.*\)/, '')) ?? { n: 0, hit: 0 };
        e.n++;
        if (!o.miss) e.hit++;
        notes.set(note.replace(/ \(.*\)/, ''), e);
      }
    }
    log(`  name-only typo probes by what the typo did: ${[...notes].map(([k, v]) => `${k} ${v.hit}/${v.n}`).join(', ')}`);

    const noHousehold = headline.map((o) => ({ ...o, falseCount: o.falseCount - o.household }));
    return {
      dedup_recall_at_3: round(recall(headline)),
      dedup_false_candidates_per_lead: round(falsePer(headline)),
      dedup_false_candidates_per_lead_wo_household: round(falsePer(noHousehold)),
      dedup_name_only_recall_at_3: round(recall(headline.filter((o) => o.probe.evidence === 'name'))),
      dedup_new_people_false_per_lead: round(falsePer(headline.filter((o) => !o.probe.trueClientId))),
      dedup_extra_recall_at_3: round(recall(outcomes.filter((o) => extra.has(o.probe.kind)))),
      dedup_service_call_ms: round(serviceMs),
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Speed over the large office.

interface SpeedProbe {
  kind: 'client_phone' | 'client_email' | 'new_common_name';
  person: MatchPerson;
  /** For probes made from a client: that client's phone tail / e-mail key, which some candidate must carry. */
  expect?: { tail?: string | null; email?: string | null };
}

const SPEED_COMMON_SURNAMES = ['Nowak', 'Kowalski', 'Wiśniewski', 'Wójcik', 'Kowalczyk', 'Kamiński', 'Lewandowski', 'Zieliński', 'Szymański', 'Woźniak'];
const SPEED_FIRST = { f: ['Anna', 'Katarzyna', 'Maria', 'Agnieszka', 'Monika', 'Ewa', 'Magdalena', 'Joanna', 'Karolina', 'Natalia', 'Zuzanna', 'Julia'], m: ['Piotr', 'Jan', 'Tomasz', 'Krzysztof', 'Andrzej', 'Michał', 'Paweł', 'Jakub', 'Adam', 'Marek', 'Kacper', 'Filip'] };

function speedProbes(reader: Database.Database, n: number, rnd: Random): SpeedProbe[] {
  const maxRowid = reader.prepare('select max(rowid) from clients').pluck().get() as number;
  const clientAt = reader.prepare<[number], { firstName: string | null; lastName: string | null; phoneE164: string | null; phoneRaw: string | null; email: string | null }>(
    `select first_name as firstName, last_name as lastName, phone_e164 as phoneE164, phone_raw as phoneRaw, email from clients where rowid >= ? order by rowid limit 1`,
  );
  const phoneTaken = reader.prepare('select 1 from clients where phone_tail = ? union all select 1 from leads where phone_tail = ? limit 1').pluck();
  const probes: SpeedProbe[] = [];
  while (probes.length < n) {
    const r = rnd();
    if (r < 0.6) {
      const c = clientAt.get(1 + Math.floor(rnd() * maxRowid));
      if (!c) continue;
      const wantPhone = r < 0.45;
      if (wantPhone && !c.phoneE164?.startsWith('+48')) continue;
      if (!wantPhone && !c.email) continue;
      // A returning client: the name maybe without diacritics, the phone typed another way or the e-mail in capitals.
      const strip = (s: string | null) => (s && rnd() < 0.3 ? s.replace(/ł/g, 'l').replace(/Ł/g, 'L').normalize('NFD').replace(/[\u0300-\u036f]/g, '') : s);
      const national = c.phoneE164?.slice(3) ?? '';
      const phone = wantPhone ? [`0048${national}`, `${national.slice(0, 3)}-${national.slice(3, 6)}-${national.slice(6)}`, `(+48) ${national.slice(0, 3)} ${national.slice(3, 6)} ${national.slice(6)}`, `48${national}`][Math.floor(rnd() * 4)]! : null;
      const email = wantPhone ? null : c.email!.toUpperCase();
      const person = { firstName: strip(c.firstName), lastName: strip(c.lastName), phoneRaw: phone, phoneE164: normalizePhone(phone), email };
      probes.push({ kind: wantPhone ? 'client_phone' : 'client_email', person, expect: wantPhone ? { tail: phoneTail(c.phoneE164, c.phoneRaw) } : { email: emailKey(c.email) } });
    } else {
      // A new person with a common name and a number nobody in the office has.
      const female = rnd() < 0.5;
      const surname = SPEED_COMMON_SURNAMES[Math.floor(rnd() * SPEED_COMMON_SURNAMES.length)]!;
      const firsts = female ? SPEED_FIRST.f : SPEED_FIRST.m;
      const digits = `${['50', '60', '69', '79', '88'][Math.floor(rnd() * 5)]}${String(Math.floor(rnd() * 1e7)).padStart(7, '0')}`;
      if (phoneTaken.get(digits, digits)) continue;
      const phone = `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`;
      const person = { firstName: firsts[Math.floor(rnd() * firsts.length)]!, lastName: female ? feminine(surname) : surname, phoneRaw: phone, phoneE164: normalizePhone(phone), email: null };
      probes.push({ kind: 'new_common_name', person });
    }
  }
  return probes;
}

/** How many clients a person's name keys reach: the ranges the finder reads, without its cap (for the printout). */
function nameKeyReach(reader: Database.Database): (p: MatchPerson) => number {
  const count = reader
    .prepare<{ a: string | null; b: string | null; c: string | null; d: string | null }, number>(
      `select count(*) from (select id from clients where name_k1 in (@a, @b) union select id from clients where name_k2 in (@a, @b) union select id from clients where name_k3 in (@c, @d))`,
    )
    .pluck();
  return (p) => {
    const { k12, k3 } = probeKeys(p);
    return k12.length ? (count.get({ a: k12[0] ?? null, b: k12[1] ?? null, c: k3[0] ?? null, d: k3[1] ?? null }) as number) : 0;
  };
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/**
 * Median per probe of findCandidates (the function 'clients.candidates' runs) against the office: each probe timed
 * 5 times after a warm-up pass, its median taken; then the median, p95 and max over probes.
 */
export function benchDedupSpeed(databaseFile: string, log: (line: string) => void = console.log, showPlans = false): Record<string, number> {
  const reader = new Database(databaseFile, { readonly: true });
  try {
    const findCandidates = createCandidateFinder(reader);
    const probes = speedProbes(reader, 300, seededRandom(99));
    const results = probes.map((p) => findCandidates(p.person));
    results.forEach((candidates, i) => {
      const { expect } = probes[i]!;
      if (!expect) return;
      const ok = candidates.some((c) => (expect.tail ? phoneTail(c.phoneE164, c.phoneRaw) === expect.tail || c.reasons.some((r) => r.kind === 'phone') : emailKey(c.email) === expect.email || c.reasons.some((r) => r.kind === 'email')));
      if (!ok) throw new Error(`findCandidates(${JSON.stringify(probes[i]!.person)}) missed the client it was made from`);
    });
    const perProbe = probes.map((p) => {
      const samples: number[] = [];
      for (let i = 0; i < 5; i++) {
        const t0 = performance.now();
        findCandidates(p.person);
        samples.push(performance.now() - t0);
      }
      return samples.sort((a, b) => a - b)[2]!;
    });
    const all = [...perProbe].sort((a, b) => a - b);
    const median = (xs: number[]) => quantile([...xs].sort((a, b) => a - b), 0.5);
    const kinds = ['client_phone', 'client_email', 'new_common_name'] as const;
    const counts = results.map((r) => r.length);
    log(`dedup speed: ${probes.length} probes over the office (${kinds.map((k) => `${k} ${probes.filter((p) => p.kind === k).length}`).join(', ')}); ` +
      `per kind median ms: ${kinds.map((k) => `${k} ${round(median(perProbe.filter((_, i) => probes[i]!.kind === k)), 2)}`).join(', ')}; ` +
      `candidates returned: median ${median(counts)}, max ${Math.max(...counts)}`);

    // The slowest probes, with how many clients their keys reach (the same ranges the finder reads).
    const reach = nameKeyReach(reader);
    const byTail = reader.prepare<[string | null, string | null], number>('select (select count(*) from clients where phone_tail = ?) + (select count(*) from leads where client_id is not null and phone_tail = ?)').pluck();
    const slowest = perProbe.map((ms, i) => ({ ms, i })).sort((a, b) => b.ms - a.ms).slice(0, 5);
    log(`  slowest: ${slowest
      .map(({ ms, i }) => {
        const p = probes[i]!.person;
        const block = reach(p);
        const tail = phoneTail(p.phoneE164, p.phoneRaw);
        return `${p.firstName} ${p.lastName} ${round(ms, 2)} ms (name keys reach ${block} clients, phone ${tail ? byTail.get(tail, tail) : 0} clients + linked leads)`;
      })
      .join('; ')}`);
    if (showPlans || median(perProbe) > DEDUP_TARGETS.candidatesMs) {
      const { k12, k3 } = probeKeys(probes.find((p) => p.kind === 'new_common_name')!.person);
      const plan = reader
        .prepare(`explain query plan select id from clients where name_k1 in (@a, @b) union select id from clients where name_k2 in (@a, @b) union select id from clients where name_k3 in (@c, @d) limit 1500`)
        .all({ a: k12[0] ?? null, b: k12[1] ?? null, c: k3[0] ?? null, d: k3[1] ?? null }) as { detail: string }[];
      log(`  plan of the name-key read (the finder's nameIds statement): ${plan.map((r) => r.detail).join(' | ')}`);
    }
    return {
      dedup_candidates_ms: round(median(perProbe)),
      dedup_candidates_p95_ms: round(quantile(all, 0.95)),
      dedup_candidates_max_ms: round(all[all.length - 1]!),
    };
  } finally {
    reader.close();
  }
}

/**
 * Name-only recall at the office's scale: "needle" clients, each with the name of a random existing client (so the
 * office's common names), created now (so their UUIDv7 ids are the newest, as a client added this week would be),
 * looked for with a lead of the same name (half without diacritics) and a phone nobody has. A needle ties with its
 * namesakes on score and wins the createdAt tie-break, so it is in the top 3 exactly when the finder read it.
 * The needles are deleted afterwards.
 */
export function benchDedupAtScale(databaseFile: string, log: (line: string) => void = console.log): Record<string, number> {
  const rnd = seededRandom(4242);
  const writer = new Database(databaseFile);
  const reader = new Database(databaseFile, { readonly: true });
  const needles: { id: string; person: MatchPerson; reach: number }[] = [];
  try {
    const maxRowid = writer.prepare('select max(rowid) from clients').pluck().get() as number;
    const clientAt = writer.prepare<[number], { firstName: string; lastName: string }>(
      `select first_name as firstName, last_name as lastName from clients where rowid >= ? and first_key <> '' and last_key <> '' order by rowid limit 1`,
    );
    const phoneTaken = writer.prepare('select 1 from clients where phone_tail = ? union all select 1 from leads where phone_tail = ? limit 1').pluck();
    const freshPhone = () => {
      for (;;) {
        const digits = `${['51', '66', '72', '78'][Math.floor(rnd() * 4)]}${String(Math.floor(rnd() * 1e7)).padStart(7, '0')}`;
        if (!phoneTaken.get(digits, digits)) return digits;
      }
    };
    const insert = writer.prepare(`insert into clients (id, first_name, last_name, phone_raw, phone_e164, consent_data_processing, name_search, first_key,
      last_key, email_key, phone_tail, created_at, updated_at) values (?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?)`);
    const reach = nameKeyReach(reader);
    const now = Date.now();
    writer.transaction(() => {
      for (let i = 0; i < 100; i++) {
        const c = clientAt.get(1 + Math.floor(rnd() * maxRowid))!;
        const phoneRaw = freshPhone();
        const phoneE164 = normalizePhone(phoneRaw);
        const d = clientDerivedFields({ firstName: c.firstName, lastName: c.lastName, email: null, phoneE164, phoneRaw });
        const id = newId(now + i);
        insert.run(id, c.firstName, c.lastName, phoneRaw, phoneE164, d.nameSearch, d.firstKey, d.lastKey, d.emailKey, d.phoneTail, now + i, now + i);
        const strip = (x: string) => (i % 2 ? x.replace(/ł/g, 'l').replace(/Ł/g, 'L').normalize('NFD').replace(/[\u0300-\u036f]/g, '') : x);
        const leadPhone = freshPhone();
        needles.push({ id, person: { firstName: strip(c.firstName), lastName: strip(c.lastName), phoneRaw: leadPhone, phoneE164: normalizePhone(leadPhone), email: null }, reach: 0 });
      }
    })();
    const findCandidates = createCandidateFinder(reader);
    let found = 0;
    let foundBig = 0;
    let big = 0;
    for (const n of needles) {
      n.reach = reach(n.person);
      const rank = findCandidates(n.person).findIndex((c) => c.clientId === n.id);
      const hit = rank >= 0 && rank < 3;
      if (hit) found++;
      if (n.reach > 1500) {
        big++;
        if (hit) foundBig++;
      }
    }
    const reaches = needles.map((n) => n.reach).sort((a, b) => a - b);
    log(`dedup at scale: ${needles.length} new clients with the office's common names, each looked for by name only: ${found} in the top 3; ` +
      `their name keys reach a median ${reaches[50]} clients (max ${reaches[reaches.length - 1]}); ${big} reach more than the finder's cap of 1500, of which ${foundBig} found`);
    return { dedup_name_only_recall_at_scale: round(found / needles.length), dedup_over_cap_share: round(big / needles.length) };
  } finally {
    reader.close();
    const remove = writer.prepare('delete from clients where id = ?');
    writer.transaction(() => {
      for (const n of needles) remove.run(n.id);
    })();
    writer.close();
  }
}
