import { homedir } from 'node:os';
import { join } from 'node:path';

export const PRODUCT_NAME = 'Lead Desk';

/**
 * The folder Electron would use as userData (appData/productName), so both modes share one database:
 * Linux ~/.config/Lead Desk (or $XDG_CONFIG_HOME), Windows %APPDATA%\Lead Desk, macOS ~/Library/Application Support/Lead Desk.
 */
export function defaultDataDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env, home = homedir()): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), PRODUCT_NAME);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', PRODUCT_NAME);
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), PRODUCT_NAME);
}
