/*
 * A light, bounded write load on the demo e-commerce data: orders with an item and a payment,
 * tenant after tenant, at a fixed rate, through whatever endpoint it is given (PgBouncer in the
 * demo, so that a failover's repointing is seen by the load too). It keeps at most `maxOrders` of
 * its own orders, deleting the oldest, so the database does not grow without bound.
 */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';

/** Where the load connects (PgBouncer or a server), with the application database. */
export interface WriteLoadEndpoint {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}

/** Options of {@link startWriteLoad}. */
export interface WriteLoadOptions {
  /** Transactions per second (default 2; at most 1000). */
  ratePerSecond?: number;
  /** Orders of its own the load keeps; beyond that it deletes its oldest (default 5000). */
  maxOrders?: number;
  /** Told about every failed transaction (the load reconnects and goes on). */
  onError?: (error: Error) => void;
}

/** What the load has done so far. */
export interface WriteLoadStats {
  /** Committed transactions. */
  transactions: number;
  /** Failed transactions (connection lost, server down, ...). */
  errors: number;
  /** Orders of its own the load currently keeps. */
  ordersKept: number;
  /** Message of the last failure. */
  lastError?: string;
}

/** A running write load. */
export interface WriteLoad {
  /** Counters so far. */
  stats(): WriteLoadStats;
  /** Stops after the transaction in flight (if any) and closes the connection. Idempotent. */
  stop(): Promise<WriteLoadStats>;
}

interface TenantRows {
  tenantId: string;
  customerIds: string[];
  products: Array<{ id: string; priceCents: number }>;
}

const METHODS = ['card', 'paypal', 'bank-transfer'];

async function loadTenants(client: Client): Promise<TenantRows[]> {
  const { rows } = await client.query<{
    tenant_id: string;
    customer_ids: string[];
    product_ids: string[];
    prices: number[];
  }>(
    `select t.id as tenant_id,
            array(select c.id::text from customers c where c.tenant_id = t.id order by c.id limit 20) as customer_ids,
            array(select p.id::text from products p where p.tenant_id = t.id order by p.id limit 20) as product_ids,
            array(select p.price_cents from products p where p.tenant_id = t.id order by p.id limit 20) as prices
       from tenants t
      order by t.id`,
  );
  return rows
    .map(r => ({
      tenantId: r.tenant_id,
      customerIds: r.customer_ids,
      products: r.product_ids.map((id, i) => ({
        id,
        priceCents: Number(r.prices[i]),
      })),
    }))
    .filter(t => t.customerIds.length > 0 && t.products.length > 0);
}

/**
 * Starts writing: one transaction per tick (an order, its item and its payment for the next
 * tenant in turn), ticks spaced `1 / ratePerSecond` apart. A failed transaction is counted, the
 * connection dropped and opened again on the next tick after a second's pause. Needs tenants with
 * customers and products (`seedDemoData`).
 */
export function startWriteLoad(
  endpoint: WriteLoadEndpoint,
  options: WriteLoadOptions = {},
): WriteLoad {
  const rate = options.ratePerSecond ?? 2;
  const maxOrders = options.maxOrders ?? 5000;
  if (!(rate > 0 && rate <= 1000)) {
    throw new TypeError(
      `startWriteLoad: ratePerSecond must be above 0 and at most 1000, got ${rate}`,
    );
  }
  if (!Number.isInteger(maxOrders) || maxOrders < 1) {
    throw new TypeError(
      `startWriteLoad: maxOrders must be a positive integer, got ${maxOrders}`,
    );
  }
  const intervalMs = 1000 / rate;
  const stats: WriteLoadStats = { transactions: 0, errors: 0, ordersKept: 0 };
  const kept: Array<{ tenantId: string; orderId: string }> = [];
  let client: Client | undefined;
  let tenants: TenantRows[] = [];
  let turn = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> = Promise.resolve();

  const connect = async () => {
    const c = new Client({
      host: endpoint.host,
      port: endpoint.port,
      user: endpoint.user,
      password: endpoint.password,
      database: endpoint.database,
      application_name: 'dr-demo-write-load',
      connectionTimeoutMillis: 5000,
    });
    c.on('error', () => {}); // reported by the next query instead
    await c.connect();
    try {
      tenants = await loadTenants(c);
    } catch (error) {
      await c.end().catch(() => {});
      throw error;
    }
    if (!tenants.length) {
      await c.end().catch(() => {});
      throw new Error('no tenant with customers and products to write for');
    }
    return c;
  };

  const writeOne = async () => {
    client ??= await connect();
    const tenant = tenants[turn++ % tenants.length];
    const customerId = tenant.customerIds[turn % tenant.customerIds.length];
    const product = tenant.products[turn % tenant.products.length];
    const quantity = 1 + (turn % 3);
    const total = product.priceCents * quantity;
    const orderId = randomUUID();
    const evict = kept.length >= maxOrders ? kept[0] : undefined;
    await client.query('begin');
    try {
      await client.query(
        `insert into orders (id, tenant_id, customer_id, status, total_cents, placed_at)
         values ($1, $2, $3, 'paid', $4, now())`,
        [orderId, tenant.tenantId, customerId, total],
      );
      await client.query(
        `insert into order_items (id, tenant_id, order_id, product_id, quantity, unit_price_cents)
         values ($1, $2, $3, $4, $5, $6)`,
        [
          randomUUID(),
          tenant.tenantId,
          orderId,
          product.id,
          quantity,
          product.priceCents,
        ],
      );
      await client.query(
        `insert into payments (id, tenant_id, order_id, amount_cents, method, status, paid_at)
         values ($1, $2, $3, $4, $5, 'captured', now())`,
        [
          randomUUID(),
          tenant.tenantId,
          orderId,
          total,
          METHODS[turn % METHODS.length],
        ],
      );
      if (evict) {
        await client.query(
          'delete from orders where tenant_id = $1 and id = $2',
          [evict.tenantId, evict.orderId],
        );
      }
      await client.query('commit');
    } catch (error) {
      await client.query('rollback').catch(() => {});
      throw error;
    }
    if (evict) kept.shift();
    kept.push({ tenantId: tenant.tenantId, orderId });
    stats.transactions += 1;
    stats.ordersKept = kept.length;
  };

  const started = Date.now();
  let tick = 0;
  const schedule = (delayMs: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      inFlight = writeOne().then(
        () => {
          tick += 1;
          schedule(Math.max(0, started + tick * intervalMs - Date.now()));
        },
        async (error: Error) => {
          stats.errors += 1;
          stats.lastError = error.message;
          options.onError?.(error);
          const c = client;
          client = undefined;
          await c?.end().catch(() => {});
          // Resume on the clock after a pause; missed ticks are skipped, not made up.
          tick = Math.ceil((Date.now() + 1000 - started) / intervalMs);
          schedule(1000);
        },
      );
    }, delayMs);
  };
  schedule(0);

  let stopping: Promise<WriteLoadStats> | undefined;
  return {
    stats: () => ({ ...stats }),
    stop: () =>
      (stopping ??= (async () => {
        stopped = true;
        if (timer) clearTimeout(timer);
        await inFlight.catch(() => {});
        const c = client;
        client = undefined;
        await c?.end().catch(() => {});
        return { ...stats };
      })()),
  };
}
