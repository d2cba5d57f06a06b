#!/usr/bin/env node
// Starts Lead Desk from a finished build (`npm start` runs `npm run build` first).
//
//   Electron mode  when the Electron runtime (node_modules/electron/dist) is present and runs;
//   browser mode   otherwise: node dist/main/browser-main.cjs --open (a local server plus a Chromium/Edge app window).
//
// LEAD_DESK_MODE=electron|browser forces a mode. Every argument is forwarded (e.g. --data-dir DIR; --port N is
// browser mode only). The exit code of the app is this script's exit code. See docs/electron.md.
//
// better-sqlite3 is a native module built for ONE runtime ABI at a time: plain Node (browser mode) or Electron.
// Before launching, this script checks that it loads under the runtime about to be used and, if not, rebuilds it:
//   for Electron:  npx electron-builder install-app-deps   (needs internet: Electron headers or a prebuilt binary)
//   for Node:      npm rebuild better-sqlite3             (needs internet or a C++ toolchain)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const forwardedArgs = process.argv.slice(2);
const isWindows = process.platform === 'win32';
const ELECTRON_DOWNLOAD_TIMEOUT_MS = 120_000;
const REBUILD_TIMEOUT_MS = 600_000;

const say = (message) => console.log(`[lead-desk start] ${message}`);
const warn = (message) => console.error(`[lead-desk start] ${message}`);
const rel = (p) => path.relative(root, p) || '.';
/** An argument as shown in "Running: ..." lines: paths inside the repo relative, spaces quoted. */
const shown = (arg) => {
  const text = path.isAbsolute(arg) && arg.startsWith(root + path.sep) ? rel(arg) : arg;
  return /\s/.test(text) ? JSON.stringify(text) : text;
};

function fail(message, code = 1) {
  warn(message);
  process.exit(code);
}

// --- What is there ------------------------------------------------------------------------------------------------

const electronDir = path.join(root, 'node_modules', 'electron');

function electronVersion() {
  try {
    return JSON.parse(readFileSync(path.join(electronDir, 'package.json'), 'utf8')).version;
  } catch {
    return null;
  }
}

/** Mirrors node_modules/electron/index.js without throwing: { ok: true, exe } or { ok: false, reason }. */
function findElectron() {
  if (!electronVersion()) return { ok: false, reason: 'the electron package is not installed' };
  const pathFile = path.join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) {
    return {
      ok: false,
      reason: `${rel(pathFile)} is missing: the Electron binary was never downloaded (its install script is not allowed to run)`,
    };
  }
  const executable = readFileSync(pathFile, 'utf8').trim();
  const distDir = process.env.ELECTRON_OVERRIDE_DIST_PATH || path.join(electronDir, 'dist');
  const exe = path.join(distDir, executable);
  if (!existsSync(exe)) return { ok: false, reason: `the Electron binary ${exe} does not exist` };
  return { ok: true, exe };
}

/** Runs node_modules/electron/install.js (downloads the binary for this platform; fails offline). */
function downloadElectron() {
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
    say('ELECTRON_SKIP_BINARY_DOWNLOAD is set: not trying to download the Electron binary.');
    return 'the download is disabled by ELECTRON_SKIP_BINARY_DOWNLOAD';
  }
  say(`Trying to download the Electron ${electronVersion()} binary: node ${rel(path.join(electronDir, 'install.js'))} (timeout ${ELECTRON_DOWNLOAD_TIMEOUT_MS / 1000} s)...`);
  const result = spawnSync(process.execPath, [path.join(electronDir, 'install.js')], {
    cwd: electronDir,
    stdio: 'inherit',
    timeout: ELECTRON_DOWNLOAD_TIMEOUT_MS,
  });
  let outcome;
  if (result.error) outcome = `the download did not finish: ${result.error.message}`;
  else if (result.signal) outcome = `the download was stopped (${result.signal})`;
  else if (result.status !== 0) outcome = `the download failed (exit code ${result.status}; offline?)`;
  else outcome = 'the download finished';
  say(`Electron download: ${outcome}.`);
  return outcome;
}

/**
 * Loads better-sqlite3 under a runtime (plain Node, or Electron with ELECTRON_RUN_AS_NODE=1) and opens an in-memory DB.
 * Returns { ok: true } | { ok: false, abi: { builtFor, needed } } (wrong ABI) | { ok: false, reason }.
 */
