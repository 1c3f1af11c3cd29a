import {
  compareRowCounts,
  compareTables,
  DEFAULT_ROW_COUNT_TOLERANCE,
  ExpectedShape,
  noShapeCheck,
  resolveRowCountTolerance,
  shapeFromStats,
} from './expectedShape';
import { acceptWarnings, assertCheckIds } from './checks';

const live: ExpectedShape = {
  source: 'live-catalog',
  from: 'live database shop',
  schemas: ['public'],
  tables: [
    { schema: 'public', name: 'orders', rows: 1000 },
    { schema: 'public', name: 'tenants', rows: 5 },
    { schema: 'public', name: 'fresh', rows: undefined },
  ],
};

describe('compareTables', () => {
  it('fails when a table of the shape is missing, naming it and what is not expected', () => {
    const check = compareTables(
      live,
      [
        { schema: 'public', name: 'orders' },
        { schema: 'public', name: 'accounts' },
      ],
      'the dump',
    );
    expect(check).toEqual({
      id: 'shape',
      status: 'fail',
      detail:
        '2 of 3 tables of the live database shop are missing from the dump: public.tenants, public.fresh; not expected: public.accounts',
    });
  });

  it('passes when every table is there', () => {
    const check = compareTables(
      live,
      live.tables.map(({ schema, name }) => ({ schema, name })),
      'the dump',
    );
    expect(check.status).toBe('pass');
  });

  it('has nothing to compare with: a warning, never a pass', () => {
    expect(noShapeCheck('live unreachable').status).toBe('warn');
  });
});

describe('compareRowCounts', () => {
  it('allows max(absolute, relative x expected) and says what drifted', () => {
    const tol = DEFAULT_ROW_COUNT_TOLERANCE; // 10 %, 10 rows, warn
    const ok = compareRowCounts(
      live,
      [
        { schema: 'public', name: 'orders', rows: 1100 },
        { schema: 'public', name: 'tenants', rows: 15 },
        { schema: 'public', name: 'fresh', rows: 123456 },
      ],
      tol,
    );
    expect(ok).toMatchObject({
      status: 'pass',
      detail: expect.stringMatching(/^2 tables/),
    });
    const drifted = compareRowCounts(
      live,
      [
        { schema: 'public', name: 'orders', rows: 1101 },
        { schema: 'public', name: 'tenants', rows: 16 },
      ],
      tol,
    );
    expect(drifted.status).toBe('warn');
    expect(drifted.detail).toContain(
      'public.orders: 1101 rows, expected about 1000, public.tenants: 16 rows, expected about 5',
    );
    expect(
      compareRowCounts(
        live,
        [{ schema: 'public', name: 'orders', rows: 0 }],
        resolveRowCountTolerance({ exceeded: 'fail' }),
      ).status,
    ).toBe('fail');
  });
});

describe('resolveRowCountTolerance', () => {
  it('fills in defaults and refuses nonsense, naming the field', () => {
    expect(resolveRowCountTolerance({ relative: 0.5 })).toEqual({
      relative: 0.5,
      absolute: 10,
      exceeded: 'warn',
    });
    expect(() => resolveRowCountTolerance({ relative: -1 })).toThrow(
      /rowCountTolerance\.relative/,
    );
    expect(() =>
      resolveRowCountTolerance({ exceeded: 'ignore' as 'warn' }, 'x'),
    ).toThrow(/x\.exceeded/);
    expect(() => resolveRowCountTolerance({ absolute: 1.5 })).toThrow(
      /absolute/,
    );
  });
});

describe('shapeFromStats', () => {
  it('takes schemas, tables and counts from a statistics sidecar', () => {
    const shape = shapeFromStats(
      {
        version: 1,
        database: 'shop',
        tenantColumn: 'tenant_id',
        tables: [
          { schema: 'sales', name: 'orders', rows: 3 },
          { schema: 'public', name: 'tenants', rows: 1 },
        ],
      },
      'stats-sidecar',
      'statistics of k',
    );
    expect(shape.schemas).toEqual(['public', 'sales']);
    expect(shape.tables).toContainEqual({
      schema: 'sales',
      name: 'orders',
      rows: 3,
    });
  });
});

describe('warning acceptance', () => {
  const checks = [
    { id: 'checksum', status: 'warn' as const, detail: 'no checksum' },
    { id: 'row-drift', status: 'warn' as const, detail: 'drift' },
    { id: 'shape', status: 'pass' as const, detail: 'ok' },
  ];

  it('splits warnings into accepted and unaccepted ones', () => {
    const { accepted, unaccepted } = acceptWarnings(checks, [
      'checksum',
      'shape',
    ]);
    expect(accepted.map(c => c.id)).toEqual(['checksum']);
    expect(unaccepted.map(c => c.id)).toEqual(['row-drift']);
  });

  it('validates the accepted ids', () => {
    expect(assertCheckIds(undefined, 'acceptWarnings')).toEqual([]);
    expect(assertCheckIds(['checksum', 'checksum'], 'acceptWarnings')).toEqual([
      'checksum',
    ]);
    expect(() => assertCheckIds('checksum', 'acceptWarnings')).toThrow(
      /acceptWarnings/,
    );
    expect(() => assertCheckIds(['DROP TABLE'], 'acceptWarnings')).toThrow(
      /acceptWarnings/,
    );
  });
});
