import { newId } from '../db/ids';
import type { Db } from '../db/open';
import { activities, clients, deletionReasons, investments, leadClientLinks, leads, sourceCosts, sources, users } from '../db/schema';
import { insertSynced } from '../sync/change-log';
import { audit } from '../audit/audit';
import { clientDerivedFields, leadDerivedFields } from '../../src-shared/clients/match-keys';
import { normalizeEmail, normalizePhone } from '../../src-shared/text/normalize';
import type { ActivityType } from '../../src-shared/activities/types';
import type { LeadStatus } from '../../src-shared/leads/types';
import type { SourceKind } from '../../src-shared/settings/types';
import type { Role } from '../../src-shared/users/types';
import { between, email, message, person, phone, pick, seededRandom, weighted, type Person, type Random } from './people';

export const DEMO_PASSWORD = 'demo2026';

export const DEMO_USERS: { username: string; displayName: string; role: Role; languages: string[] }[] = [
  { username: 'admin', displayName: 'Ewa Kowalczyk', role: 'admin', languages: ['pl', 'en'] },
  { username: 'manager', displayName: 'Małgorzata Zielińska', role: 'manager', languages: ['pl', 'en', 'de'] },
  { username: 'anna', displayName: 'Anna Nowak', role: 'advisor', languages: ['pl', 'en'] },
  { username: 'piotr', displayName: 'Piotr Wiśniewski', role: 'advisor', languages: ['pl', 'uk', 'ru'] },
  { username: 'kasia', displayName: 'Katarzyna Dąbrowska', role: 'advisor', languages: ['pl', 'es', 'pt'] },
];

export const DEMO_INVESTMENTS = [
  { name: 'Zielone Tarasy', city: 'Kraków' },
  { name: 'Apartamenty Nad Wisłą', city: 'Warszawa' },
  { name: 'Przystań Oliwa', city: 'Gdańsk' },
];

export const DEMO_SOURCES: { name: string; kind: SourceKind; weight: number; externalPrefix?: string }[] = [
  { name: 'Website form', kind: 'website', weight: 30 },
  { name: 'Tabela Ofert', kind: 'portal', weight: 14, externalPrefix: 'TO' },
  { name: 'Obido', kind: 'portal', weight: 10, externalPrefix: 'OB' },
  { name: 'rynekpierwotny.pl', kind: 'portal', weight: 18, externalPrefix: 'RP' },
  { name: 'Facebook', kind: 'social', weight: 16, externalPrefix: 'FB' },
  { name: 'Phone', kind: 'phone', weight: 7 },
  { name: 'Walk-in', kind: 'walk_in', weight: 5 },
];

export const DEFAULT_DELETION_REASONS = ['Spam', 'Test', 'Duplicate inquiry', 'Wrong number', 'Other'];

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

export interface DemoCounts {
  leads: number;
  clients: number;
  activities: number;
}

/**
 * Writes the demo office: users (passwords already hashed by the caller), investments, sources, ~300 leads over
 * the last 6 months in every status, ~100 clients and their activities. Deterministic for a given seed and now.
 */
