import { describe, expect, it } from 'vitest';
import { DEFAULT_OFFICE_SETTINGS } from '../../src-shared/settings/types';

const SLA_THRESHOLDS = { amberMinutes: DEFAULT_OFFICE_SETTINGS.slaAmberMinutes, redMinutes: DEFAULT_OFFICE_SETTINGS.slaRedMinutes };
import {
  DEFAULT_WORKING_HOURS,
  elapsedMinutes,
  median,
  parseClockTime,
  percentile,
  slaLevel,
  workingHoursSchema,
  type WorkingHours,
} from '../../src-shared/sla/working-time';

/**
 * Instants are written as ISO strings with an explicit UTC offset, so every expected value below can be checked by
 * hand without trusting the module's own time-zone code. Calendar used (2025):
 *   Tue 4 Mar, Fri 7 Mar, Mon 10 Mar; Fri 28 Mar, Sun 30 Mar (Warsaw springs forward 02:00 CET -> 03:00 CEST, at
 *   01:00Z), Mon 31 Mar; Fri 24 Oct, Sun 26 Oct (Warsaw falls back 03:00 CEST -> 02:00 CET, at 01:00Z), Mon 27 Oct.
 *   New York: Sun 9 Mar springs forward (02:00 EST -> 03:00 EDT), Sun 2 Nov falls back (02:00 EDT -> 01:00 EST).
 * Warsaw is +01:00 (CET) in winter and +02:00 (CEST) in summer.
 */
const at = (iso: string): number => {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`bad test date ${iso}`);
  return ms;
};

const WARSAW = DEFAULT_WORKING_HOURS; // Mon-Fri 09:00-17:00 Europe/Warsaw
const hours = (over: Partial<WorkingHours>): WorkingHours => ({ ...DEFAULT_WORKING_HOURS, ...over });
/** An office open round the clock on Sundays only: the whole Sunday is one window, switch hour included. */
const SUNDAYS_ALL_DAY = hours({ days: [7], start: '00:00', end: '24:00' });
const NEW_YORK = hours({ timeZone: 'America/New_York' });

describe('the test calendar itself', () => {
  it('has the weekdays the comments claim', () => {
    const weekday = (d: string) => new Date(`${d}T12:00:00Z`).getUTCDay(); // 0 = Sunday
    expect([weekday('2025-03-04'), weekday('2025-03-07'), weekday('2025-03-10')]).toEqual([2, 5, 1]);
    expect([weekday('2025-03-28'), weekday('2025-03-30'), weekday('2025-03-31')]).toEqual([5, 0, 1]);
    expect([weekday('2025-10-24'), weekday('2025-10-26'), weekday('2025-10-27')]).toEqual([5, 0, 1]);
    expect([weekday('2025-03-09'), weekday('2025-11-02')]).toEqual([0, 0]);
  });
});

