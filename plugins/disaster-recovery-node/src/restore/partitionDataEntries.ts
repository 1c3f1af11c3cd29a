import { DumpToc } from '../dump/toc';

/**
 * Splits the data section of a dump into at most `parts` lists for parallel streaming restores:
 * table data spread by size (largest first onto the lightest list), everything else of the data
 * section (sequence values, large objects) on the first list. Each list keeps the archive's
 * order, which a reader of a non-seekable stream needs. Returns `pg_restore -L` lines.
 * @public
 */
export function partitionDataEntries(
  toc: DumpToc,
  parts: number,
  sizeOf: (schema: string, name: string) => number | undefined = () =>
    undefined,
): string[][] {
  const dataDescs = new Set([
    'TABLE DATA',
    'SEQUENCE SET',
    'BLOBS',
    'BLOB DATA',
    'LARGE OBJECT',
  ]);
  const entries = toc.entries
    .map((e, index) => ({ e, index }))
    .filter(x => dataDescs.has(x.e.desc));
  const n = Math.max(1, Math.floor(parts));
  const bins = Array.from({ length: n }, () => ({
    total: 0,
    items: [] as typeof entries,
  }));
  const tables = entries
    .filter(x => x.e.desc === 'TABLE DATA')
    .map(x => ({ ...x, size: sizeOf(x.e.schema, x.e.name) ?? 1 }))
    .sort((a, b) => b.size - a.size || a.index - b.index);
  for (const t of tables) {
    const lightest = bins.reduce((best, bin) =>
      bin.total < best.total ? bin : best,
    );
    lightest.items.push(t);
    lightest.total += t.size;
  }
  for (const x of entries.filter(y => y.e.desc !== 'TABLE DATA')) {
    bins[0].items.push(x);
  }
  return bins
    .filter(b => b.items.length > 0)
    .map(b => b.items.sort((a, c) => a.index - c.index).map(x => x.e.line));
}
