/**
 * Response-time arithmetic for the SLA figures: how many minutes passed between two instants, either on the wall
 * clock or counting only the office's working hours (in the office's own time zone, DST included).
 *
 * Pure: no Node, no DOM, no clock. Instants are epoch milliseconds, as stored (see ClientSla).
 */
import { tzOffset } from '@date-fns/tz';
import { z } from 'zod';

/** When the office counts as open: on `days`, from `start` (inclusive) to `end` (exclusive), local time in `timeZone`. */
export interface WorkingHours {
  /** IANA time zone name of the office, e.g. 'Europe/Warsaw'. */
  timeZone: string;
  /** ISO weekdays the office works: 1 = Monday ... 7 = Sunday. */
  days: number[];
  /** Opening time, 'HH:MM' (00:00-23:59). */
  start: string;
  /** Closing time, 'HH:MM', after `start`; '24:00' = until midnight. */
  end: string;
}

export const DEFAULT_TIME_ZONE = 'Europe/Warsaw';

export const DEFAULT_WORKING_HOURS: WorkingHours = {
  timeZone: DEFAULT_TIME_ZONE,
  days: [1, 2, 3, 4, 5],
  start: '09:00',
  end: '17:00',
};

export type SlaLevel = 'green' | 'amber' | 'red';

