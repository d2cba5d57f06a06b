// Bundles the main-process entry points to CommonJS in dist/main (Electron's sandboxed preload needs CJS).
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  external: ['electron', 'better-sqlite3', 'playwright-core'],
};

await Promise.all([
  build({ ...common, entryPoints: { 'electron-main': 'src-main/electron/main.ts' }, outdir: 'dist/main', outExtension: { '.js': '.cjs' } }),
  build({ ...common, entryPoints: { preload: 'src-main/electron/preload.ts' }, outdir: 'dist/main', outExtension: { '.js': '.cjs' } }),
  build({ ...common, entryPoints: { 'browser-main': 'src-main/browser/browser-main.ts' }, outdir: 'dist/main', outExtension: { '.js': '.cjs' } }),
  build({ ...common, entryPoints: { bench: 'bench/bench.ts' }, outdir: 'dist/main', outExtension: { '.js': '.cjs' } }),
  // pg's optional native binding is never installed; the pure-JS client is bundled.
  build({ ...common, external: [...common.external, 'pg-native'], entryPoints: { server: 'src-server/main.ts' }, outdir: 'dist/server', outExtension: { '.js': '.cjs' } }),
]);
