import { partitionDataEntries } from './partitionDataEntries';
import { parseTocList } from '../dump/toc';

const toc = parseTocList(
  [
    '10; 1259 1 TABLE public a postgres',
    '11; 1259 2 TABLE public b postgres',
    '20; 0 1 TABLE DATA public a postgres',
    '21; 0 2 TABLE DATA public b postgres',
    '22; 0 3 TABLE DATA public c postgres',
    '23; 0 4 TABLE DATA public d postgres',
    '24; 0 0 SEQUENCE SET public s postgres',
    '30; 1259 5 INDEX public a_idx postgres',
  ].join('\n'),
);

describe('partitionDataEntries', () => {
  it('spreads table data by size and keeps archive order within each list', () => {
    const sizes: Record<string, number> = { a: 100, b: 10, c: 60, d: 50 };
    const lists = partitionDataEntries(toc, 2, (_s, n) => sizes[n]);
    // largest first onto the lightest list: a(100) | c(60), d(50) -> 110 | b(10) -> 110
    expect(lists).toEqual([
      [
        '20; 0 1 TABLE DATA public a postgres',
        '21; 0 2 TABLE DATA public b postgres',
        '24; 0 0 SEQUENCE SET public s postgres',
      ],
      [
        '22; 0 3 TABLE DATA public c postgres',
        '23; 0 4 TABLE DATA public d postgres',
      ],
    ]);
  });

  it('never returns empty lists, and one list for one part', () => {
    expect(partitionDataEntries(toc, 8)).toHaveLength(4);
    expect(partitionDataEntries(toc, 1)).toEqual([
      [
        '20; 0 1 TABLE DATA public a postgres',
        '21; 0 2 TABLE DATA public b postgres',
        '22; 0 3 TABLE DATA public c postgres',
        '23; 0 4 TABLE DATA public d postgres',
        '24; 0 0 SEQUENCE SET public s postgres',
      ],
    ]);
  });
});
