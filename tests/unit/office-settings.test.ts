import { describe, expect, it } from 'vitest';
import type { OfficeSettings } from '../../src-shared/settings/types';
import { DEFAULT_OFFICE_SETTINGS } from '../../src-shared/settings/types';
import { ok, testCore } from '../helpers/temp';

async function adminCore() {
  const core = testCore();
  await ok(core.call('w', 'setup.loadDemo', {}));
  await ok(core.call('w', 'auth.signIn', { username: 'admin', password: 'demo2026' }));
  return core;
}

describe('office settings: response times and working hours', () => {
  it('starts with every minute counting and thresholds of 5 and 60 minutes', async () => {
    const core = await adminCore();
    const lookups = await ok<{ settings: OfficeSettings }>(core.call('w', 'lookups.get', {}));
    expect(lookups.settings).toEqual(DEFAULT_OFFICE_SETTINGS);
    expect(lookups.settings).toMatchObject({ slaAmberMinutes: 5, slaRedMinutes: 60, workingHours: null });
  });

  it('keeps working hours and thresholds an admin sets, and turns them off again', async () => {
    const core = await adminCore();
    const hours = { timeZone: 'Europe/Warsaw', days: [1, 2, 3, 4, 5], start: '08:30', end: '17:30' };
    const saved = await ok<OfficeSettings>(core.call('w', 'settings.update', { slaAmberMinutes: 10, slaRedMinutes: 120, workingHours: hours }));
    expect(saved).toMatchObject({ slaAmberMinutes: 10, slaRedMinutes: 120, workingHours: hours });
    expect((await ok<{ settings: OfficeSettings }>(core.call('w', 'lookups.get', {}))).settings.workingHours).toEqual(hours);
    expect((await ok<OfficeSettings>(core.call('w', 'settings.update', { workingHours: null }))).workingHours).toBeNull();
  });

  it('refuses an unknown time zone or closing before opening, changing nothing', async () => {
    const core = await adminCore();
    for (const workingHours of [
      { timeZone: 'Mars/Olympus', days: [1], start: '09:00', end: '17:00' },
      { timeZone: 'Europe/Warsaw', days: [1], start: '17:00', end: '09:00' },
      { timeZone: 'Europe/Warsaw', days: [], start: '09:00', end: '17:00' },
    ]) {
      const result = await core.call('w', 'settings.update', { workingHours });
      expect(result.ok ? '' : result.error.code).toBe('VALIDATION');
    }
    expect((await ok<{ settings: OfficeSettings }>(core.call('w', 'lookups.get', {}))).settings.workingHours).toBeNull();
  });
});

describe('office settings: the pipeline lists', () => {
  it('keeps lost reasons, follow-up days and the cold threshold an admin sets', async () => {
    const core = await adminCore();
    const saved = await ok<OfficeSettings>(core.call('w', 'settings.update', { lostReasons: ['Cena', ' Lokalizacja '], followUpDays: [3], coldAfterDays: 45 }));
    expect(saved).toMatchObject({ lostReasons: ['Cena', 'Lokalizacja'], followUpDays: [3], coldAfterDays: 45 });
    expect((await ok<{ settings: OfficeSettings }>(core.call('w', 'lookups.get', {}))).settings).toMatchObject({ lostReasons: ['Cena', 'Lokalizacja'], followUpDays: [3], coldAfterDays: 45 });
  });

  it('refuses an empty list, a repeated or blank reason, and days out of range, with a clear message, changing nothing', async () => {
    const core = await adminCore();
    const cases: [Partial<OfficeSettings>, string][] = [
      [{ lostReasons: [] }, 'Keep at least one reason'],
      [{ lostReasons: ['Cena', 'Cena'] }, 'Each reason once'],
      [{ lostReasons: ['Cena', '  '] }, 'A reason cannot be empty'],
      [{ followUpDays: [0] }, 'At least 1 day'],
      [{ coldAfterDays: 400 }, 'At most 365 days'],
    ];
    for (const [update, message] of cases) {
      const result = await core.call('w', 'settings.update', update);
      expect(result.ok ? '' : result.error.code).toBe('VALIDATION');
      expect(result.ok ? '' : result.error.message).toContain(message);
    }
    expect((await ok<{ settings: OfficeSettings }>(core.call('w', 'lookups.get', {}))).settings).toEqual(DEFAULT_OFFICE_SETTINGS);
  });
});
