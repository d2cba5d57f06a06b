import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach } from 'vitest';
import { openCore, type Core } from '../../src-main/app/core';

export const MIGRATIONS_DIR = resolve('migrations');

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

/** A fresh folder, removed after the test. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lead-desk-test-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A core over a real SQLite file in a fresh folder, closed after the test. */
export function testCore(dataDir = tempDir(), busyTimeoutMs = 200): Core {
  const core = openCore({ dataDir, migrationsDir: MIGRATIONS_DIR, mode: 'browser', appVersion: '0.0.0-test', busyTimeoutMs });
  cleanups.unshift(() => core.close());
  return core;
}

/** Unwraps an ok result or fails the test with the error it carried. */
export async function ok<T = unknown>(promise: Promise<{ ok: true; value: unknown } | { ok: false; error: { code: string; message: string } }>): Promise<T> {
  const result = await promise;
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value as T;
}
