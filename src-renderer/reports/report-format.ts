import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

export interface ReportFormat {
  lang: string;
  int: (n: number) => string;
  pct: (rate: number | null) => string;
  /** Minor units (grosze) as money in the office currency. */
  money: (minor: number | null) => string;
  /** Money without the currency sign, for tables whose header names the currency (1,234.50 / 1234,50). */
  amount: (minor: number | null) => string;
  /** Money without the currency sign and grouping, as typed in an input (1234.50 / 1234,50). */
  amountInput: (minor: number) => string;
  /** Minor units as a plain decimal for CSV (1234.50). */
  amountCsv: (minor: number | null) => string;
  /** Decimal digits of the currency (2 for PLN). */
  minorDigits: number;
  duration: (minutes: number | null) => string;
  month: (month: string) => string;
  monthLong: (month: string) => string;
  day: (day: string) => string;
  /** An instant on the office's clock. */
  dateTime: (ms: number) => string;
}

function currencyFormat(lang: string, currency: string, extra: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  try {
    return new Intl.NumberFormat(lang, { style: 'currency', currency, ...extra });
  } catch {
    return new Intl.NumberFormat(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2, ...extra });
  }
}

export function makeReportFormat(lang: string, currency: string, timeZone: string): ReportFormat {
  const int = new Intl.NumberFormat(lang);
  const pct = new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1 });
  const money = currencyFormat(lang, currency);
  const minorDigits = money.resolvedOptions().maximumFractionDigits ?? 2;
  const scale = 10 ** minorDigits;
  const plain = new Intl.NumberFormat(lang, { minimumFractionDigits: minorDigits, maximumFractionDigits: minorDigits, useGrouping: false });
  const grouped = new Intl.NumberFormat(lang, { minimumFractionDigits: minorDigits, maximumFractionDigits: minorDigits });
  const hours = new Intl.NumberFormat(lang, { style: 'unit', unit: 'hour', unitDisplay: 'narrow' });
  const minutes = new Intl.NumberFormat(lang, { style: 'unit', unit: 'minute', unitDisplay: 'narrow' });
  const days = new Intl.NumberFormat(lang, { style: 'unit', unit: 'day', unitDisplay: 'narrow' });
  const monthShort = new Intl.DateTimeFormat(lang, { month: 'short', year: 'numeric', timeZone: 'UTC' });
  const monthLong = new Intl.DateTimeFormat(lang, { month: 'long', year: 'numeric', timeZone: 'UTC' });
  const day = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeZone: 'UTC' });
  let dateTime: Intl.DateTimeFormat;
  try {
    dateTime = new Intl.DateTimeFormat(lang, { dateStyle: 'short', timeStyle: 'short', timeZone });
  } catch {
    dateTime = new Intl.DateTimeFormat(lang, { dateStyle: 'short', timeStyle: 'short' });
  }
  const monthDate = (m: string) => Date.UTC(Number(m.slice(0, 4)), Number(m.slice(5, 7)) - 1, 1);
  return {
    lang,
    int: (n) => int.format(n),
    pct: (r) => (r === null ? '—' : pct.format(r)),
    money: (m) => (m === null ? '—' : money.format(m / scale)),
    amount: (m) => (m === null ? '—' : grouped.format(m / scale)),
    amountInput: (m) => plain.format(m / scale),
    amountCsv: (m) => (m === null ? '' : (m / scale).toFixed(minorDigits)),
    minorDigits,
    duration: (total) => {
      if (total === null) return '—';
      if (total < 60) return minutes.format(total);
      if (total < 24 * 60) return `${hours.format(Math.floor(total / 60))} ${minutes.format(total % 60)}`;
      return `${days.format(Math.floor(total / 1440))} ${hours.format(Math.floor((total % 1440) / 60))}`;
    },
    month: (m) => monthShort.format(monthDate(m)),
    monthLong: (m) => monthLong.format(monthDate(m)),
    day: (d) => day.format(Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)))),
    dateTime: (ms) => dateTime.format(ms),
  };
}

/** Number, money and date formats in the UI language, on the office's calendar and currency. */
export function useReportFormat(currency: string, timeZone: string): ReportFormat {
  const { i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? i18n.language;
  return useMemo(() => makeReportFormat(lang, currency, timeZone), [lang, currency, timeZone]);
}

/**
 * An amount as typed ("1234.50", "1 234,50", "1234") in minor units; null for an empty field; undefined when it is
 * not an amount with at most `digits` decimals.
 */
export function parseAmount(text: string, digits: number): number | null | undefined {
  const compact = text.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
  if (compact === '') return null;
  const match = new RegExp(`^(\\d+)(?:\\.(\\d{0,${digits}}))?$`).exec(compact);
  if (!match) return undefined;
  const fraction = (match[2] ?? '').padEnd(digits, '0');
  return Number(match[1]) * 10 ** digits + (digits ? Number(fraction) : 0);
}
