import { z } from 'zod';
import type { Role } from '../users/types';
import { DEFAULT_TIME_ZONE, isKnownTimeZone, workingHoursSchema } from '../sla/working-time';

export const PERMISSIONS = ['lead.unlink'] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const SOURCE_KINDS = ['website', 'portal', 'social', 'phone', 'walk_in', 'other'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export const loadDemoInput = z.object({}).strict();

/** Office-wide settings an admin changes. */
export const officeSettingsSchema = z
  .object({
    /** ISO 3166 country whose numbers may be typed without the +country prefix. */
    phoneRegion: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{2}$/, 'Use a two-letter country code such as PL, DE or UA'),
    /** When a lead becomes a client with a phone, the first call is planned this many minutes later. */
    firstCallDueMinutes: z.number().int().min(0, 'At least 0 minutes').max(7 * 24 * 60, 'At most a week'),
    /** Advisors see every lead and client (on), or unassigned leads and their own only (off). */
    teamSeesAll: z.boolean(),
    /** Days after an offer is sent when follow-up calls are planned. */
    followUpDays: z.array(z.number().int().min(1, 'At least 1 day').max(365, 'At most 365 days')).max(10, 'At most 10 follow-ups'),
    /** A client with no done activity for this many days (and not won or lost) is flagged cold. */
    coldAfterDays: z.number().int().min(1, 'At least 1 day').max(365, 'At most 365 days'),
    /** Response-time thresholds in minutes: amber from the first, red from the second. */
    slaAmberMinutes: z.number().int().min(1).max(10_000),
    slaRedMinutes: z.number().int().min(1).max(100_000),
    /** When set, response times count working minutes only (days, hours, time zone); null: every minute counts. */
    workingHours: workingHoursSchema.nullable(),
    /** The office's time zone: reports count days and months on its calendar. */
    timeZone: z.string().refine(isKnownTimeZone, { message: 'Unknown time zone; use an IANA name such as Europe/Warsaw' }),
    /** ISO 4217 code of the currency marketing spend is entered in. */
    currency: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{3}$/, 'Use a three-letter currency code such as PLN or EUR'),
    /** Why clients are lost: the list a salesperson picks from. */
    lostReasons: z
      .array(z.string().trim().min(1, 'A reason cannot be empty').max(80, 'At most 80 characters a reason'))
      .min(1, 'Keep at least one reason')
      .max(30, 'At most 30 reasons')
      .refine((rs) => new Set(rs).size === rs.length, 'Each reason once'),
  })
  .strict();
export type OfficeSettings = z.infer<typeof officeSettingsSchema>;
export const DEFAULT_OFFICE_SETTINGS: OfficeSettings = { phoneRegion: 'PL', firstCallDueMinutes: 15, teamSeesAll: false, followUpDays: [2, 7, 14], coldAfterDays: 30,
  lostReasons: ['Price', 'Location', 'Chose another developer', 'No financing', 'Stopped looking', 'Other'],
  slaAmberMinutes: 5, slaRedMinutes: 60, workingHours: null, timeZone: DEFAULT_TIME_ZONE, currency: 'PLN' };
export const officeSettingsUpdateInput = officeSettingsSchema.partial().strict();

export const deletionReasonSaveInput = z
  .object({
    /** Omit to add a new reason. */
    id: z.string().min(1).max(64).optional(),
    label: z.string().trim().min(1, 'Enter the reason').max(80, 'At most 80 characters'),
    /** Omit to keep it as it is (new reasons start in use). */
    active: z.boolean().optional(),
    sortOrder: z.number().int().min(0).max(10_000).optional(),
  })
  .strict();

export interface DeletionReason {
  id: string;
  label: string;
  sortOrder: number;
  active: boolean;
}

/** The lists the renderer picks from: sources, investments, people, reasons, plus the office settings. */
export interface Lookups {
  sources: { id: string; name: string; kind: SourceKind; active: boolean }[];
  investments: { id: string; name: string; city: string | null; active: boolean }[];
  users: { id: string; displayName: string; role: Role; active: boolean }[];
  deletionReasons: DeletionReason[];
  settings: OfficeSettings;
}
