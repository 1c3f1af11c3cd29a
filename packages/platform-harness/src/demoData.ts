import { createHash } from 'node:crypto';
import { Client } from 'pg';
import { pgConnectionConfig } from './postgres';
import { Prng } from './prng';
import { DemoTenant, PostgresNode } from './types';

/** Data class ids of the plan's data classification table. */
export const DEMO_DATA_CLASSES = [
  'customer-pii',
  'transactions',
  'product-catalog',
  'application-logs',
  'system-configs',
] as const;

/** Owner groups the demo tenants are spread over. */
export const DEMO_OWNER_GROUPS = [
  'team-checkout',
  'team-catalog',
  'team-payments',
  'team-storefront',
  'team-fulfillment',
] as const;

/** The demo schema (idempotent): tenants and their e-commerce rows, each keyed by tenant_id. */
export const DEMO_SCHEMA_SQL = `
create table if not exists tenants (
  id text primary key,
  slug text not null unique,
  name text not null,
  tier text not null check (tier in ('standard', 'critical')),
  data_classes text[] not null,
  owner_group text not null,
  region text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create table if not exists customers (
  id uuid primary key,
  tenant_id text not null references tenants (id) on delete cascade,
  name text not null,
  email text not null,
  created_at timestamptz not null default now(),
  unique (tenant_id, id),
  unique (tenant_id, email)
);
create table if not exists products (
  id uuid primary key,
  tenant_id text not null references tenants (id) on delete cascade,
  sku text not null,
  name text not null,
  price_cents integer not null check (price_cents >= 0),
  currency text not null default 'USD',
  created_at timestamptz not null default now(),
  unique (tenant_id, id),
  unique (tenant_id, sku)
);
create table if not exists orders (
  id uuid primary key,
  tenant_id text not null references tenants (id) on delete cascade,
  customer_id uuid not null,
  status text not null check (status in ('pending', 'paid', 'shipped', 'delivered', 'refunded')),
  total_cents integer not null check (total_cents >= 0),
  currency text not null default 'USD',
  placed_at timestamptz not null,
  unique (tenant_id, id),
  foreign key (tenant_id, customer_id) references customers (tenant_id, id) on delete cascade
);
create table if not exists order_items (
  id uuid primary key,
  tenant_id text not null references tenants (id) on delete cascade,
  order_id uuid not null,
  product_id uuid not null,
  quantity integer not null check (quantity > 0),
  unit_price_cents integer not null check (unit_price_cents >= 0),
  foreign key (tenant_id, order_id) references orders (tenant_id, id) on delete cascade,
  foreign key (tenant_id, product_id) references products (tenant_id, id)
);
create table if not exists payments (
  id uuid primary key,
  tenant_id text not null references tenants (id) on delete cascade,
  order_id uuid not null,
  amount_cents integer not null check (amount_cents >= 0),
  method text not null,
  status text not null check (status in ('captured', 'refunded')),
  paid_at timestamptz not null,
  foreign key (tenant_id, order_id) references orders (tenant_id, id) on delete cascade
);
create index if not exists customers_tenant_id_idx on customers (tenant_id);
create index if not exists products_tenant_id_idx on products (tenant_id);
create index if not exists orders_tenant_id_idx on orders (tenant_id, placed_at);
create index if not exists orders_customer_idx on orders (tenant_id, customer_id);
create index if not exists order_items_tenant_id_idx on order_items (tenant_id, order_id);
create index if not exists order_items_product_idx on order_items (tenant_id, product_id);
create index if not exists payments_tenant_id_idx on payments (tenant_id, order_id);
`;

