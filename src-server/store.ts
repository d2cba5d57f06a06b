import Database from 'better-sqlite3';

/** The few statements the backend runs, in either SQLite or PostgreSQL; SQL is written with `?` placeholders. */
export interface Queries {
  all<T>(sql: string, params?: unknown[]): Promise<T[]>;
  get<T>(sql: string, params?: unknown[]): Promise<T | undefined>;
  run(sql: string, params?: unknown[]): Promise<{ changes: number }>;
}

export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  /** Runs `fn` in one transaction (rolled back when it throws); transactions do not interleave. */
  transaction<T>(fn: (q: Queries) => Promise<T>): Promise<T>;
  /** Reads outside a transaction. */
  read: Queries;
  close(): Promise<void>;
}

/** Serializes async work: SQLite has one writer, and a transaction must not interleave with another's statements. */
export function createMutex(): <T>(fn: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(fn: () => Promise<T>) => {
    const run = tail.then(fn, fn);
    tail = run.catch(() => undefined);
    return run;
  };
}

/** Embedded SQLite (the default): one file, WAL, foreign keys on. */
export function openSqliteStore(file: string): Store {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  const statements = new Map<string, Database.Statement>();
  const prepare = (sql: string) => {
    let s = statements.get(sql);
    if (!s) statements.set(sql, (s = db.prepare(sql)));
    return s;
  };
  const params = (p: unknown[] = []) => p.map((v) => (typeof v === 'boolean' ? (v ? 1 : 0) : v));
  const queries: Queries = {
    all: async <T>(sql: string, p?: unknown[]) => prepare(sql).all(...params(p)) as T[],
    get: async <T>(sql: string, p?: unknown[]) => prepare(sql).get(...params(p)) as T | undefined,
    run: async (sql: string, p?: unknown[]) => ({ changes: prepare(sql).run(...params(p)).changes }),
  };
  const exclusive = createMutex();
  return {
    dialect: 'sqlite',
    read: queries,
    transaction: (fn) =>
      exclusive(async () => {
        db.exec('begin immediate');
        try {
          const result = await fn(queries);
          db.exec('commit');
          return result;
        } catch (err) {
          if (db.inTransaction) db.exec('rollback');
          throw err;
        }
      }),
    close: async () => {
      db.close();
    },
  };
}
