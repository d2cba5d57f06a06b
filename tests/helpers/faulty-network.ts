/**
 * A seeded, faulty stand-in for `fetch` between the desktops and the office server (tests only). Per request it may
 * drop the request (nothing sent), drop the response (the server applied it, the desktop never hears), send it
 * twice, deliver it late (the caller is told it failed, the request lands later, after newer ones), or delay it
 * (so concurrent syncs reorder). It forwards to whatever address the server has now (its port changes on restart),
 * and refuses the connection while the server is down. It also notes every rejection the server answered, so a
 * test can tell an acknowledged change from a refused one even when the desktop never received the answer.
 */

/** mulberry32: small, fast, good enough to drive faults; the same seed gives the same decisions. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type FaultKind = 'dropRequest' | 'dropResponse' | 'duplicate' | 'lateDelivery' | 'delay';

export interface FaultRates {
  dropRequest: number;
  dropResponse: number;
  duplicate: number;
  lateDelivery: number;
  delay: number;
  /** Longest injected delay, ms. */
  maxDelayMs: number;
}

export const DEFAULT_RATES: FaultRates = { dropRequest: 0.1, dropResponse: 0.1, duplicate: 0.08, lateDelivery: 0.07, delay: 0.2, maxDelayMs: 25 };

export type FaultCounts = Record<FaultKind | 'requests' | 'refused', number>;
export const emptyCounts = (): FaultCounts => ({ requests: 0, refused: 0, dropRequest: 0, dropResponse: 0, duplicate: 0, lateDelivery: 0, delay: 0 });

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

class NetworkFault extends TypeError {
  constructor(what: string) {
    super(`fetch failed (test network: ${what})`);
  }
}

export interface RejectionSeen {
  pushSeq: number;
  entity: string;
  id: string;
  code: string;
  /** Whether the answer reached the desktop (false: it was dropped, or it answered a copy nobody waited for). */
  delivered: boolean;
}

export class FaultyNetwork {
  readonly counts: FaultCounts = emptyCounts();
  /** What the server rejected, by the bearer token of the device that pushed (seen even when the answer was dropped). */
  readonly rejections = new Map<string, RejectionSeen[]>();
  /** Every injected fault in order, for a failure's report. */
  readonly log: string[] = [];
  private target: string | null = null;
  private healed = false;
  private readonly random: () => number;
  private readonly background = new Set<Promise<unknown>>();

  constructor(
    seed: number,
    private readonly rates: FaultRates = DEFAULT_RATES,
  ) {
    this.random = seededRandom(seed);
  }

  /** The server's current address (null: it is down, connections are refused). */
  setTarget(url: string | null): void {
    this.target = url;
  }

  /** No more faults from now on (the quiet period). */
  heal(): void {
    this.healed = true;
  }

  /** Waits for requests still travelling (late deliveries, second copies). */
  async settle(): Promise<void> {
    while (this.background.size) await Promise.allSettled([...this.background]);
  }

  get injected(): number {
    const c = this.counts;
    return c.dropRequest + c.dropResponse + c.duplicate + c.lateDelivery + c.delay;
  }

  /** The `fetch` the desktops get. */
  readonly fetch: typeof fetch = async (input, init) => {
    this.counts.requests++;
    const original = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const what = `${init?.method ?? 'GET'} ${original.pathname}`;
    type Sent = { res: Response; seen: RejectionSeen[] };
    const send = async (): Promise<Sent> => {
      if (!this.target) {
        this.counts.refused++;
        throw new NetworkFault('connection refused, the server is restarting');
      }
      const url = new URL(original.pathname + original.search, this.target);
      // The desktop's own timeout signal is left out: a late copy must still land after the caller gave up.
      const res = await fetch(url, { method: init?.method, headers: init?.headers, body: init?.body });
      const text = await res.text();
      const seen = this.observe(original.pathname, init?.headers, text);
      return { res: new Response(text, { status: res.status, statusText: res.statusText, headers: res.headers }), seen };
    };
    const deliver = ({ res, seen }: Sent) => {
      for (const r of seen) r.delivered = true;
      return res;
    };
    const later = (p: Promise<unknown>) => {
      const tracked: Promise<unknown> = p.catch(() => undefined).finally(() => this.background.delete(tracked));
      this.background.add(tracked);
    };
    if (this.healed) return deliver(await send());

    const r = this.random();
    const delay = () => Math.floor(this.random() * this.rates.maxDelayMs);
    let edge = 0;
    const band = (rate: number) => r >= edge && r < (edge += rate);
    const { dropRequest, dropResponse, duplicate, lateDelivery, delay: delayRate } = this.rates;
    if (band(dropRequest)) {
      this.fault('dropRequest', what);
      throw new NetworkFault('request dropped');
    }
    if (band(dropResponse)) {
      this.fault('dropResponse', what);
      await send();
      throw new NetworkFault('response dropped after the server answered');
    }
    if (band(duplicate)) {
      this.fault('duplicate', what);
      const gap = delay();
      // A copy lands on its own time (before or after the original); the caller reads the original's answer.
      later(sleep(gap).then(send));
      return deliver(await send());
    }
    if (band(lateDelivery)) {
      this.fault('lateDelivery', what);
      later(sleep(5 + delay() * 2).then(send));
      throw new NetworkFault('request timed out (it will still arrive, late)');
    }
    if (band(delayRate)) {
      this.fault('delay', what);
      const before = delay();
      const after = delay();
      await sleep(before);
      const sent = await send();
      await sleep(after);
      return deliver(sent);
    }
    return deliver(await send());
  };

  private fault(kind: FaultKind, what: string): void {
    this.counts[kind]++;
    this.log.push(`${kind} ${what}`);
  }

  private observe(path: string, headers: RequestInit['headers'], text: string): RejectionSeen[] {
    if (path !== '/v1/sync/push') return [];
    const auth = new Headers(headers).get('authorization') ?? '';
    let body: { rejected?: RejectionSeen[] } | null = null;
    try {
      body = JSON.parse(text) as { rejected?: RejectionSeen[] };
    } catch {
      return [];
    }
    if (!body?.rejected?.length) return [];
    const token = auth.replace(/^Bearer /, '');
    const seen = this.rejections.get(token) ?? [];
    const now = body.rejected.map((r) => ({ pushSeq: r.pushSeq, entity: r.entity, id: r.id, code: r.code, delivered: false }));
    seen.push(...now);
    this.rejections.set(token, seen);
    return now;
  }
}
