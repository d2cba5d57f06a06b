/**
 * Pure path helpers of the Electron shell (no 'electron' import; unit-tested in plain Node).
 *
 * Layout of the app root (the folder holding package.json):
 *   dev       <repo>/                        main bundle at <repo>/dist/main/electron-main.cjs
 *   packaged  <resources>/app.asar           main bundle at <resources>/app.asar/dist/main/electron-main.cjs
 * In both cases: dist/renderer (the UI), dist/main/preload.cjs, migrations/.
 */
import path from 'node:path';

export interface AppRootFacts {
  /** app.isPackaged */
  isPackaged: boolean;
  /** process.resourcesPath (only meaningful when packaged) */
  resourcesPath: string;
  /** Folder of the running main bundle (__dirname of dist/main/electron-main.cjs). */
  bundleDir: string;
  /** app.getAppPath(), preferred when packaged (it is resources/app when asar is disabled). */
  appPath?: string;
}

/** The app root: app.asar when packaged, the repo root (two levels above dist/main) in development. */
export function resolveAppRoot(facts: AppRootFacts, pathImpl: path.PlatformPath = path): string {
  if (facts.isPackaged) {
    return facts.appPath ? pathImpl.resolve(facts.appPath) : pathImpl.join(facts.resourcesPath, 'app.asar');
  }
  return pathImpl.resolve(facts.bundleDir, '..', '..');
}

export interface AppPaths {
  root: string;
  rendererDir: string;
  preloadFile: string;
  migrationsDir: string;
}

export function appPaths(root: string, pathImpl: path.PlatformPath = path): AppPaths {
  return {
    root,
    rendererDir: pathImpl.join(root, 'dist', 'renderer'),
    preloadFile: pathImpl.join(root, 'dist', 'main', 'preload.cjs'),
    migrationsDir: pathImpl.join(root, 'migrations'),
  };
}

/**
 * Reads `--data-dir DIR` or `--data-dir=DIR` from the command line (the same flag browser mode takes).
 * Returns an absolute path, or null when absent/empty. The last occurrence wins.
 */
export function parseDataDirArg(argv: readonly string[], cwd: string, pathImpl: path.PlatformPath = path): string | null {
  let value: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--data-dir') {
      const next = argv[i + 1];
      if (next !== undefined && !next.startsWith('--')) {
        value = next;
        i++;
      }
    } else if (arg !== undefined && arg.startsWith('--data-dir=')) {
      value = arg.slice('--data-dir='.length);
    }
  }
  return value ? pathImpl.resolve(cwd, value) : null;
}

/** The data folder the user asked for: `--data-dir` first, then LEAD_DESK_DATA_DIR (as in browser mode), else null. */
export function dataDirOverride(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
  pathImpl: path.PlatformPath = path,
): string | null {
  const fromArgs = parseDataDirArg(argv, cwd, pathImpl);
  if (fromArgs) return fromArgs;
  const fromEnv = env.LEAD_DESK_DATA_DIR;
  return fromEnv ? pathImpl.resolve(cwd, fromEnv) : null;
}