export function seedDemo(tx: Db, opts: { passwordHash: string; now: number; seed?: number; leadCount?: number }): DemoCounts {
  const rnd = seededRandom(opts.seed ?? 20261123);
  const { now } = opts;
  const created = now - 200 * DAY;
  const base = { createdAt: created, updatedAt: created };
  const row = <T extends object>(data: T) => ({ id: newId(), ...base, ...data });

  const userRows = DEMO_USERS.map((u) => row({ ...u, email: `${u.username}@zielonetarasy.pl`, uiLanguage: 'pl' as const, passwordHash: opts.passwordHash, active: true }));
  const admin = userRows[0]!;
  userRows.forEach((u) => insertSynced(tx, users, u, admin.id));
  const advisors = userRows.filter((u) => u.role === 'advisor');

  const investmentRows = DEMO_INVESTMENTS.map((i) => row({ ...i, active: true }));
  investmentRows.forEach((i) => insertSynced(tx, investments, i, admin.id));
  const sourceRows = DEMO_SOURCES.map((s) => ({ ...row({ name: s.name, kind: s.kind, active: true }), weight: s.weight, prefix: s.externalPrefix }));
  sourceRows.forEach(({ weight: _w, prefix: _p, ...s }) => insertSynced(tx, sources, s, admin.id));
  const reasonRows = DEFAULT_DELETION_REASONS.map((label, i) => row({ label, sortOrder: i, active: true }));
  reasonRows.forEach((r) => insertSynced(tx, deletionReasons, r, admin.id));

  // A random stream of its own, so the leads and clients stay what they were before spend was seeded.
  seedCosts(tx, seededRandom(2026), sourceRows, now, admin.id);

  const sourceWeights = Object.fromEntries(sourceRows.map((s) => [s.id, s.weight]));
  const knownClients: { id: string; who: Person; phone: string | null; email: string | null; ownerId: string; createdAt: number }[] = [];
  const counts: DemoCounts = { leads: 0, clients: 0, activities: 0 };

  const addActivity = (clientId: string, leadId: string | null, type: ActivityType, userId: string, dueAt: number, doneAt: number | null) => {
    const state = doneAt === null ? (dueAt < now - 3 * DAY && rnd() < 0.3 ? 'cancelled' : 'planned') : 'done';
    const at = Math.min(dueAt, now);
    insertSynced(
      tx,
      activities,
      { id: newId(), clientId, leadId, type, state, userId, dueAt, doneAt, outcome: doneAt ? pick(rnd, ACTIVITY_OUTCOMES[type]) : null, notes: null, createdBy: userId, createdAt: at, updatedAt: at },
      userId,
    );
    counts.activities++;
  };

  // Oldest first, so a repeat inquiry can link to a client created from an earlier lead.
  const total = opts.leadCount ?? 300;
  const ages = Array.from({ length: total }, () => Math.floor(Math.pow(rnd(), 1.6) * 182 * DAY)).sort((a, b) => b - a);
  for (const age of ages) {
    const receivedAt = now - age - between(rnd, 0, 59) * MINUTE;
    const sourceId = weighted(rnd, sourceWeights);
    const source = sourceRows.find((s) => s.id === sourceId)!;
    const investment = pick(rnd, investmentRows);
    const fresh = age < 4 * DAY;
    let status: LeadStatus = fresh
      ? weighted(rnd, { new: 75, deleted: 10, linked: 5, converted: 10 })
      : weighted(rnd, { new: 6, deleted: 20, linked: 30, converted: 44 });
    const repeatOf = status === 'linked' ? knownClients.filter((c) => c.createdAt < receivedAt) : [];
    if (status === 'linked' && repeatOf.length === 0) status = 'converted';
    const existing = status === 'linked' ? pick(rnd, repeatOf) : null;

    const who = existing?.who ?? person(rnd);
    const hasPhone = existing ? existing.phone !== null || rnd() < 0.5 : rnd() < 0.85;
    const phoneRaw = hasPhone ? (existing?.phone && rnd() < 0.7 ? existing.phone : phone(rnd)) : null;
    const emailRaw = !phoneRaw || rnd() < 0.75 ? (existing?.email ?? email(rnd, who)) : null;
    const assignee = status === 'new' && rnd() < 0.35 ? null : existing ? advisors.find((a) => a.id === existing.ownerId)! : pick(rnd, advisors);
    const handledAt = Math.min(now - MINUTE, receivedAt + between(rnd, 3, 8 * 60) * MINUTE);
    const leadId = newId();
    const leadFirst = rnd() < 0.04 ? null : who.firstName;
    const leadLast = rnd() < 0.08 ? null : who.lastName;
    const clientId = status === 'converted' ? newId() : (existing?.id ?? null);
    const deleted = status === 'deleted';
    const reason = deleted ? weighted(rnd, { Spam: 40, Test: 20, 'Duplicate inquiry': 20, 'Wrong number': 12, Other: 8 }) : null;
    const text = reason === 'Test' ? 'Test formularza – proszę zignorować.' : message(rnd, investment.name);

    if (status === 'converted') {
      const ownerId = assignee!.id;
      insertSynced(
        tx,
        clients,
        {
          id: clientId!,
          firstName: who.firstName,
          lastName: who.lastName,
          phoneRaw,
          phoneE164: normalizePhone(phoneRaw),
          email: emailRaw?.trim() ?? null,
          emailNormalized: normalizeEmail(emailRaw),
          ownerUserId: ownerId,
          originSourceId: sourceId,
          preferredInvestmentId: investment.id,
          consentDataProcessing: true,
          consentMarketingEmail: rnd() < 0.6,
          consentMarketingPhone: rnd() < 0.5,
          description: text,
          stage: fresh ? 'new' : weighted(rnd, { in_progress: 40, offer: 20, reservation: 8, won: 10, lost: 14, postponed: 8 }),
          ...clientDerivedFields({ firstName: who.firstName, lastName: who.lastName, email: emailRaw, phoneE164: normalizePhone(phoneRaw), phoneRaw }),
          createdBy: ownerId,
          createdAt: handledAt,
          updatedAt: handledAt,
        },
        ownerId,
      );
      knownClients.push({ id: clientId!, who, phone: phoneRaw, email: emailRaw, ownerId, createdAt: handledAt });
      counts.clients++;
    }

    insertSynced(
      tx,
      leads,
      {
        id: leadId,
        status,
        sourceId,
        externalId: source.prefix ? `${source.prefix}-${between(rnd, 100000, 999999)}-${counts.leads}` : null,
        investmentId: source.kind === 'walk_in' && rnd() < 0.3 ? null : investment.id,
        assigneeUserId: assignee?.id ?? null,
        clientId,
        firstName: leadFirst,
        lastName: leadLast,
        phoneRaw,
        phoneE164: normalizePhone(phoneRaw),
        email: emailRaw,
        emailNormalized: normalizeEmail(emailRaw),
        message: text,
        language: who.language,
        consentDataProcessing: rnd() < 0.95,
        consentMarketingEmail: rnd() < 0.55,
        consentMarketingPhone: rnd() < 0.45,
        priority: weighted(rnd, { urgent: 12, important: 25, standard: 63 }),
        qualification: status === 'new' && rnd() < 0.6 ? null : weighted(rnd, { hot: 25, warm: 45, cold: 30 }),
        deletionReasonId: reason ? reasonRows.find((r) => r.label === reason)!.id : null,
        deletionComment: reason === 'Other' ? 'Klient szuka domu, nie mieszkania.' : null,
        deletedAt: deleted ? handledAt : null,
        deletedBy: deleted ? (assignee?.id ?? advisors[0]!.id) : null,
        rawPayload: JSON.stringify({ source: source.name, first_name: leadFirst, last_name: leadLast, phone: phoneRaw, email: emailRaw, message: text, investment: investment.name }),
        ...leadDerivedFields({ firstName: leadFirst, lastName: leadLast, email: emailRaw, phoneE164: normalizePhone(phoneRaw), phoneRaw }),
        receivedAt,
        createdAt: receivedAt,
        updatedAt: status === 'new' ? receivedAt : handledAt,
      },
      assignee?.id ?? null,
    );
    counts.leads++;
    const leadAudit = (action: string, userId: string, at: number, details: Record<string, unknown>) =>
      audit(tx, { userId, action, entity: 'leads', entityId: leadId, details }, at);
    if (assignee) leadAudit('lead.assigned', admin.id, receivedAt + MINUTE, { from: null, to: assignee.displayName });
    if (deleted) leadAudit('lead.deleted', assignee?.id ?? advisors[0]!.id, handledAt, { reason, ...(reason === 'Other' ? { comment: 'Klient szuka domu, nie mieszkania.' } : {}) });
    if (clientId && assignee) leadAudit(status === 'converted' ? 'lead.converted' : 'lead.linked', assignee.id, handledAt, { client: `${who.firstName} ${who.lastName}` });

    if (clientId && assignee) {
      insertSynced(tx, leadClientLinks, { id: newId(), leadId, clientId, kind: status === 'converted' ? 'converted' : 'linked', linkedAt: handledAt, linkedBy: assignee.id, createdAt: handledAt, updatedAt: handledAt }, assignee.id);
      seedActivities(rnd, { clientId, leadId, userId: assignee.id, from: handledAt, now, converted: status === 'converted' }, addActivity);
    }
  }
  audit(tx, { userId: admin.id, action: 'demo.loaded', details: { ...counts } }, now);
  return counts;
}

