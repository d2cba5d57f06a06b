import type Database from 'better-sqlite3';
import { matchClient, mergeMatches, probeKeys, type MatchPerson, type MatchResult } from '../../src-shared/clients/matching';
import type { ClientCandidate } from '../../src-shared/clients/types';
import { emailKey, phoneTail } from '../../src-shared/text/normalize';

/** How many candidates the wizard lists. */
export const MAX_CANDIDATES = 8;
/**
 * Per name key, the newest clients read (a common name must not make a lookup slow). Newest first: a
 * duplicate is most often of someone who inquired recently.
 */
const PER_NAME_KEY = 150;

type Scored = MatchPerson & { clientId: string; createdAt: number };
type LeadMatchRow = MatchPerson & { clientId: string };
type Shown = Pick<ClientCandidate, 'clientId' | 'ownerId' | 'ownerName' | 'stage' | 'leadCount'>;

const SCORED_COLUMNS = `id as clientId, first_name as firstName, last_name as lastName, phone_e164 as phoneE164, phone_raw as phoneRaw,
  email, created_at as createdAt`;

/**
 * Finds the existing clients a lead may belong to. Reads small index ranges only: the phone tail, the e-mail
 * key, the name blocking keys (both name orders, nicknames), and the phone and e-mail of clients' other leads;
 * scores each with the shared matching rules; loads owner and lead count for the few it shows.
 */
export function createCandidateFinder(sqlite: Database.Database) {
  const byContact = sqlite.prepare<{ tail: string | null; email: string | null }, Scored>(
    `select ${SCORED_COLUMNS} from clients where phone_tail = @tail and deleted_at is null
     union select ${SCORED_COLUMNS} from clients where email_key = @email and deleted_at is null`,
  );
  const byKey = (column: string) =>
    sqlite.prepare<[string], Scored>(`select ${SCORED_COLUMNS} from clients where ${column} = ? and deleted_at is null order by rowid desc limit ${PER_NAME_KEY}`);
  const nameQueries = { k1: byKey('name_k1'), k2: byKey('name_k2'), k3: byKey('name_k3'), k4: byKey('name_k4') };
  const otherLeads = sqlite.prepare<{ tail: string | null; email: string | null; lead: string }, LeadMatchRow>(
    `select client_id as clientId, first_name as firstName, last_name as lastName, phone_e164 as phoneE164, phone_raw as phoneRaw, email
     from leads where client_id is not null and id <> @lead and (phone_tail = @tail or email_key = @email) limit 200`,
  );
  const byIds = sqlite.prepare<[string], Scored>(`select ${SCORED_COLUMNS} from clients where id in (select value from json_each(?)) and deleted_at is null`);
  const shown = sqlite.prepare<[string], Shown>(
    `select c.id as clientId, c.owner_user_id as ownerId, u.display_name as ownerName, c.stage,
       (select count(*) from leads x where x.client_id = c.id) as leadCount
     from clients c left join users u on u.id = c.owner_user_id where c.id in (select value from json_each(?))`,
  );

  return function findCandidates(person: MatchPerson, excludeLeadId = ''): ClientCandidate[] {
    const tail = phoneTail(person.phoneE164, person.phoneRaw);
    const email = emailKey(person.email);
    const rows = new Map<string, Scored>();
    const add = (list: Scored[]) => list.forEach((r) => rows.set(r.clientId, r));
    if (tail || email) add(byContact.all({ tail, email }));
    const keys = probeKeys(person);
    for (const k of keys.k12) add([...nameQueries.k1.all(k), ...nameQueries.k2.all(k)]);
    for (const k of keys.k3) add(nameQueries.k3.all(k));
    for (const k of keys.k4) add(nameQueries.k4.all(k));

    // Evidence from the clients' other leads: the same phone or e-mail as an earlier inquiry of theirs.
    const viaLeads = new Map<string, MatchResult | null>();
    if (tail || email) {
      for (const other of otherLeads.all({ tail, email, lead: excludeLeadId })) {
        const match = matchClient(person, other, 'lead');
        const contact = match && { ...match, reasons: match.reasons.filter((r) => r.kind === 'phone' || r.kind === 'email') };
        if (!contact?.reasons.length) continue;
        viaLeads.set(other.clientId, mergeMatches(viaLeads.get(other.clientId) ?? null, { ...contact, score: contact.reasons.length * 45 }));
      }
      const missing = [...viaLeads.keys()].filter((id) => !rows.has(id));
      if (missing.length) add(byIds.all(JSON.stringify(missing)));
    }

    const scored: (Scored & MatchResult)[] = [];
    for (const row of rows.values()) {
      const match = mergeMatches(matchClient(person, row), viaLeads.get(row.clientId) ?? null);
      if (match) scored.push({ ...row, ...match });
    }
    const top = scored.sort((x, y) => y.score - x.score || y.createdAt - x.createdAt).slice(0, MAX_CANDIDATES);
    if (top.length === 0) return [];
    const details = new Map(shown.all(JSON.stringify(top.map((c) => c.clientId))).map((d) => [d.clientId, d]));
    return top.map(({ clientId, firstName, lastName, phoneE164, phoneRaw, email: clientEmail, createdAt, score, strong, reasons }) => {
      const d = details.get(clientId);
      return {
        clientId, firstName, lastName, phoneE164, phoneRaw, email: clientEmail, createdAt, score, strong, reasons,
        ownerId: d?.ownerId ?? null, ownerName: d?.ownerName ?? null, stage: d?.stage ?? 'new', leadCount: d?.leadCount ?? 0,
      };
    });
  };
}

export type CandidateFinder = ReturnType<typeof createCandidateFinder>;
