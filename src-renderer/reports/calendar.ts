/** Office-local calendar days ('YYYY-MM-DD') and months ('YYYY-MM') for the report pickers. */

const pad = (n: number) => String(n).padStart(2, '0');

/** Today's date on the office's calendar (falls back to this computer's zone for an unknown zone). */
export function todayIn(timeZone: string, now = new Date()): string {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
  } catch {
    parts = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
  }
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '01';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

export const monthOf = (day: string) => day.slice(0, 7);

export function addMonths(month: string, n: number): string {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + n;
  return `${Math.floor(index / 12)}-${pad((index % 12) + 1)}`;
}

export const firstDayOf = (month: string) => `${month}-01`;

export function lastDayOf(month: string): string {
  const days = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate();
  return `${month}-${pad(days)}`;
}

/** Months from..to inclusive, oldest first (empty when from is after to). */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  for (let m = from; m <= to && months.length < 600; m = addMonths(m, 1)) months.push(m);
  return months;
}

export const DAY_PRESETS = ['thisMonth', 'lastMonth', 'last3Months', 'thisYear', 'last12Months', 'custom'] as const;
export type DayPreset = (typeof DAY_PRESETS)[number];
export interface DayRange {
  preset: DayPreset;
  from: string;
  to: string;
}

/** The days of a preset, ending today (whole calendar months back from the current one). */
export function presetDays(preset: Exclude<DayPreset, 'custom'>, today: string): DayRange {
  const month = monthOf(today);
  switch (preset) {
    case 'thisMonth':
      return { preset, from: firstDayOf(month), to: today };
    case 'lastMonth':
      return { preset, from: firstDayOf(addMonths(month, -1)), to: lastDayOf(addMonths(month, -1)) };
    case 'last3Months':
      return { preset, from: firstDayOf(addMonths(month, -2)), to: today };
    case 'thisYear':
      return { preset, from: `${today.slice(0, 4)}-01-01`, to: today };
    case 'last12Months':
      return { preset, from: firstDayOf(addMonths(month, -11)), to: today };
  }
}

export const MONTH_PRESETS = ['last12Months', 'thisYear', 'lastYear', 'custom'] as const;
export type MonthPreset = (typeof MONTH_PRESETS)[number];
export interface MonthRange {
  preset: MonthPreset;
  from: string;
  to: string;
}

export function presetMonths(preset: Exclude<MonthPreset, 'custom'>, today: string): MonthRange {
  const month = monthOf(today);
  const year = Number(today.slice(0, 4));
  switch (preset) {
    case 'last12Months':
      return { preset, from: addMonths(month, -11), to: month };
    case 'thisYear':
      return { preset, from: `${year}-01`, to: month };
    case 'lastYear':
      return { preset, from: `${year - 1}-01`, to: `${year - 1}-12` };
  }
}
