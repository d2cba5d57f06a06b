import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import en from '../../src-renderer/i18n/en.json';
import pl from '../../src-renderer/i18n/pl.json';

const PLURAL = /_(zero|one|two|few|many|other)$/;

function keysOf(tree: object, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === 'object' && v !== null ? keysOf(v as object, `${prefix}${k}.`) : [`${prefix}${k}`]));
}
/** Keys as code asks for them: plural forms collapse to their base key. */
const baseKeys = (tree: object) => new Set(keysOf(tree).map((k) => k.replace(PLURAL, '')));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('translations', () => {
  it('English and Polish have the same keys', () => {
    expect([...baseKeys(pl)].sort()).toEqual([...baseKeys(en)].sort());
  });

  it('Polish plurals carry the few and many forms wherever English has a plural', () => {
    const plKeys = new Set(keysOf(pl));
    const plurals = keysOf(en).filter((k) => k.endsWith('_other')).map((k) => k.replace(PLURAL, ''));
    for (const base of plurals) for (const form of ['one', 'few', 'many', 'other']) expect(plKeys, `${base}_${form}`).toContain(`${base}_${form}`);
  });

  it('every literal key the renderer asks for exists', () => {
    const known = baseKeys(en);
    const missing: string[] = [];
    for (const file of sourceFiles('src-renderer')) {
      const text = readFileSync(file, 'utf8');
      for (const [, key] of text.matchAll(/\bt\(\s*'([a-zA-Z][\w.]*)'/g)) if (!known.has(key!)) missing.push(`${file}: ${key}`);
    }
    expect(missing).toEqual([]);
  });
});