describe('elapsedMinutes with the default hours (Mon-Fri 09:00-17:00, Europe/Warsaw)', () => {
  it('counts plain minutes within one working day', () => {
    // Tue 10:15 -> 11:47 = 1 h 32 min = 92.
    expect(elapsedMinutes(at('2025-03-04T10:15:00+01:00'), at('2025-03-04T11:47:00+01:00'), WARSAW)).toBe(92);
  });

  it('rounds down to whole minutes', () => {
    const ten = at('2025-03-04T10:00:00+01:00');
    expect(elapsedMinutes(ten, ten + 59_999, WARSAW)).toBe(0); // 59.999 s
    expect(elapsedMinutes(ten, ten + 60_000, WARSAW)).toBe(1);
    expect(elapsedMinutes(ten, ten + 150_000, WARSAW)).toBe(2); // 2.5 min
  });

  it('starts counting at opening time when the lead came before it', () => {
    // Tue 07:30 -> 10:15: 07:30-09:00 is closed, 09:00-10:15 = 75.
    expect(elapsedMinutes(at('2025-03-04T07:30:00+01:00'), at('2025-03-04T10:15:00+01:00'), WARSAW)).toBe(75);
  });

  it('stops counting at closing time', () => {
    // Tue 15:20 -> 19:00: 15:20-17:00 = 100, 17:00-19:00 is closed.
    expect(elapsedMinutes(at('2025-03-04T15:20:00+01:00'), at('2025-03-04T19:00:00+01:00'), WARSAW)).toBe(100);
    // Both ends outside the window: Tue 06:00 -> 20:00 = the whole 8 h window = 480.
    expect(elapsedMinutes(at('2025-03-04T06:00:00+01:00'), at('2025-03-04T20:00:00+01:00'), WARSAW)).toBe(480);
  });

  it('treats the window as [start, end): the closing minute and the time before opening count for nothing', () => {
    expect(elapsedMinutes(at('2025-03-04T17:00:00+01:00'), at('2025-03-04T17:30:00+01:00'), WARSAW)).toBe(0);
    expect(elapsedMinutes(at('2025-03-04T08:00:00+01:00'), at('2025-03-04T09:00:00+01:00'), WARSAW)).toBe(0);
    // Tue 17:30 -> Wed 08:59: evening, night and early morning, all closed.
    expect(elapsedMinutes(at('2025-03-04T17:30:00+01:00'), at('2025-03-05T08:59:00+01:00'), WARSAW)).toBe(0);
  });

  it('skips the weekend: Friday 16:50 -> Monday 09:10 = 20 minutes', () => {
    // Fri 16:50-17:00 = 10, Sat and Sun closed, Mon 09:00-09:10 = 10.
    expect(elapsedMinutes(at('2025-03-07T16:50:00+01:00'), at('2025-03-10T09:10:00+01:00'), WARSAW)).toBe(20);
  });

  it('counts a lead received at night from 09:00', () => {
    // Tue 23:40 -> Wed 09:25: only Wed 09:00-09:25 counts = 25.
    expect(elapsedMinutes(at('2025-03-04T23:40:00+01:00'), at('2025-03-05T09:25:00+01:00'), WARSAW)).toBe(25);
    const night = at('2025-03-05T02:00:00+01:00');
    expect(elapsedMinutes(night, at('2025-03-05T09:00:00+01:00'), WARSAW)).toBe(0);
    expect(elapsedMinutes(night, at('2025-03-05T09:01:00+01:00'), WARSAW)).toBe(1);
  });

  it('counts a lead received on Saturday from Monday 09:00', () => {
    // Sat 14:00 -> Mon 09:05 = 5.
    expect(elapsedMinutes(at('2025-03-08T14:00:00+01:00'), at('2025-03-10T09:05:00+01:00'), WARSAW)).toBe(5);
  });

  it('adds up several days', () => {
    // Mon 3 Mar 12:00 -> Wed 5 Mar 12:00: Mon 12-17 = 300, Tue 480, Wed 09-12 = 180; total 960.
    expect(elapsedMinutes(at('2025-03-03T12:00:00+01:00'), at('2025-03-05T12:00:00+01:00'), WARSAW)).toBe(960);
    // Mon 09:00 -> next Mon 09:00 = five 8 h days = 2400.
    expect(elapsedMinutes(at('2025-03-03T09:00:00+01:00'), at('2025-03-10T09:00:00+01:00'), WARSAW)).toBe(2400);
  });

  it('gives 0 when from is after to, or equal to it', () => {
    const a = at('2025-03-04T10:00:00+01:00');
    const b = at('2025-03-04T11:00:00+01:00');
    expect(elapsedMinutes(b, a, WARSAW)).toBe(0);
    expect(elapsedMinutes(b, a, null)).toBe(0);
    expect(elapsedMinutes(a, a, WARSAW)).toBe(0);
    expect(elapsedMinutes(a, a, null)).toBe(0);
  });

  it('ignores the weekday switch-over of DST: a weekday office loses no working time over the switch weekends', () => {
    // Fri 28 Mar 16:00 CET -> Mon 31 Mar 10:00 CEST: Fri 16-17 = 60, Mon 09-10 = 60; total 120.
    expect(elapsedMinutes(at('2025-03-28T16:00:00+01:00'), at('2025-03-31T10:00:00+02:00'), WARSAW)).toBe(120);
    // Fri 24 Oct 16:00 CEST -> Mon 27 Oct 10:00 CET: the same 120.
    expect(elapsedMinutes(at('2025-10-24T16:00:00+02:00'), at('2025-10-27T10:00:00+01:00'), WARSAW)).toBe(120);
  });
});