const NAME_FIRST = [
  'Northwind',
  'Blue Harbor',
  'Evergreen',
  'Summit',
  'Copper Kettle',
  'Silver Pine',
  'Redwood',
  'Brightside',
  'Golden Gate',
  'Urban',
  'Coastal',
  'Maple Leaf',
  'Granite',
  'Lakeside',
  'Sunrise',
  'Ironwood',
  'Prairie',
  'Cedar',
  'Aurora',
  'Crescent',
  'Orchard',
  'Riverbend',
  'Highland',
  'Meadow',
  'Starlight',
  'Willow',
  'Bayside',
  'Canyon',
  'Frontier',
  'Juniper',
];
const NAME_SECOND = [
  'Outfitters',
  'Goods',
  'Supply',
  'Market',
  'Boutique',
  'Traders',
  'Provisions',
  'Apparel',
  'Home',
  'Electronics',
  'Books',
  'Pets',
  'Garden',
  'Sports',
  'Kitchen',
  'Toys',
  'Beauty',
  'Coffee',
  'Crafts',
  'Cycles',
];
const PERSON_FIRST = [
  'Ada',
  'Ben',
  'Chloe',
  'Diego',
  'Elena',
  'Farah',
  'Gus',
  'Hana',
  'Ivan',
  'Jada',
  'Kenji',
  'Lena',
  'Marco',
  'Nia',
  'Omar',
  'Priya',
  'Quinn',
  'Rosa',
  'Sam',
  'Tariq',
  'Uma',
  'Victor',
  'Wen',
  'Ximena',
  'Yusuf',
  'Zoe',
];
const PERSON_LAST = [
  'Abara',
  'Berg',
  'Castillo',
  'Dubois',
  'Eriksen',
  'Fischer',
  'Garcia',
  'Haddad',
  'Ito',
  'Jensen',
  'Kowalski',
  'Lopez',
  'Moreau',
  'Nakamura',
  'Okafor',
  'Patel',
  'Rossi',
  'Silva',
  'Tanaka',
  'Umar',
  'Varga',
  'Weber',
  'Yilmaz',
  'Zhang',
];
const PRODUCT_ADJ = [
  'Classic',
  'Organic',
  'Deluxe',
  'Compact',
  'Vintage',
  'Wireless',
  'Handmade',
  'Eco',
  'Premium',
  'Everyday',
  'Travel',
  'Smart',
];
const PRODUCT_NOUN = [
  'Backpack',
  'Mug',
  'Lamp',
  'Notebook',
  'Headphones',
  'Blanket',
  'Water Bottle',
  'Sneakers',
  'Planter',
  'Candle',
  'Jacket',
  'Speaker',
  'Chess Set',
  'Cutting Board',
  'Tea Sampler',
];
const ORDER_STATUS = [
  'delivered',
  'delivered',
  'delivered',
  'shipped',
  'shipped',
  'paid',
  'paid',
  'pending',
  'refunded',
] as const;
const PAYMENT_METHODS = [
  'card',
  'card',
  'card',
  'paypal',
  'apple_pay',
  'bank_transfer',
];

const DEFAULT_SEED = 1;
const DAY_MS = 86_400_000;
const TENANTS_EPOCH = Date.UTC(2022, 0, 1);
const ORDERS_EPOCH = Date.UTC(2025, 0, 1);

