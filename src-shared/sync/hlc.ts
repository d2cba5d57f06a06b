/**
 * Hybrid logical clock: "wall:counter:node", compared as plain strings. Wall is epoch ms (15 digits), counter
 * 5 decimal digits, node the device id. The desktop's SQLite trigger writes the same format (migration 0016). A clock never runs behind what it has seen, so a desktop whose wall clock
 * is late still orders its edits after the ones it has pulled.
 */
export class HybridClock {
  private wall = 0;
  private counter = 0;

  constructor(
    readonly node: string,
    private readonly now: () => number = Date.now,
  ) {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(node)) throw new RangeError(`HybridClock: bad node id ${JSON.stringify(node)}`);
  }

  /** A new timestamp, later than every one issued or observed before. */
  tick(): string {
    const wall = this.now();
    if (wall > this.wall) {
      this.wall = wall;
      this.counter = 0;
    } else this.counter++;
    return formatHlc(this.wall, this.counter, this.node);
  }

  /** Moves the clock past a timestamp from elsewhere. */
  observe(stamp: string): void {
    const parsed = parseHlc(stamp);
    if (!parsed) return;
    if (parsed.wall > this.wall || (parsed.wall === this.wall && parsed.counter > this.counter)) {
      this.wall = parsed.wall;
      this.counter = parsed.counter;
    }
  }
}

const MAX_COUNTER = 99_999;

export function formatHlc(wall: number, counter: number, node: string): string {
  if (counter > MAX_COUNTER) throw new RangeError('HybridClock: counter overflow');
  return `${String(wall).padStart(15, '0')}:${String(counter).padStart(5, '0')}:${node}`;
}

export function parseHlc(stamp: string): { wall: number; counter: number; node: string } | null {
  const m = /^(\d{15}):(\d{5}):([A-Za-z0-9_-]{1,64})$/.exec(stamp);
  return m ? { wall: Number(m[1]), counter: Number(m[2]), node: m[3]! } : null;
}

export const isHlc = (stamp: unknown): stamp is string => typeof stamp === 'string' && parseHlc(stamp) !== null;
