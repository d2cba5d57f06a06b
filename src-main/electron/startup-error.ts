/** Text of the error box shown when the app cannot start (pure; no 'electron' import). */

export interface StartupErrorText {
  title: string;
  message: string;
}

const TITLES: Record<string, string> = {
  DB_LOCKED: 'Lead Desk: the database is in use',
  DB_CORRUPT: 'Lead Desk: the database is damaged',
  UI_MISSING: 'Lead Desk: the user interface is missing',
};

/** Accepts an AppError (or anything shaped like one: {code, message}) or any other thrown value. */
export function startupErrorText(err: unknown, dataDir?: string): StartupErrorText {
  const code =
    typeof err === 'object' && err !== null && typeof (err as { code?: unknown }).code === 'string'
      ? (err as { code: string }).code
      : 'INTERNAL';
  const raw = err instanceof Error ? err.message : typeof err === 'string' ? err : 'Unknown error';
  const lines = [raw || 'Unknown error'];
  if (dataDir) lines.push('', `Data folder: ${dataDir}`);
  return { title: TITLES[code] ?? 'Lead Desk cannot start', message: lines.join('\n') };
}
