import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { PgConnection } from '../../target/target';

/** One write attempt as the client saw it (monotonic ms). */
export interface WriteAttempt {
  client: string;
  seq: number;
  start: number;
  end: number;
  ok: boolean;
  /** Server port that took it (inet_server_port()), when acknowledged. */
  port?: number;
  error?: string;
}

/** Clients that insert into `writes` in a loop until stopped, reconnecting with the same settings after an error. */
export interface Writers {
  attempts: WriteAttempt[];
  stop(): Promise<void>;
}

/** Starts one writing loop per connection; `name` tags each client's rows. */
export function startWriters(
  targets: Array<{ name: string; conn: PgConnection }>,
  options: { pauseMs?: number } = {},
): Writers {
  const attempts: WriteAttempt[] = [];
  let stopped = false;
  const loop = async (name: string, conn: PgConnection) => {
    let client: Client | undefined;
    let seq = 0;
    while (!stopped) {
      seq++;
      const start = performance.now();
      try {
        if (!client) {
          client = new Client({ ...conn, connectionTimeoutMillis: 5000 });
          client.on('error', () => {});
          await client.connect();
        }
        const { rows } = await client.query(
          'INSERT INTO writes (client, seq) VALUES ($1, $2) RETURNING server_port',
          [name, seq],
        );
        attempts.push({
          client: name,
          seq,
          start,
          end: performance.now(),
          ok: true,
          port: rows[0].server_port,
        });
      } catch (error) {
        attempts.push({
          client: name,
          seq,
          start,
          end: performance.now(),
          ok: false,
          error: (error as Error).message,
        });
        await client?.end().catch(() => {});
        client = undefined;
        await new Promise(r => setTimeout(r, 5));
      }
      if (options.pauseMs)
        await new Promise(r => setTimeout(r, options.pauseMs));
    }
    await client?.end().catch(() => {});
  };
  const loops = targets.map(t => loop(t.name, t.conn));
  return {
    attempts,
    async stop() {
      stopped = true;
      await Promise.all(loops);
    },
  };
}