describe('elapsedMinutes with null hours (wall clock)', () => {
  it('counts every minute, nights and weekends included', () => {
    // Fri 16:50 -> Mon 09:10 = 3 days less 7 h 40 min = 72 h - 7 h 40 min = 64 h 20 min = 3860.
    expect(elapsedMinutes(at('2025-03-07T16:50:00+01:00'), at('2025-03-10T09:10:00+01:00'), null)).toBe(3860);
  });

  it('counts real elapsed time across DST changes', () => {
    // Sat 29 Mar 12:00 CET (11:00Z) -> Mon 31 Mar 12:00 CEST (10:00Z) = 47 h = 2820 (the clock says 48 h).
    expect(elapsedMinutes(at('2025-03-29T12:00:00+01:00'), at('2025-03-31T12:00:00+02:00'), null)).toBe(2820);
    // Sat 25 Oct 12:00 CEST (10:00Z) -> Mon 27 Oct 12:00 CET (11:00Z) = 49 h = 2940.
    expect(elapsedMinutes(at('2025-10-25T12:00:00+02:00'), at('2025-10-27T12:00:00+01:00'), null)).toBe(2940);
  });
});

describe('elapsedMinutes across the DST switches in Europe/Warsaw', () => {
  it('gives the March Sunday 23 hours (1380 min) in a Sunday office open 00:00-24:00', () => {
    // Window: Sun 30 Mar 00:00 CET (29 Mar 23:00Z) -> Mon 31 Mar 00:00 CEST (30 Mar 22:00Z) = 23 h = 1380.
    expect(elapsedMinutes(at('2025-03-29T12:00:00+01:00'), at('2025-03-31T12:00:00+02:00'), SUNDAYS_ALL_DAY)).toBe(1380);
  });

  it('gives the October Sunday 25 hours (1500 min) in the same office', () => {
    // Window: Sun 26 Oct 00:00 CEST (25 Oct 22:00Z) -> Mon 27 Oct 00:00 CET (26 Oct 23:00Z) = 25 h = 1500.
    expect(elapsedMinutes(at('2025-10-25T12:00:00+02:00'), at('2025-10-27T12:00:00+01:00'), SUNDAYS_ALL_DAY)).toBe(1500);
  });

  it('counts real time when the span starts or ends inside the switch day', () => {
    // Sun 30 Mar 01:30 CET (00:30Z) -> 03:30 CEST (01:30Z): the clock moves 2 h, 1 h really passes = 60.
    expect(elapsedMinutes(at('2025-03-30T01:30:00+01:00'), at('2025-03-30T03:30:00+02:00'), SUNDAYS_ALL_DAY)).toBe(60);
    // Sun 26 Oct 02:30 CEST (00:30Z) -> 02:30 CET (01:30Z): the clock reads the same, 1 h really passes = 60.
    expect(elapsedMinutes(at('2025-10-26T02:30:00+02:00'), at('2025-10-26T02:30:00+01:00'), SUNDAYS_ALL_DAY)).toBe(60);
  });

  it('makes a 01:00-04:00 window 2 real hours in March and 4 in October', () => {
    const earlyShift = hours({ days: [7], start: '01:00', end: '04:00' });
    // March: 01:00 CET = 00:00Z, 04:00 CEST = 02:00Z -> 120.
    expect(elapsedMinutes(at('2025-03-30T00:00:00+01:00'), at('2025-03-30T12:00:00+02:00'), earlyShift)).toBe(120);
    // October: 01:00 CEST = 25 Oct 23:00Z, 04:00 CET = 03:00Z -> 240.
    expect(elapsedMinutes(at('2025-10-26T00:00:00+02:00'), at('2025-10-26T12:00:00+01:00'), earlyShift)).toBe(240);
  });

  it('resolves a window edge on a skipped or repeated clock time like Temporal "compatible"', () => {
    const lateStart = hours({ days: [7], start: '02:30', end: '05:00' });
    // March: 02:30 does not exist; it becomes 03:30 CEST (01:30Z). 05:00 CEST = 03:00Z -> 90.
    expect(elapsedMinutes(at('2025-03-30T00:00:00+01:00'), at('2025-03-30T12:00:00+02:00'), lateStart)).toBe(90);
    // October: 02:30 happens twice; the first one, 02:30 CEST (00:30Z), is taken. 05:00 CET = 04:00Z -> 210.
    expect(elapsedMinutes(at('2025-10-26T00:00:00+02:00'), at('2025-10-26T12:00:00+01:00'), lateStart)).toBe(210);
  });

  it('equals the wall clock for an office open round the clock every day, across both switches', () => {
    const always = hours({ days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00' });
    // Deterministic pseudo-random spans over 2025 (a small LCG), so the test is repeatable.
    let seed = 12345;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const yearStart = at('2025-01-01T00:00:00+01:00');
    for (let i = 0; i < 200; i++) {
      const from = yearStart + Math.floor(next() * 365 * 86_400_000);
      const to = from + Math.floor(next() * 10 * 86_400_000);
      expect(elapsedMinutes(from, to, always), `${new Date(from).toISOString()} -> ${new Date(to).toISOString()}`).toBe(
        elapsedMinutes(from, to, null),
      );
    }
  });
});

describe('elapsedMinutes in another time zone (America/New_York, Mon-Fri 09:00-17:00)', () => {
  it('uses the office zone, not Warsaw', () => {
    // Mon 10 Mar 08:00 EDT (12:00Z) -> 10:30 EDT (14:30Z): New York opens at 09:00 -> 90.
    const from = at('2025-03-10T08:00:00-04:00');
    const to = at('2025-03-10T10:30:00-04:00');
    expect(elapsedMinutes(from, to, NEW_YORK)).toBe(90);
    // The same instants are 13:00 -> 15:30 CET in Warsaw, all inside working hours -> 150.
    expect(elapsedMinutes(from, to, WARSAW)).toBe(150);
  });

  it('handles the New York weekend that contains its own DST switch', () => {
    // Fri 7 Mar 16:00 EST (21:00Z) -> Mon 10 Mar 10:00 EDT (14:00Z): Fri 16-17 = 60, Mon 09-10 = 60 -> 120.
    const from = at('2025-03-07T16:00:00-05:00');
    const to = at('2025-03-10T10:00:00-04:00');
    expect(elapsedMinutes(from, to, NEW_YORK)).toBe(120);
    // Seen from Warsaw: Fri 22:00 CET (closed) -> Mon 15:00 CET: Mon 09-15 = 360.
    expect(elapsedMinutes(from, to, WARSAW)).toBe(360);
    // Wall clock: 21:00Z Fri -> 14:00Z Mon = 65 h = 3900.
    expect(elapsedMinutes(from, to, null)).toBe(3900);
  });

  it('gives its switch Sundays 23 and 25 hours', () => {
    const nySundays = hours({ timeZone: 'America/New_York', days: [7], start: '00:00', end: '24:00' });
    // Sun 9 Mar: 00:00 EST (05:00Z) -> Mon 00:00 EDT (10 Mar 04:00Z) = 23 h.
    expect(elapsedMinutes(at('2025-03-08T12:00:00-05:00'), at('2025-03-10T12:00:00-04:00'), nySundays)).toBe(1380);
    // Sun 2 Nov: 00:00 EDT (04:00Z) -> Mon 00:00 EST (3 Nov 05:00Z) = 25 h.
    expect(elapsedMinutes(at('2025-11-01T12:00:00-04:00'), at('2025-11-03T12:00:00-05:00'), nySundays)).toBe(1500);
  });
});

describe('elapsedMinutes with other working hours', () => {
  it('handles an odd schedule given in any day order', () => {
    // Mon and Sat, 08:30-16:15 (465 min a day). Fri 7 Mar 12:00 -> Mon 10 Mar 10:00: Sat all day 465, Mon 08:30-10:00 = 90.
    const odd = hours({ days: [6, 1], start: '08:30', end: '16:15' });
    expect(elapsedMinutes(at('2025-03-07T12:00:00+01:00'), at('2025-03-10T10:00:00+01:00'), odd)).toBe(555);
  });

  it('refuses hours it cannot interpret instead of guessing', () => {
    const a = at('2025-03-04T10:00:00+01:00');
    expect(() => elapsedMinutes(a, a + 60_000, hours({ timeZone: 'Europe/Warszawa' }))).toThrow(RangeError);
    expect(() => elapsedMinutes(a, a + 60_000, hours({ start: '9:00' }))).toThrow(RangeError);
    expect(() => elapsedMinutes(Number.NaN, a, WARSAW)).toThrow(RangeError);
  });
});

describe('elapsedMinutes over long spans', () => {
  it('measures two years of weekdays exactly and fast', () => {
    // Mon 1 Jan 2024 00:00 CET -> Thu 1 Jan 2026 00:00 CET.
    // Independent count of weekdays, on plain UTC calendar dates (no time zones involved):
    let weekdays = 0;
    for (let d = Date.UTC(2024, 0, 1); d < Date.UTC(2026, 0, 1); d += 86_400_000) {
      const day = new Date(d).getUTCDay();
      if (day >= 1 && day <= 5) weekdays++;
    }
    // By hand: 2024 has 366 days starting on a Monday = 52 weeks + Mon, Tue -> 262;
    // 2025 has 365 days starting on a Wednesday = 52 weeks + Wed -> 261. Total 523.
    expect(weekdays).toBe(523);

    const from = at('2024-01-01T00:00:00+01:00');
    const to = at('2026-01-01T00:00:00+01:00');
    const started = performance.now();
    const minutes = elapsedMinutes(from, to, WARSAW);
    const took = performance.now() - started;
    expect(minutes).toBe(weekdays * 8 * 60); // 251 040
    expect(minutes).toBe(251_040);
    expect(took).toBeLessThan(50);
  });
});

describe('slaLevel', () => {
  it('turns amber at 5 and red at 60 with the standard thresholds', () => {
    expect(slaLevel(0, SLA_THRESHOLDS)).toBe('green');
    expect(slaLevel(4, SLA_THRESHOLDS)).toBe('green');
    expect(slaLevel(5, SLA_THRESHOLDS)).toBe('amber');
    expect(slaLevel(59, SLA_THRESHOLDS)).toBe('amber');
    expect(slaLevel(60, SLA_THRESHOLDS)).toBe('red');
    expect(slaLevel(10_000, SLA_THRESHOLDS)).toBe('red');
  });

  it('follows other thresholds', () => {
    const t = { amberMinutes: 30, redMinutes: 120 };
    expect([slaLevel(29, t), slaLevel(30, t), slaLevel(119, t), slaLevel(120, t)]).toEqual(['green', 'amber', 'amber', 'red']);
  });
});

describe('percentile (nearest rank)', () => {
  it('gives null for no values', () => {
    expect(percentile([], 50)).toBeNull();
    expect(median([])).toBeNull();
  });

  it('picks the ceil(p/100 * n)-th smallest value', () => {
    // The textbook example: 15, 20, 35, 40, 50 (n = 5).
    const values = [40, 15, 50, 35, 20]; // unsorted on purpose
    expect(percentile(values, 5)).toBe(15); // ceil(0.25) = 1st
    expect(percentile(values, 30)).toBe(20); // ceil(1.5) = 2nd
    expect(percentile(values, 40)).toBe(20); // ceil(2) = 2nd
    expect(percentile(values, 50)).toBe(35); // ceil(2.5) = 3rd
    expect(percentile(values, 100)).toBe(50); // 5th
    expect(percentile(values, 0)).toBe(15); // the minimum
    expect(values).toEqual([40, 15, 50, 35, 20]); // input untouched
  });

  it('takes the lower middle value as the median of an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2); // ceil(0.5 * 4) = 2nd
    expect(median([7])).toBe(7);
  });

  it('is not fooled by floating point (0.7 * 10 = 7.000000000000001)', () => {
    const oneToTen = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(percentile(oneToTen, 70)).toBe(7);
    expect(percentile(oneToTen, 90)).toBe(9);
    expect(percentile(oneToTen, 91)).toBe(10);
  });

  it('refuses p outside 0..100 and non-finite values', () => {
    expect(() => percentile([1], -1)).toThrow(RangeError);
    expect(() => percentile([1], 101)).toThrow(RangeError);
    expect(() => percentile([1, Number.NaN], 50)).toThrow(RangeError);
  });
});

describe('workingHoursSchema', () => {
  const issues = (input: unknown) => {
    const r = workingHoursSchema.safeParse(input);
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('accepts the defaults and fills in the Warsaw zone', () => {
    expect(workingHoursSchema.parse(DEFAULT_WORKING_HOURS)).toEqual(DEFAULT_WORKING_HOURS);
    expect(workingHoursSchema.parse({ days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' })).toEqual(DEFAULT_WORKING_HOURS);
    const parsed: WorkingHours = workingHoursSchema.parse({ timeZone: 'America/New_York', days: [7], start: '00:00', end: '24:00' });
    expect(parsed.end).toBe('24:00');
  });

  it('refuses an unknown zone or a bare UTC offset', () => {
    expect(issues({ ...DEFAULT_WORKING_HOURS, timeZone: 'Europe/Warszawa' })).toEqual([
      'timeZone: Unknown time zone; use an IANA name such as Europe/Warsaw',
    ]);
    expect(issues({ ...DEFAULT_WORKING_HOURS, timeZone: '+01:00' })).toHaveLength(1);
    expect(issues({ ...DEFAULT_WORKING_HOURS, timeZone: '' })).toHaveLength(1);
  });

  it('refuses no days, repeated days and days outside 1..7', () => {
    expect(issues({ ...DEFAULT_WORKING_HOURS, days: [] })).toEqual(['days: Choose at least one working day']);
    expect(issues({ ...DEFAULT_WORKING_HOURS, days: [1, 1] })).toEqual(['days: Each working day may be listed only once']);
    expect(issues({ ...DEFAULT_WORKING_HOURS, days: [0] })).toEqual(['days.0: Working days are ISO weekdays 1 (Monday) to 7 (Sunday)']);
    expect(issues({ ...DEFAULT_WORKING_HOURS, days: [8] })).toEqual(['days.0: Working days are ISO weekdays 1 (Monday) to 7 (Sunday)']);
    expect(issues({ ...DEFAULT_WORKING_HOURS, days: [1.5] })).toHaveLength(1);
  });

  it('refuses a closing time not after the opening time', () => {
    expect(issues({ ...DEFAULT_WORKING_HOURS, start: '17:00', end: '09:00' })).toEqual(['end: Closing time must be after opening time']);
    expect(issues({ ...DEFAULT_WORKING_HOURS, start: '09:00', end: '09:00' })).toEqual(['end: Closing time must be after opening time']);
  });

  it('refuses times that are not HH:MM within 00:00-24:00', () => {
    for (const bad of ['9:00', '09:60', '24:01', '25:00', '0900', '']) {
      expect(issues({ ...DEFAULT_WORKING_HOURS, start: bad }), bad).toEqual(['start: Opening time must be a time HH:MM between 00:00 and 24:00']);
    }
    expect(issues({ ...DEFAULT_WORKING_HOURS, end: '17:00:00' })).toEqual(['end: Closing time must be a time HH:MM between 00:00 and 24:00']);
  });

  it('refuses unknown keys', () => {
    expect(issues({ ...DEFAULT_WORKING_HOURS, lunch: '12:00' })).toHaveLength(1);
  });

  it('parses clock times to minutes after midnight', () => {
    expect([parseClockTime('00:00'), parseClockTime('09:30'), parseClockTime('23:59'), parseClockTime('24:00')]).toEqual([0, 570, 1439, 1440]);
    expect(parseClockTime('24:30')).toBeNull();
  });
});