const ACTIVITY_OUTCOMES: Record<ActivityType, string[]> = {
  phone: ['Rozmowa – klient zainteresowany, prosi o ofertę', 'Nie odbiera', 'Oddzwoni w przyszłym tygodniu', 'Umówione spotkanie'],
  email: ['Wysłano cennik i rzuty', 'Odpowiedź na pytania o kredyt'],
  meeting: ['Spotkanie w biurze sprzedaży', 'Prezentacja mieszkania pokazowego'],
  offer: ['Oferta na lokal B2/14', 'Oferta na dwa lokale z miejscem postojowym'],
  oral_reservation: ['Rezerwacja ustna lokalu A1/7 do piątku'],
  contract: ['Umowa deweloperska podpisana'],
  note: ['Klient porównuje z konkurencją'],
};

function seedActivities(
  rnd: Random,
  c: { clientId: string; leadId: string; userId: string; from: number; now: number; converted: boolean },
  add: (clientId: string, leadId: string | null, type: ActivityType, userId: string, dueAt: number, doneAt: number | null) => void,
): void {
  let t = c.from + 15 * MINUTE;
  const step = () => (t += between(rnd, 30, 5 * 24 * 60) * MINUTE);
  const doneOrPlanned = (type: ActivityType) => {
    if (t > c.now) add(c.clientId, c.leadId, type, c.userId, t, null);
    else add(c.clientId, c.leadId, type, c.userId, t, rnd() < 0.9 ? t + between(rnd, 0, 120) * MINUTE : null);
  };
  const chain: ActivityType[] = c.converted ? ['phone', 'email', 'meeting', 'offer', 'oral_reservation', 'contract'] : ['phone', 'email'];
  for (const type of chain) {
    doneOrPlanned(type);
    if (rnd() < 0.45) break;
    step();
  }
}

/** Monthly marketing spend (PLN, in grosze) for the paid sources over the demo's months, Warsaw calendar. */
const MONTHLY_SPEND: Partial<Record<SourceKind, [number, number]>> = { portal: [1_500, 4_000], social: [2_000, 5_000], website: [600, 1_200] };

function seedCosts(tx: Db, rnd: Random, sourceRows: { id: string; kind: SourceKind }[], now: number, userId: string): void {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Warsaw', year: 'numeric', month: '2-digit' }).formatToParts(now);
  let year = Number(parts.find((p) => p.type === 'year')!.value);
  let month = Number(parts.find((p) => p.type === 'month')!.value);
  for (let i = 0; i < 7; i++) {
    for (const source of sourceRows) {
      const range = MONTHLY_SPEND[source.kind];
      if (!range) continue;
      insertSynced(tx, sourceCosts, { id: newId(), sourceId: source.id, month: year * 100 + month, amountMinor: between(rnd, range[0], range[1]) * 100, updatedBy: userId, createdAt: now, updatedAt: now }, userId);
    }
    month -= 1;
    if (month === 0) (month = 12), (year -= 1);
  }
}
