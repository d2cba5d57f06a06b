import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|tsx)$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:^|\s)(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]!);
}

function offenders(dir: string, forbidden: (spec: string, file: string) => boolean): string[] {
  return sources(dir).flatMap((file) => imports(file).filter((spec) => forbidden(spec, file)).map((spec) => `${file} imports ${spec}`));
}

const NODE_BUILTIN = /^(node:|fs$|path$|os$|crypto$|child_process$|http$|url$)/;

describe('process boundaries', () => {
  it('the renderer reaches the main process only through the contract', () => {
    expect(offenders('src-renderer', (spec) => NODE_BUILTIN.test(spec) || spec === 'electron' || spec.includes('src-main') || spec === 'better-sqlite3')).toEqual([]);
  });

  it('src-shared stays free of Node, Electron, the DOM side and the main side', () => {
    expect(offenders('src-shared', (spec) => NODE_BUILTIN.test(spec) || spec === 'electron' || /src-(main|renderer)/.test(spec) || spec === 'react')).toEqual([]);
  });

  it('only the Electron shell imports electron', () => {
    expect(offenders('src-main', (spec, file) => spec === 'electron' && !file.startsWith(join('src-main', 'electron')))).toEqual([]);
  });

  it('the office server uses the shared contract and plain Node, never the desktop app, Electron or the renderer', () => {
    const desktopOnly = (spec: string) => /src-main\/(?!users\/passwords$|db\/(synced-tables|schema)$)/.test(spec) || spec.includes('src-renderer') || spec === 'electron';
    expect(offenders('src-server', desktopOnly)).toEqual([]);
  });

  it('sees the imports it checks (the scan itself works)', () => {
    expect(imports('src-main/app/core.ts')).toContain('../db/open');
    expect(sources('src-renderer').length).toBeGreaterThan(10);
  });
});
