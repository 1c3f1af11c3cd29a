/** A database row as knex returns it. */
export type Row = Record<string, any>;

/** Rows per insert statement (SQLite allows 32766 bound variables, PostgreSQL 65535). */
export const INSERT_CHUNK = 500;

/** Splits a list into consecutive parts of at most `size` items (one statement each). */
export function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    out.push(items.slice(i, i + size));
  }
  return out;
}
