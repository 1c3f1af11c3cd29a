import { datePartition, inScope } from './backupListing';

describe('datePartition', () => {
  it("reads the product's YYYY/MM/DD folders with their time ranges", () => {
    expect(datePartition([], '2026')).toEqual({
      parts: [2026],
      end: Date.UTC(2027, 0, 1),
    });
    expect(datePartition([2026], '12')).toEqual({
      parts: [2026, 12],
      end: Date.UTC(2027, 0, 1),
    });
    expect(datePartition([2026], '02')).toEqual({
      parts: [2026, 2],
      end: Date.UTC(2026, 2, 1),
    });
    expect(datePartition([2026, 2], '28')).toEqual({
      parts: [2026, 2, 28],
      end: Date.UTC(2026, 2, 1),
    });
  });

  it('reads whole days and name=value folders', () => {
    for (const name of ['2026-12-03', '20261203', 'dt=2026-12-03']) {
      expect({ name, p: datePartition([], name) }).toEqual({
        name,
        p: { parts: [2026, 12, 3], end: Date.UTC(2026, 11, 4) },
      });
    }
    expect(datePartition([], 'year=2026')?.parts).toEqual([2026]);
  });

  it('treats other names as ordinary folders', () => {
    expect(datePartition([], 'manual')).toBeUndefined();
    expect(datePartition([], '12')).toBeUndefined();
    expect(datePartition([2026], '13')).toBeUndefined();
    expect(datePartition([2026, 2], '30')).toBeUndefined();
    expect(datePartition([2026, 2, 3], '04')).toBeUndefined();
    expect(datePartition([], '2026-13-01')).toBeUndefined();
    expect(datePartition([], '0042')).toBeUndefined();
  });
});

describe('inScope', () => {
  it('covers a whole subtree, or the keys of a folder outside the subfolders listed', () => {
    const deep = { prefix: 'p/2026/12/03/', deep: true };
    expect(inScope('p/2026/12/03/a.dump', deep)).toBe(true);
    expect(inScope('p/2026/12/03/x/a.dump', deep)).toBe(true);
    expect(inScope('p/2026/12/04/a.dump', deep)).toBe(false);

    const shallow = { prefix: 'p/', deep: false, folders: ['p/2026/'] };
    expect(inScope('p/ecommerce_20261203_073000.dump', shallow)).toBe(true);
    expect(inScope('p/2026/12/03/a.dump', shallow)).toBe(false);
    // A folder the listing no longer returned holds nothing any more.
    expect(inScope('p/manual/a.dump', shallow)).toBe(true);
    expect(inScope('q/a.dump', shallow)).toBe(false);
  });
});
