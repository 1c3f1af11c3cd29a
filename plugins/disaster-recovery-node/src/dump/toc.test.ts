import { parseTocList, tocTables, tocTablesWithData } from './toc';

const LIST = `;
; Archive created at 2025-11-25 13:50:57 UTC
;     dbname: ecommerce
;     TOC Entries: 15
;     Compression: 1
;     Dump Version: 1.14-0
;     Format: CUSTOM
;     Integer: 4 bytes
;     Offset: 8 bytes
;     Dumped from database version: 15.18 (Debian 15.18-0+deb12u1)
;     Dumped by pg_dump version: 15.18 (Debian 15.18-0+deb12u1)
;
;
; Selected TOC Entries:
;
216; 1259 16404 TABLE public orders postgres
215; 1259 16397 TABLE public order items postgres
214; 1259 16389 SEQUENCE public orders_id_seq postgres
3357; 0 16404 TABLE DATA public orders postgres
3356; 0 16397 TABLE DATA public order items postgres
3358; 0 0 SEQUENCE SET public orders_id_seq postgres
3211; 2606 16410 CONSTRAINT public orders orders_pkey postgres
3212; 2606 16411 FK CONSTRAINT public orders orders_tenant_fkey postgres
`;

describe('parseTocList', () => {
  it('reads the header and entries', () => {
    const toc = parseTocList(LIST);
    expect(toc.database).toBe('ecommerce');
    expect(toc.compression).toBe('1');
    expect(toc.format).toBe('CUSTOM');
    expect(toc.entryCount).toBe(15);
    expect(toc.serverVersion).toMatch(/^15\.18/);
    expect(toc.entries).toHaveLength(8);
    expect(toc.entries[3]).toMatchObject({
      dumpId: 3357,
      desc: 'TABLE DATA',
      schema: 'public',
      name: 'orders',
      owner: 'postgres',
    });
    expect(toc.entries[7]).toMatchObject({
      desc: 'FK CONSTRAINT',
      name: 'orders orders_tenant_fkey',
    });
  });

  it('lists tables and tables with data (names with spaces kept)', () => {
    const toc = parseTocList(LIST);
    expect(tocTables(toc)).toEqual([
      { schema: 'public', name: 'orders' },
      { schema: 'public', name: 'order items' },
    ]);
    expect(tocTablesWithData(toc)).toHaveLength(2);
  });

  it('gives an empty TOC for garbage', () => {
    expect(parseTocList('not a list').entries).toEqual([]);
  });
});
