import { AppError } from '../../src-shared/api/errors';

const FOLDER_ERRORS = new Set(['EEXIST', 'ENOTDIR', 'EACCES', 'EPERM', 'EROFS', 'ENOSPC']);

/** Maps SQLite and data-folder failures to errors a user can act on; anything else passes through unchanged. */
export function sqliteToAppError(error: unknown, file: string): unknown {
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'string' && FOLDER_ERRORS.has(code)) {
    return new AppError('INTERNAL', `The data folder for ${file} cannot be created or written (${code}). Choose another folder with --data-dir, or check its permissions and free disk space.`);
  }
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return error;
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new AppError(
      'DB_LOCKED',
      `The database ${file} is locked by another program (another Lead Desk window or a backup tool). Close it and try again.`,
    );
  }
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return new AppError(
      'DB_CORRUPT',
      `The database ${file} is damaged or is not a Lead Desk database (${code}). Nothing was changed. Restore it from the backups folder next to it, or move it away to start fresh.`,
    );
  }
  if (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_READONLY' || code.startsWith('SQLITE_IOERR')) {
    return new AppError('INTERNAL', `The database ${file} cannot be opened for writing (${code}). Check the folder's permissions and free disk space.`);
  }
  return error;
}
