import type Database from 'better-sqlite3';
import type { CountryCode } from 'libphonenumber-js';
import { isSupportedCountry } from 'libphonenumber-js';
import { eq } from 'drizzle-orm';
import { AppError } from '../../src-shared/api/errors';
import { DEFAULT_OFFICE_SETTINGS, officeSettingsSchema, type OfficeSettings } from '../../src-shared/settings/types';
import type { Db } from '../db/open';
import { settings } from '../db/schema';
import { recordChange } from '../sync/change-log';

/**
 * Read on most calls (visibility, phone region), so parsed once per content: the rows' text is the cache key,
 * which also catches writes from other connections (sync, scripts).
 */
const parsedByDatabase = new WeakMap<object, { statement: Database.Statement<[], string | null>; text: string | null; value: OfficeSettings }>();

export function readOfficeSettings(db: Db): OfficeSettings {
  // A transaction object has no $client: read it plainly then.
  const client = (db as { $client?: Database.Database }).$client;
  if (!client) return parseSettings(db);
  let cached = parsedByDatabase.get(client);
  if (!cached) {
    const statement = client.prepare<[], string | null>(`select group_concat(key || '=' || value, char(1)) from (select key, value from settings order by key)`).pluck();
    cached = { statement, text: undefined as unknown as null, value: DEFAULT_OFFICE_SETTINGS };
    parsedByDatabase.set(client, cached);
  }
  const text = cached.statement.get() ?? null;
  if (text === cached.text) return cached.value;
  cached.text = text;
  cached.value = parseSettings(db);
  return cached.value;
}

function parseSettings(db: Db): OfficeSettings {
  const stored = Object.fromEntries(db.select().from(settings).all().map((row) => [row.key, row.value]));
  const parsed = officeSettingsSchema.safeParse({ ...DEFAULT_OFFICE_SETTINGS, ...stored });
  // A value written by a newer version that this one cannot read falls back to the defaults rather than failing.
  return parsed.success ? parsed.data : DEFAULT_OFFICE_SETTINGS;
}

export function phoneRegionOf(db: Db): CountryCode {
  return readOfficeSettings(db).phoneRegion as CountryCode;
}

/** Writes the given settings (each its own row and change record); call inside a transaction. */
export function writeOfficeSettings(tx: Db, patch: Partial<OfficeSettings>, userId: string, now = Date.now()): void {
  if (patch.phoneRegion !== undefined && !isSupportedCountry(patch.phoneRegion)) {
    throw new AppError('VALIDATION', `"${patch.phoneRegion}" is not a country whose phone numbers this app knows.`, [
      { field: 'phoneRegion', message: 'Unknown country code' },
    ]);
  }
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (value === null) {
      // A setting switched off (e.g. working hours): no row; reading falls back to its default, which is null.
      tx.delete(settings).where(eq(settings.key, key)).run();
      recordChange(tx, { entity: 'settings', entityId: key, op: 'delete', data: null, userId }, now);
      continue;
    }
    tx.insert(settings).values({ key, value, updatedAt: now }).onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: now } }).run();
    recordChange(tx, { entity: 'settings', entityId: key, op: 'update', data: { value }, userId }, now);
  }
}
