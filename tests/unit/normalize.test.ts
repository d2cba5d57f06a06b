import { describe, expect, it } from 'vitest';
import { foldText, nameSearchKey, normalizeEmail, normalizePhone } from '../../src-shared/text/normalize';
import { defaultDataDir } from '../../src-main/app/paths';
import { hashPassword, verifyPassword } from '../../src-main/users/passwords';

describe('normalization', () => {
  it('reads a Polish number written any common way as one E.164 number', () => {
    for (const written of ['600 100 200', '600-100-200', '+48 600 100 200', '+48600100200', '0048600100200', '0048-600-100-200', '(+48) 600 100 200', '600100200']) {
      expect(normalizePhone(written), written).toBe('+48600100200');
    }
    expect(normalizePhone('(22) 555 12 34')).toBe('+48225551234');
    expect(normalizePhone('+380 67 123 4567')).toBe('+380671234567');
    expect(normalizePhone('12')).toBeNull();
    expect(normalizePhone('  ')).toBeNull();
  });

  it('folds Polish diacritics, including ł, for search', () => {
    expect(foldText('  Łukasz   SZYMAŃSKI ')).toBe('lukasz szymanski');
    expect(nameSearchKey('Żaneta', 'Kałuża')).toBe('zaneta kaluza');
    expect(nameSearchKey(null, 'Gołębiowski')).toBe('golebiowski');
  });

  it('normalizes e-mail case and spaces', () => {
    expect(normalizeEmail(' J.Kowalski@WP.PL ')).toBe('j.kowalski@wp.pl');
    expect(normalizeEmail('')).toBeNull();
  });
});

describe('passwords', () => {
  it('hashes with scrypt and a fresh salt, and verifies only the right password', async () => {
    const a = await hashPassword('zażółć gęślą jaźń');
    const b = await hashPassword('zażółć gęślą jaźń');
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('zażółć gęślą jaźń', a)).toBe(true);
    expect(await verifyPassword('zazolc gesla jazn', a)).toBe(false);
    expect(await verifyPassword('anything', 'plain-text')).toBe(false);
  });
});

describe('data folder', () => {
  it('matches the folder Electron uses as userData on each platform', () => {
    expect(defaultDataDir('linux', {}, '/home/ola')).toBe('/home/ola/.config/Lead Desk');
    expect(defaultDataDir('linux', { XDG_CONFIG_HOME: '/cfg' }, '/home/ola')).toBe('/cfg/Lead Desk');
    expect(defaultDataDir('darwin', {}, '/Users/ola')).toBe('/Users/ola/Library/Application Support/Lead Desk');
    expect(defaultDataDir('win32', { APPDATA: 'C:\\Users\\ola\\AppData\\Roaming' }, 'C:\\Users\\ola')).toContain('Lead Desk');
  });
});

describe('ids', () => {
  it('are RFC 9562 version-7 UUIDs that sort by creation time', async () => {
    const { newId } = await import('../../src-main/db/ids');
    const a = newId(1_700_000_000_000);
    const b = newId(1_700_000_000_001);
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a < b).toBe(true);
    expect(a.slice(0, 13).replace('-', '')).toBe((1_700_000_000_000).toString(16).padStart(12, '0'));
  });
});

describe('phone display', () => {
  it('formats a normalized number for reading', async () => {
    const { formatPhone } = await import('../../src-shared/text/normalize');
    expect(formatPhone(normalizePhone('0048-600-100-200')!)).toBe('+48 600 100 200');
    expect(formatPhone('not a phone')).toBe('not a phone');
  });
});
