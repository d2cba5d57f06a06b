import pg from 'pg';
import { createMutex, type Queries, type Store } from './store';

/** `?` placeholders (as the SQLite statements are written) to PostgreSQL's `$1, $2, …`. */
export const toPgPlaceholders = (sql: string): string => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
};

const params = (p: unknown[] = []) => p.map((v) => (typeof v === 'boolean' ? (v ? 1 : 0) : v));

function queriesOn(client: pg.Pool | pg.PoolClient): Queries {
  return {
    all: async <T>(sql: string, p?: unknown[]) => (await client.query(toPgPlaceholders(sql), params(p))).rows as T[],
    get: async <T>(sql: string, p?: unknown[]) => (await client.query(toPgPlaceholders(sql), params(p))).rows[0] as T | undefined,
    run: async (sql: string, p?: unknown[]) => ({ changes: (await client.query(toPgPlaceholders(sql), params(p))).rowCount ?? 0 }),
  };
}

/**
 * PostgreSQL, for offices that outgrow one machine (LEAD_DESK_DATABASE_URL). Transactions run one at a time in
 * this server process, as with SQLite: a push reads a row's clocks and writes the merge, which must not interleave.
 * `schema` (tests) puts the tables in a schema of their own.
 */
export async function openPostgresStore(url: string, opts: { schema?: string } = {}): Promise<Store> {
  const pool = new pg.Pool({ connectionString: url, max: 8, ...(opts.schema ? { options: `-c search_path=${opts.schema}` } : {}) });
  if (opts.schema) {
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(opts.schema)) throw new Error(`Bad schema name ${opts.schema}`);
    await pool.query(`create schema if not exists ${opts.schema}`);
  }
  const exclusive = createMutex();
  return {
    dialect: 'postgres',
    read: queriesOn(pool),
    transaction: (fn) =>
      exclusive(async () => {
        const client = await pool.connect();
        try {
          await client.query('begin');
          const result = await fn(queriesOn(client));
          await client.query('commit');
          return result;
        } catch (err) {
          await client.query('rollback').catch(() => undefined);
          throw err;
        } finally {
          client.release();
        }
      }),
    close: () => pool.end(),
  };
}
