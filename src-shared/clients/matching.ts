import { emailKey, foldText, normalizeEmail, phoneTail } from '../text/normalize';
import { editDistance, typoAllowance } from '../text/similarity';
import { fullFirstName } from './nicknames';

/**
 * Duplicate detection: does this lead's person already exist as a client? Pure, so the service, the benchmark's
 * labelled set and the tests all judge candidates the same way.
 */
export interface MatchPerson {
  firstName: string | null;
  lastName: string | null;
  phoneE164: string | null;
  phoneRaw: string | null;
  email: string | null;
}

export type MatchReason =
  | { kind: 'phone'; via: 'client' | 'lead' }
  | { kind: 'email'; exact: boolean; via: 'client' | 'lead' }
  | { kind: 'name'; how: 'same' | 'diacritics' | 'typo' | 'initial' | 'nickname' | 'partial'; lead: string; client: string }
  | { kind: 'swapped'; lead: string; client: string };

export interface MatchResult {
  score: number;
  /** Same phone or e-mail: almost surely the same person. Name-only matches are weak. */
  strong: boolean;
  reasons: MatchReason[];
}

/** A name part as matching compares it: folded (no diacritics, Cyrillic in Latin), letters and digits only. */
export function nameKey(value: string | null | undefined): string {
  return foldText(value ?? '')
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .trim();
}

/**
 * A name key as blocking sees it: sounds that Latin spellings of Ukrainian and Russian names swap (h/g/kh,
 * i/y) made one, so "Honcharenko" and "Goncharenko" share their keys. Only for finding candidates; the rules
 * that judge them compare the names themselves.
 */
export function blockKey(key: string): string {
  return key.replace(/kh/g, 'h').replace(/g/g, 'h').replace(/y/g, 'i').replace(/ii/g, 'i');
}

/**
 * Blocking keys over block keys, also computed by SQLite as generated columns of clients (name_k1..k4; see the
 * migrations), so a candidate query reads a few small index ranges instead of every client.
 * Cut by characters (code points), as SQLite's substr() does, not by UTF-16 units.
 */
export function blockingKeys(first: string, last: string): [string, string, string, string] | null {
  if (!first || !last) return null;
  const f = Array.from(first);
  const l = Array.from(last);
  const cut = (chars: string[], start: number, end?: number) => chars.slice(start, end).join('');
  return [`${cut(l, 0, 3)}|${cut(f, 0, 1)}`, `${cut(f, 0, 3)}|${cut(l, 0, 1)}`, `${cut(l, -4)}|${cut(f, 0, 2)}`, `${last}|${cut(f, -3)}`];
}

export interface ProbeKeys {
  /** Values for name_k1 and name_k2 (a swapped name's k1 is the straight k2). */
  k12: string[];
  k3: string[];
  k4: string[];
}

/** The keys a lead's name may share with a client's: either name order, and the full name behind a nickname. */
export function probeKeys(person: Pick<MatchPerson, 'firstName' | 'lastName'>): ProbeKeys {
  const last = blockKey(nameKey(person.lastName));
  const first = nameKey(person.firstName);
  const firsts = [...new Set([first, fullFirstName(first)].map(blockKey))];
  const keys: ProbeKeys = { k12: [], k3: [], k4: [] };
  for (const f of firsts) {
    for (const [a, b] of [[f, last], [last, f]] as const) {
      const k = blockingKeys(a, b);
      if (!k) continue;
      keys.k12.push(k[0], k[1]);
      keys.k3.push(k[2]);
      keys.k4.push(k[3]);
    }
  }
  return { k12: [...new Set(keys.k12)], k3: [...new Set(keys.k3)], k4: [...new Set(keys.k4)] };
}

/** The edit distance between two name parts when small enough to be a typo, else null. */
function typos(a: string, b: string): number | null {
  if (!a || !b) return null;
  const allowed = typoAllowance(Math.max(a.length, b.length));
  const d = editDistance(a, b, allowed);
  return d <= allowed ? d : null;
}

/** For double-barrelled surnames (Wrona-Zielińska): the closest pair of parts, when either side has parts. */
function partTypos(a: string, b: string): number | null {
  const pa = a.split(/[\s-]+/).filter(Boolean);
  const pb = b.split(/[\s-]+/).filter(Boolean);
  if (pa.length < 2 && pb.length < 2) return null;
  let best: number | null = null;
  for (const x of pa) for (const y of pb) {
    const d = typos(x, y);
    if (d !== null && (best === null || d < best)) best = d;
  }
  return best;
}