function probeSqlite(executable, extraEnv = {}) {
  const code = "const D = require('better-sqlite3'); new D(':memory:').close();";
  const result = spawnSync(executable, ['-e', code], {
    cwd: root,
    env: { ...process.env, ...extraEnv },
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (result.status === 0) return { ok: true };
  const output = `${result.stderr ?? ''}\n${result.stdout ?? ''}`;
  const abi = /NODE_MODULE_VERSION (\d+)[\s\S]*?NODE_MODULE_VERSION (\d+)/.exec(output);
  if (abi) return { ok: false, abi: { builtFor: abi[1], needed: abi[2] } };
  const firstError = output.split('\n').find((line) => /error/i.test(line))?.trim();
  return {
    ok: false,
    reason: result.error?.message ?? firstError ?? (result.signal ? `killed by ${result.signal}` : `exit code ${result.status}`),
  };
}

/** Runs a command to completion with visible output; true on success. */
function runVisible(label, command, args, options = {}) {
  say(`Running: ${label}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', timeout: REBUILD_TIMEOUT_MS, ...options });
  if (result.error) warn(`${label} could not run: ${result.error.message}`);
  else if (result.status !== 0) warn(`${label} failed (exit code ${result.status ?? result.signal}).`);
  return !result.error && result.status === 0;
}

function runElectronBuilderInstallAppDeps() {
  const cli = path.join(root, 'node_modules', 'electron-builder', 'cli.js');
  if (existsSync(cli)) return runVisible('npx electron-builder install-app-deps', process.execPath, [cli, 'install-app-deps']);
  return runVisible('npx electron-builder install-app-deps', isWindows ? 'npx.cmd' : 'npx', ['electron-builder', 'install-app-deps'], {
    shell: isWindows,
  });
}

function runNpmRebuildSqlite() {
  const npmCli = process.env.npm_execpath;
  if (npmCli && /\.(c|m)?js$/.test(npmCli)) {
    return runVisible('npm rebuild better-sqlite3', process.execPath, [npmCli, 'rebuild', 'better-sqlite3']);
  }
  return runVisible('npm rebuild better-sqlite3', isWindows ? 'npm.cmd' : 'npm', ['rebuild', 'better-sqlite3'], { shell: isWindows });
}

function missingBuildFiles(files) {
  const missing = files.filter((f) => !existsSync(path.join(root, f)));
  if (missing.length) fail(`Missing ${missing.join(', ')}. Run "npm run build" first ("npm start" does it for you).`);
}

// --- Running the app ----------------------------------------------------------------------------------------------

/** Spawns the app with inherited stdio; forwards SIGINT/SIGTERM/SIGHUP and the exit code. */
function runApp(command, args, env) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit', env });
  const running = () => child.exitCode === null && child.signalCode === null;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      if (!running()) return;
      // Ctrl+C (and a closing terminal) already signal the whole process group, child included: give it a moment
      // so it is not told twice. A signal sent to this process alone (kill <pid>) still reaches the child.
      if (signal === 'SIGTERM') child.kill(signal);
      else setTimeout(() => running() && child.kill(signal), 300).unref();
    });
  }
  child.on('error', (error) => fail(`Could not start ${command}: ${error.message}`));
  child.on('exit', (code, signal) => {
    if (signal) process.exit(128 + (osConstants.signals[signal] ?? 0));
    process.exit(code ?? 1);
  });
}

function startBrowser(reason) {
  missingBuildFiles(['dist/main/browser-main.cjs', 'dist/renderer/index.html']);
  const probe = probeSqlite(process.execPath);
  if (!probe.ok && probe.abi) {
    say(
      `better-sqlite3 is built for NODE_MODULE_VERSION ${probe.abi.builtFor} (Electron); this Node ${process.version} needs ${probe.abi.needed}. ` +
        'Rebuilding it for Node so browser mode can run (the next Electron start rebuilds it for Electron again).',
    );
    if (!runNpmRebuildSqlite()) {
      fail('Could not rebuild better-sqlite3 for Node. Run "npm rebuild better-sqlite3" (needs internet or a C++ toolchain) and try again.');
    }
    const again = probeSqlite(process.execPath);
    if (!again.ok) fail(`better-sqlite3 still does not load under Node: ${again.abi ? `ABI ${again.abi.builtFor}` : again.reason}`);
  } else if (!probe.ok) {
    warn(`Warning: better-sqlite3 does not load under Node (${probe.reason}); starting anyway.`);
  }

  const args = [path.join(root, 'dist', 'main', 'browser-main.cjs')];
  if (!forwardedArgs.includes('--open')) args.push('--open');
  if (reason && !forwardedArgs.some((a) => a === '--reason' || a.startsWith('--reason='))) args.push('--reason', reason);
  args.push(...forwardedArgs);
  say(`Running: node ${args.map(shown).join(' ')}`);
  runApp(process.execPath, args, process.env);
}

/** Returns true when Electron was launched; otherwise { reason } to fall back on. */
function startElectron(exe) {
  missingBuildFiles(['dist/main/electron-main.cjs', 'dist/main/preload.cjs', 'dist/renderer/index.html']);
  const electronEnv = { ELECTRON_RUN_AS_NODE: '1' };
  let probe = probeSqlite(exe, electronEnv);
  if (!probe.ok && probe.abi) {
    say(
      `better-sqlite3 is built for NODE_MODULE_VERSION ${probe.abi.builtFor} (plain Node); Electron ${electronVersion()} needs ${probe.abi.needed}. ` +
        'Rebuilding native modules for Electron with "npx electron-builder install-app-deps" ' +
        '(downloads Electron headers or a prebuilt better-sqlite3; needs internet). ' +
        'Afterwards browser mode needs "npm rebuild better-sqlite3" (this script does that when needed).',
    );
    if (!runElectronBuilderInstallAppDeps()) return { reason: 'better-sqlite3 could not be rebuilt for Electron' };
    probe = probeSqlite(exe, electronEnv);
  }
  if (!probe.ok) {
    return {
      reason: probe.abi
        ? `better-sqlite3 is still built for NODE_MODULE_VERSION ${probe.abi.builtFor}, Electron needs ${probe.abi.needed}`
        : `the Electron runtime cannot load better-sqlite3 (${probe.reason})`,
    };
  }

  // A leftover ELECTRON_RUN_AS_NODE (some terminals set it) would make Electron act as plain Node.
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  const args = ['.', ...forwardedArgs];
  say(`Running: ${[exe, ...args].map(shown).join(' ')}`);
  runApp(exe, args, env);
  return true;
}

// --- Decide -------------------------------------------------------------------------------------------------------

const forced = (process.env.LEAD_DESK_MODE ?? '').trim().toLowerCase();
if (forced && forced !== 'electron' && forced !== 'browser') {
  fail(`LEAD_DESK_MODE must be "electron" or "browser", not "${process.env.LEAD_DESK_MODE}".`, 2);
}

if (forced === 'browser') {
  say('Mode: browser (forced by LEAD_DESK_MODE=browser).');
  startBrowser('LEAD_DESK_MODE=browser');
} else {
  let electron = findElectron();
  if (!electron.ok && electronVersion()) {
    say(`Electron runtime not found: ${electron.reason}.`);
    const outcome = downloadElectron();
    electron = findElectron();
    if (!electron.ok) electron = { ok: false, reason: `Electron binary not downloaded; ${outcome}` };
  }
  if (electron.ok) {
    say(`Mode: electron (Electron ${electronVersion()} runtime found at ${rel(electron.exe)}${forced ? '; LEAD_DESK_MODE=electron' : ''}).`);
    const started = startElectron(electron.exe);
    if (started !== true) {
      if (forced === 'electron') fail(`Cannot start Electron mode: ${started.reason}.`);
      say(`Electron mode is not possible (${started.reason}); starting browser mode.`);
      startBrowser('Electron cannot start here');
    }
  } else if (forced === 'electron') {
    fail(
      `Cannot start Electron mode (LEAD_DESK_MODE=electron): ${electron.reason}. ` +
        'On a machine with internet run "node node_modules/electron/install.js" once; see docs/electron.md.',
    );
  } else {
    say(`Electron runtime not available (${electron.reason}); starting browser mode.`);
    startBrowser('Electron runtime not available');
  }
}