export interface SlaThresholds {
  /** At this many minutes (and more) the figure turns amber. */
  amberMinutes: number;
  /** At this many minutes (and more) the figure turns red. */
  redMinutes: number;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const HHMM = /^(?:([01]\d|2[0-3]):([0-5]\d)|(24):(00))$/;

/** 'HH:MM' -> minutes after local midnight (0..1440), or null when malformed. */
export function parseClockTime(value: string): number | null {
  const m = HHMM.exec(value);
  if (!m) return null;
  return Number(m[1] ?? m[3]) * 60 + Number(m[2] ?? m[4]);
}

/** True for a time zone name this runtime knows (IANA names; UTC offsets like '+01:00' are refused). */
export function isKnownTimeZone(timeZone: string): boolean {
  if (!timeZone || /^[+-]/.test(timeZone)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

const clockTime = (what: string) =>
  z.string().refine((v) => parseClockTime(v) !== null, { message: `${what} must be a time HH:MM between 00:00 and 24:00` });

const WEEKDAY_MESSAGE = 'Working days are ISO weekdays 1 (Monday) to 7 (Sunday)';

/** Validates (and defaults the zone of) office working hours; output is a WorkingHours. */
export const workingHoursSchema = z
  .object({
    timeZone: z
      .string()
      .refine(isKnownTimeZone, { message: 'Unknown time zone; use an IANA name such as Europe/Warsaw' })
      .default(DEFAULT_TIME_ZONE),
    days: z
      .array(z.number().int(WEEKDAY_MESSAGE).min(1, WEEKDAY_MESSAGE).max(7, WEEKDAY_MESSAGE))
      .min(1, 'Choose at least one working day')
      .refine((days) => new Set(days).size === days.length, { message: 'Each working day may be listed only once' }),
    start: clockTime('Opening time'),
    end: clockTime('Closing time'),
  })
  .strict()
  .superRefine((h, ctx) => {
    const start = parseClockTime(h.start);
    const end = parseClockTime(h.end);
    if (start !== null && end !== null && end <= start) {
      ctx.addIssue({ code: 'custom', path: ['end'], message: 'Closing time must be after opening time' });
    }
  });
export type WorkingHoursInput = z.input<typeof workingHoursSchema>;

/**
 * The instant at which the wall clock in `timeZone` shows local day `dayNumber` (days since 1970-01-01 on the local
 * calendar) plus `minuteOfDay` minutes (1440 = next midnight). `before`/`after` are the zone's UTC offsets (minutes) a
 * day before and a day after that local day; at most one offset change happens in between (true of every zone).
 * Resolved like Temporal's 'compatible' disambiguation: a time skipped by a spring-forward gap is moved forward by the
 * gap (02:30 -> 03:30 in Warsaw), a time repeated by a fall-back overlap takes the earlier of its two instants.
 */
function localToInstant(timeZone: string, dayNumber: number, minuteOfDay: number, before: number, after: number): number {
  const wall = dayNumber * DAY_MS + minuteOfDay * MINUTE_MS;
  if (before === after) return wall - before * MINUTE_MS;
  const early = wall - before * MINUTE_MS; // reading the wall time with the offset in force before the change
  const late = wall - after * MINUTE_MS; // ... and with the offset in force after it
  const earlyValid = tzOffset(timeZone, new Date(early)) === before;
  const lateValid = tzOffset(timeZone, new Date(late)) === after;
  if (earlyValid && lateValid) return Math.min(early, late); // overlap: the first occurrence
  if (earlyValid) return early;
  if (lateValid) return late;
  return early; // gap: pushed forward by the length of the gap
}

/** The instant local day `dayNumber` (days since 1970-01-01 on the calendar of `timeZone`) begins. */
export function startOfLocalDay(timeZone: string, dayNumber: number): number {
  const before = tzOffset(timeZone, new Date((dayNumber - 1) * DAY_MS));
  const after = tzOffset(timeZone, new Date((dayNumber + 1) * DAY_MS));
  return localToInstant(timeZone, dayNumber, 0, before, after);
}

/** Local calendar date of an instant in `timeZone`, as a day number (days since 1970-01-01 on that calendar). */
function localDayNumber(timeZone: string, instant: number): number {
  const offset = tzOffset(timeZone, new Date(instant));
  return Math.floor((instant + offset * MINUTE_MS) / DAY_MS);
}

/**
 * Whole minutes (rounded down) from `from` to `to` (epoch ms).
 *
 * - `hours` null: plain wall-clock minutes.
 * - with working hours: only time inside the working windows counts; a window is [start, end) of each working day in
 *   the office time zone, measured in real elapsed time, so a window containing a DST change is an hour shorter
 *   (spring) or longer (autumn) than its clock reading.
 * - `from` >= `to` -> 0.
 *
 * Cost: one step per calendar day of the span (two Intl offset look-ups per working day), so years are cheap.
 * Throws RangeError on a non-finite instant, an unknown time zone or malformed HH:MM (validate with workingHoursSchema).
 */
export function elapsedMinutes(from: number, to: number, hours: WorkingHours | null): number {
  if (!Number.isFinite(from) || !Number.isFinite(to)) throw new RangeError('elapsedMinutes: instants must be finite numbers');
  if (from >= to) return 0;
  if (hours === null) return Math.floor((to - from) / MINUTE_MS);

  const { timeZone } = hours;
  if (!isKnownTimeZone(timeZone)) throw new RangeError(`elapsedMinutes: unknown time zone ${JSON.stringify(timeZone)}`);
  const startMinute = parseClockTime(hours.start);
  const endMinute = parseClockTime(hours.end);
  if (startMinute === null || endMinute === null) throw new RangeError('elapsedMinutes: start and end must be HH:MM');
  if (endMinute <= startMinute) return 0;
  const workDays = new Set(hours.days);

  // A day's window lies within that local day, so only the local days of `from` through `to` can contribute.
  const firstDay = localDayNumber(timeZone, from);
  const lastDay = localDayNumber(timeZone, to);
  let total = 0;
  for (let dayNumber = firstDay; dayNumber <= lastDay; dayNumber++) {
    // 1970-01-01 was a Thursday (ISO 4); the local calendar date is carried as a UTC day number.
    const isoWeekday = ((((dayNumber + 3) % 7) + 7) % 7) + 1;
    if (!workDays.has(isoWeekday)) continue;
    // Offsets a day either side of this local day, shared by both window edges (2 Intl calls per working day).
    const before = tzOffset(timeZone, new Date((dayNumber - 1) * DAY_MS));
    const after = tzOffset(timeZone, new Date((dayNumber + 2) * DAY_MS));
    const windowStart = Math.max(from, localToInstant(timeZone, dayNumber, startMinute, before, after));
    const windowEnd = Math.min(to, localToInstant(timeZone, dayNumber, endMinute, before, after));
    if (windowEnd > windowStart) total += windowEnd - windowStart;
  }
  return Math.floor(total / MINUTE_MS);
}

/** green below `amberMinutes`, amber from `amberMinutes`, red from `redMinutes` (red wins if thresholds overlap). */
export function slaLevel(minutes: number, thresholds: SlaThresholds): SlaLevel {
  if (minutes >= thresholds.redMinutes) return 'red';
  if (minutes >= thresholds.amberMinutes) return 'amber';
  return 'green';
}

/**
 * The p-th percentile (0 <= p <= 100) by the nearest-rank method: the smallest value such that at least p% of the
 * values are <= it, i.e. the ceil(p/100 * n)-th smallest (p = 0 gives the minimum). Always one of the given values;
 * the median (p = 50) of an even count is the lower of the two middle values. The input need not be sorted and is
 * not modified. Empty input -> null. Throws RangeError for p outside 0..100 or a non-finite value.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (!Number.isFinite(p) || p < 0 || p > 100) throw new RangeError('percentile: p must be between 0 and 100');
  if (values.length === 0) return null;
  if (values.some((v) => !Number.isFinite(v))) throw new RangeError('percentile: values must be finite numbers');
  const sorted = [...values].sort((a, b) => a - b);
  // (p * n) / 100 rather than p / 100 * n: 70 / 100 * 10 is 7.000000000000001 in floating point, which would round up.
  const rank = Math.max(1, Math.ceil((p * sorted.length) / 100 - 1e-9));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

/** The median by the same nearest-rank rule as percentile (lower middle value of an even count). */
export function median(values: readonly number[]): number | null {
  return percentile(values, 50);
}