const display = (first: string | null, last: string | null) => [first, last].filter(Boolean).join(' ');
const isInitial = (a: string, b: string) => (a.length === 1 && b.startsWith(a)) || (b.length === 1 && a.startsWith(b));

function nameReason(lead: MatchPerson, client: MatchPerson): { reason: MatchReason; score: number } | null {
  const lf = nameKey(lead.firstName);
  const ll = nameKey(lead.lastName);
  const cf = nameKey(client.firstName);
  const cl = nameKey(client.lastName);
  const leadName = display(lead.firstName, lead.lastName);
  const clientName = display(client.firstName, client.lastName);
  if (!ll || !cl) return null;

  const lastTypos = typos(ll, cl) ?? partTypos(ll, cl);
  if (lastTypos !== null) {
    const partial = typos(ll, cl) === null;
    const firstTypos = typos(lf, cf);
    const nickname = firstTypos === null && lf && cf && fullFirstName(lf) === fullFirstName(cf);
    if (nickname) return { reason: { kind: 'name', how: 'nickname', lead: leadName, client: clientName }, score: 26 - 6 * lastTypos };
    if (firstTypos !== null) {
      const total = lastTypos + firstTypos;
      if (partial) return { reason: { kind: 'name', how: 'partial', lead: leadName, client: clientName }, score: 24 - 6 * total };
      if (total === 0) {
        const spelled = (p: MatchPerson) => `${p.firstName ?? ''} ${p.lastName ?? ''}`.replace(/\s+/g, ' ').trim().toLowerCase();
        const same = spelled(lead) === spelled(client);
        return { reason: { kind: 'name', how: same ? 'same' : 'diacritics', lead: leadName, client: clientName }, score: 30 };
      }
      return { reason: { kind: 'name', how: 'typo', lead: leadName, client: clientName }, score: 30 - 6 * total };
    }
    if (lastTypos === 0 && lf && cf && isInitial(lf, cf)) {
      return { reason: { kind: 'name', how: 'initial', lead: leadName, client: clientName }, score: 20 };
    }
  }
  // First and last name the other way round (forms, portals and Facebook all get this wrong).
  const swappedLast = typos(lf, cl);
  const swappedFirst = typos(ll, cf);
  if (swappedLast !== null && swappedFirst !== null) {
    return { reason: { kind: 'swapped', lead: leadName, client: clientName }, score: 27 - 6 * (swappedLast + swappedFirst) };
  }
  return null;
}

/** Why `client` may be the person behind `lead`, or null when nothing ties them. */
export function matchClient(lead: MatchPerson, client: MatchPerson, via: 'client' | 'lead' = 'client'): MatchResult | null {
  const reasons: MatchReason[] = [];
  let score = 0;
  const leadTail = phoneTail(lead.phoneE164, lead.phoneRaw);
  if (leadTail && leadTail === phoneTail(client.phoneE164, client.phoneRaw)) {
    reasons.push({ kind: 'phone', via });
    score += 50;
  }
  const leadEmail = normalizeEmail(lead.email);
  if (leadEmail) {
    if (leadEmail === normalizeEmail(client.email)) {
      reasons.push({ kind: 'email', exact: true, via });
      score += 50;
    } else if (emailKey(leadEmail) === emailKey(client.email)) {
      reasons.push({ kind: 'email', exact: false, via });
      score += 45;
    }
  }
  const strong = reasons.length > 0;
  const name = nameReason(lead, client);
  if (name) {
    reasons.push(name.reason);
    score += name.score;
  }
  return reasons.length ? { score, strong, reasons } : null;
}

/** Merges what a client matched on directly and through one of their other leads. */
export function mergeMatches(a: MatchResult | null, b: MatchResult | null): MatchResult | null {
  if (!a || !b) return a ?? b;
  const kinds = new Set(a.reasons.map((r) => r.kind));
  const extra = b.reasons.filter((r) => !kinds.has(r.kind));
  const extraScore = extra.reduce((sum, r) => sum + (r.kind === 'phone' ? 50 : r.kind === 'email' ? 45 : 0), 0);
  return { score: a.score + extraScore, strong: a.strong || b.strong, reasons: [...a.reasons, ...extra] };
}