function kebab(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function tenantOf(index: number, seed: number): DemoTenant {
  const rng = new Prng(seed, index, 0x7e4a47);
  const base = `${rng.pick(NAME_FIRST)} ${rng.pick(NAME_SECOND)}`;
  const tier = rng.next() < 0.15 ? 'critical' : 'standard';
  const dataClasses: string[] = [
    'customer-pii',
    'transactions',
    'product-catalog',
  ];
  if (rng.next() < 0.7) dataClasses.push('application-logs');
  if (rng.next() < 0.5) dataClasses.push('system-configs');
  const ownerGroup =
    tier === 'critical'
      ? rng.pick(['team-checkout', 'team-payments'])
      : rng.pick(DEMO_OWNER_GROUPS);
  return {
    id: `tenant-${String(index).padStart(5, '0')}`,
    slug: `${kebab(base)}-${index}`,
    name: `${base} #${index}`,
    tier,
    dataClasses,
    ownerGroup,
    region: 'us-east-1',
  };
}

/**
 * The demo fleet: `count` tenants, deterministic for a seed (tenant n is the same whatever the
 * count), mostly `standard` with some `critical`, all homed in us-east-1.
 */
export function generateTenants(
  count: number,
  seed: number = DEFAULT_SEED,
): DemoTenant[] {
  if (!Number.isInteger(count) || count < 0 || count > 1_000_000) {
    throw new TypeError(
      `generateTenants: count must be an integer between 0 and 1000000, got ${count}`,
    );
  }
  if (!Number.isFinite(seed)) {
    throw new TypeError(`generateTenants: seed must be a number, got ${seed}`);
  }
  return Array.from({ length: count }, (_, i) => tenantOf(i + 1, seed));
}

type Row = unknown[];

interface TenantRows {
  customers: Row[];
  products: Row[];
  orders: Row[];
  orderItems: Row[];
  payments: Row[];
}

/**
 * A name-based (version 5 layout) UUID: unique per name by construction, unlike draws from a
 * 32-bit-state PRNG, whose per-tenant streams overlap in large fleets.
 */
function nameUuid(name: string): string {
  const h = createHash('sha1').update(name).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(
    12,
    16,
  )}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function rowsFor(
  tenant: DemoTenant,
  index: number,
  seed: number,
  ordersPerTenant: number,
  out: TenantRows,
) {
  const rng = new Prng(seed, index, 0x0d3e55);
  let serial = 0;
  const id = (kind: string) =>
    nameUuid(`${seed}/${tenant.id}/${kind}/${++serial}`);
  const customerCount = Math.max(2, Math.ceil(ordersPerTenant / 2));
  const productCount = Math.max(
    3,
    Math.min(40, Math.ceil(ordersPerTenant / 2) + 3),
  );

  const customers: string[] = [];
  for (let k = 1; k <= customerCount; k++) {
    const customerId = id('customer');
    const first = rng.pick(PERSON_FIRST);
    const last = rng.pick(PERSON_LAST);
    customers.push(customerId);
    out.customers.push([
      customerId,
      tenant.id,
      `${first} ${last}`,
      `${first}.${last}.${k}@${tenant.slug}.example.com`.toLowerCase(),
      new Date(ORDERS_EPOCH - rng.int(1, 365) * DAY_MS),
    ]);
  }
  const products: Array<{ id: string; price: number }> = [];
  for (let k = 1; k <= productCount; k++) {
    const productId = id('product');
    const price = rng.int(3, 200) * 100 - 1;
    products.push({ id: productId, price });
    out.products.push([
      productId,
      tenant.id,
      `SKU-${String(k).padStart(4, '0')}`,
      `${rng.pick(PRODUCT_ADJ)} ${rng.pick(PRODUCT_NOUN)}`,
      price,
      new Date(ORDERS_EPOCH - rng.int(30, 400) * DAY_MS),
    ]);
  }
  for (let k = 0; k < ordersPerTenant; k++) {
    const orderId = id('order');
    const status = rng.pick(ORDER_STATUS);
    const placedAt = new Date(
      ORDERS_EPOCH + Math.floor(rng.next() * 365 * DAY_MS),
    );
    let total = 0;
    const itemCount = rng.int(1, 4);
    for (let j = 0; j < itemCount; j++) {
      const product = rng.pick(products);
      const quantity = rng.int(1, 3);
      total += quantity * product.price;
      out.orderItems.push([
        id('order-item'),
        tenant.id,
        orderId,
        product.id,
        quantity,
        product.price,
      ]);
    }
    out.orders.push([
      orderId,
      tenant.id,
      rng.pick(customers),
      status,
      total,
      placedAt,
    ]);
    if (status !== 'pending') {
      out.payments.push([
        id('payment'),
        tenant.id,
        orderId,
        total,
        rng.pick(PAYMENT_METHODS),
        status === 'refunded' ? 'refunded' : 'captured',
        new Date(placedAt.getTime() + rng.int(1, 600) * 1000),
      ]);
    }
  }
}

const BATCH = 5000;

/** Bulk-inserts rows through `unnest` of one array parameter per column, in batches. */
async function insertRows(
  client: Client,
  table: string,
  columns: Array<[name: string, type: string]>,
  rows: Row[],
) {
  for (let start = 0; start < rows.length; start += BATCH) {
    const chunk = rows.slice(start, start + BATCH);
    const arrays = columns.map((_, c) => chunk.map(row => row[c]));
    const names = columns.map(([name]) => name).join(', ');
    const params = columns
      .map(([, type], i) => `$${i + 1}::${type}[]`)
      .join(', ');
    await client.query(
      `insert into ${table} (${names}) select * from unnest(${params}) as t(${names})`,
      arrays,
    );
  }
}

/** Options for {@link seedDemoData}. */
export interface SeedOptions {
  /** Number of tenants (tenant-00001 .. tenant-N). */
  tenants: number;
  /** PRNG seed (default 1). The same seed always gives the same rows. */
  seed?: number;
  /** Orders per tenant (default 20); customers and products scale with it. */
  ordersPerTenant?: number;
}

/**
 * Creates the e-commerce schema in the primary's database (`ecommerce`) and fills it with
 * deterministic demo rows for `tenants` tenants. Tenants that already exist are left alone,
 * so a larger second call adds only the missing ones. Runs in one transaction.
 */
export async function seedDemoData(
  primary: PostgresNode,
  options: SeedOptions,
): Promise<{ tenants: DemoTenant[] }> {
  const seed = options.seed ?? DEFAULT_SEED;
  const ordersPerTenant = options.ordersPerTenant ?? 20;
  if (
    !Number.isInteger(ordersPerTenant) ||
    ordersPerTenant < 0 ||
    ordersPerTenant > 100_000
  ) {
    throw new TypeError(
      `seedDemoData: ordersPerTenant must be an integer between 0 and 100000, got ${ordersPerTenant}`,
    );
  }
  const tenants = generateTenants(options.tenants, seed);

  const client = new Client(pgConnectionConfig(primary));
  await client.connect();
  try {
    await client.query('begin');
    await client.query(DEMO_SCHEMA_SQL);
    // Bulk load: the generated rows are consistent by construction, so skip the per-row
    // foreign-key triggers for this transaction (as pg_restore --disable-triggers does).
    await client.query(`set local session_replication_role = replica`);
    const inserted = new Set<string>();
    for (let start = 0; start < tenants.length; start += BATCH) {
      const chunk = tenants.slice(start, start + BATCH);
      const { rows } = await client.query<{ id: string }>(
        `insert into tenants (id, slug, name, tier, data_classes, owner_group, region, created_at, updated_at)
         select id, slug, name, tier, string_to_array(data_classes, ','), owner_group, region, created_at, created_at
         from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[])
           as t(id, slug, name, tier, data_classes, owner_group, region, created_at)
         on conflict do nothing
         returning id`,
        [
          chunk.map(t => t.id),
          chunk.map(t => t.slug),
          chunk.map(t => t.name),
          chunk.map(t => t.tier),
          chunk.map(t => t.dataClasses.join(',')),
          chunk.map(t => t.ownerGroup),
          chunk.map(t => t.region),
          chunk.map(
            (_, i) => new Date(TENANTS_EPOCH + (start + i) * 3_600_000),
          ),
        ],
      );
      rows.forEach(r => inserted.add(r.id));
    }

    // Generate and insert per slice of tenants so memory stays flat for large fleets.
    const SLICE = 500;
    for (let start = 0; start < tenants.length; start += SLICE) {
      const out: TenantRows = {
        customers: [],
        products: [],
        orders: [],
        orderItems: [],
        payments: [],
      };
      tenants.slice(start, start + SLICE).forEach((tenant, i) => {
        if (inserted.has(tenant.id)) {
          rowsFor(tenant, start + i + 1, seed, ordersPerTenant, out);
        }
      });
      await insertRows(
        client,
        'customers',
        [
          ['id', 'uuid'],
          ['tenant_id', 'text'],
          ['name', 'text'],
          ['email', 'text'],
          ['created_at', 'timestamptz'],
        ],
        out.customers,
      );
      await insertRows(
        client,
        'products',
        [
          ['id', 'uuid'],
          ['tenant_id', 'text'],
          ['sku', 'text'],
          ['name', 'text'],
          ['price_cents', 'int4'],
          ['created_at', 'timestamptz'],
        ],
        out.products,
      );
      await insertRows(
        client,
        'orders',
        [
          ['id', 'uuid'],
          ['tenant_id', 'text'],
          ['customer_id', 'uuid'],
          ['status', 'text'],
          ['total_cents', 'int4'],
          ['placed_at', 'timestamptz'],
        ],
        out.orders,
      );
      await insertRows(
        client,
        'order_items',
        [
          ['id', 'uuid'],
          ['tenant_id', 'text'],
          ['order_id', 'uuid'],
          ['product_id', 'uuid'],
          ['quantity', 'int4'],
          ['unit_price_cents', 'int4'],
        ],
        out.orderItems,
      );
      await insertRows(
        client,
        'payments',
        [
          ['id', 'uuid'],
          ['tenant_id', 'text'],
          ['order_id', 'uuid'],
          ['amount_cents', 'int4'],
          ['method', 'text'],
          ['status', 'text'],
          ['paid_at', 'timestamptz'],
        ],
        out.payments,
      );
    }
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    await client.end().catch(() => {});
  }
  return { tenants };
}
