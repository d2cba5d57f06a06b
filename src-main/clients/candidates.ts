import type Database from 'better-sqlite3';
import { matchClient, mergeMatches, probeKeys, type MatchPerson, type MatchResult } from '../../src-shared/clients/matching';
import type { ClientCandidate } from '../../src-shared/clients/types';
import { emailKey, phoneTail } from '../../src-shared/text/normalize';

/** How many candidates the wizard lists. */
export const MAX_CANDIDATES = 8;
/** A cap on the clients scored per lead, so a very common name cannot make one lookup slow. */
const MAX_SCORED = 1500;

type ClientMatchRow = MatchPerson & Omit<ClientCandidate, 'score' | 'strong' | 'reasons'>;
type LeadMatchRow = MatchPerson & { clientId: string };

const CLIENT_COLUMNS = `c.id as clientId, c.first_name as firstName, c.last_name as lastName, c.phone_e164 as phoneE164,
  c.phone_raw as phoneRaw, c.email, c.owner_user_id as ownerId, u.display_name as ownerName, c.stage, c.created_at as createdAt,
  (select count(*) from leads x where x.client_id = c.id) as leadCount`;

/**
 * Finds the existing clients a lead may belong to. Reads small index ranges only: the phone tail, the e-mail
 * key, the name blocking keys (both name orders), and the phone and e-mail of clients' other leads; then
 * scores each with the shared matching rules.
 */
export function createCandidateFinder(sqlite: Database.Database) {
  const contactIds = sqlite
    .prepare<{ tail: string | null; email: string | null }, string>(
      'select id from clients where phone_tail = @tail union select id from clients where email_key = @email',
    )
    .pluck();
  // Name-only evidence is capped (a common name must not make one lookup slow); contact evidence never is.
  const nameIds = sqlite
    .prepare<{ a: string | null; b: string | null; c: string | null; d: string | null }, string>(
      `select id from clients where name_k1 in (@a, @b)
       union select id from clients where name_k2 in (@a, @b)
       union select id from clients where name_k3 in (@c, @d)
       limit ${MAX_SCORED}`,
    )
    .pluck();
  const clientsById = sqlite.prepare<[string], ClientMatchRow>(
    `select ${CLIENT_COLUMNS} from clients c left join users u on u.id = c.owner_user_id
     where c.id in (select value from json_each(?)) and c.deleted_at is null`,
  );
  const otherLeads = sqlite.prepare<{ tail: string | null; email: string | null; lead: string }, LeadMatchRow>(
    `select client_id as clientId, first_name as firstName, last_name as lastName, phone_e164 as phoneE164, phone_raw as phoneRaw, email
     from leads where client_id is not null and id <> @lead and (phone_tail = @tail or email_key = @email) limit 200`,
  );

  return function findCandidates(person: MatchPerson, excludeLeadId = ''): ClientCandidate[] {
    const tail = phoneTail(person.phoneE164, person.phoneRaw);
    const email = emailKey(person.email);
    const { k12, k3 } = probeKeys(person);
    const found = new Set(tail || email ? contactIds.all({ tail, email }) : []);
    if (k12.length) for (const id of nameIds.all({ a: k12[0] ?? null, b: k12[1] ?? null, c: k3[0] ?? null, d: k3[1] ?? null })) found.add(id);

    // Evidence from the clients' other leads: the same phone or e-mail as an earlier inquiry of theirs.
    const viaLeads = new Map<string, MatchResult | null>();
    if (tail || email) {
      for (const other of otherLeads.all({ tail, email, lead: excludeLeadId })) {
        const match = matchClient(person, other, 'lead');
        const contact = match && { ...match, reasons: match.reasons.filter((r) => r.kind === 'phone' || r.kind === 'email') };
        if (!contact?.reasons.length) continue;
        viaLeads.set(other.clientId, mergeMatches(viaLeads.get(other.clientId) ?? null, { ...contact, score: contact.reasons.length * 45 }));
        found.add(other.clientId);
      }
    }
    if (found.size === 0) return [];

    const candidates: ClientCandidate[] = [];
    for (const row of clientsById.all(JSON.stringify([...found]))) {
      const match = mergeMatches(matchClient(person, row), viaLeads.get(row.clientId) ?? null);
      if (!match) continue;
      const { firstName, lastName, phoneE164, phoneRaw, email: clientEmail, clientId, ownerId, ownerName, stage, createdAt, leadCount } = row;
      candidates.push({ clientId, firstName, lastName, phoneE164, phoneRaw, email: clientEmail, ownerId, ownerName, stage, createdAt, leadCount, ...match });
    }
    return candidates.sort((x, y) => y.score - x.score || y.createdAt - x.createdAt).slice(0, MAX_CANDIDATES);
  };
}

export type CandidateFinder = ReturnType<typeof createCandidateFinder>;
