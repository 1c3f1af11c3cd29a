import fs from 'node:fs';
import path from 'node:path';
import { BackupCheckError } from '../operation/errors';
import {
  DUMP_CHECK_TABLE,
  DumpCheckList,
  DumpCheckMode,
  dumpCheckTableMarkdown,
} from './dumpChecks';
import { parseTocList } from './toc';

const SHA = 'a'.repeat(64);
const OTHER = 'b'.repeat(64);
const MODES: DumpCheckMode[] = ['quick', 'full', 'restore'];

function toc(database: string) {
  return parseTocList(
    [
      ';',
      '; Archive created at 2025-05-01 00:00:00 UTC',
      `;     dbname: ${database}`,
      ';     Compression: gzip',
      ';',
      '215; 1259 16390 TABLE public orders dr',
      '3361; 0 16390 TABLE DATA public orders dr',
    ].join('\n'),
  );
}

const statuses = (l: DumpCheckList) => l.checks.map(c => `${c.id}:${c.status}`);

describe('DumpCheckList', () => {
  it.each(MODES)(
    'treats a missing checksum as a warning in %s mode, never a pass or a failure',
    mode => {
      const l = new DumpCheckList(mode, 'ecommerce', 'k.dump');
      expect(l.checksum(undefined, SHA)).toBe(true);
      expect(l.checks).toEqual([
        expect.objectContaining({ id: 'checksum', status: 'warn' }),
      ]);
      expect(l.checks[0].detail).toMatch(/no SHA-256 recorded/);
      expect(l.failed).toBe(false);
    },
  );

  it.each(MODES)('fails a checksum mismatch in %s mode', mode => {
    const l = new DumpCheckList(mode, 'ecommerce', 'k.dump');
    expect(l.checksum(SHA, OTHER)).toBe(false);
    expect(statuses(l)).toEqual(['checksum:fail']);
    expect(() => l.throwIfFailed()).toThrow(BackupCheckError);
    expect(() => l.throwIfFailed()).toThrow(
      /Backup k\.dump failed its checks \(checksum: SHA-256 b+ does not match the recorded a+\)/,
    );
  });

  it('passes what is right', () => {
    const l = new DumpCheckList('restore', 'ecommerce', 'k.dump');
    expect(l.size(10)).toBe(true);
    expect(l.metadata({ database: 'ecommerce' })).toBe(true);
    expect(l.format('custom')).toBe(true);
    expect(l.checksum(SHA, SHA)).toBe(true);
    expect(l.toc(toc('ecommerce'))).toBe(true);
    expect(statuses(l)).toEqual([
      'size:pass',
      'format:pass',
      'checksum:pass',
      'toc:pass',
      'database:pass',
    ]);
  });

  it('fails an empty object, a gzip, another database and an unreadable TOC', () => {
    const l = new DumpCheckList('quick', 'ecommerce', 'k.dump');
    expect(l.size(0)).toBe(false);
    expect(l.metadata({ database: 'billing' })).toBe(false);
    expect(l.format('gzip')).toBe(false);
    expect(l.toc(toc('billing'))).toBe(false);
    expect(l.toc(undefined, 'input file is too short')).toBe(false);
    expect(l.toc(parseTocList('garbage'))).toBe(false);
    expect(statuses(l)).toEqual([
      'size:fail',
      'metadata:fail',
      'format:fail',
      'toc:pass',
      'database:fail',
      'toc:fail',
      'toc:fail',
    ]);
    expect(l.checks[2].detail).toMatch(/gzip-compressed/);
    expect(l.checks[4].detail).toBe(
      'dump of database billing, expected ecommerce',
    );
  });

  it('records the whole read as archive (quick) or restore (full, restore), and refuses checks a mode does not run', () => {
    const quick = new DumpCheckList('quick', 'ecommerce', 'k.dump');
    quick.readWhole(undefined, 'read');
    const full = new DumpCheckList('full', 'ecommerce', 'k.dump');
    full.readWhole('pg_restore failed: boom', '');
    expect(statuses(quick)).toEqual(['archive:pass']);
    expect(statuses(full)).toEqual(['restore:fail']);
  });
});

describe('DUMP_CHECK_TABLE', () => {
  it('runs the dump checks in every mode, and says what a missing checksum means', () => {
    for (const id of ['size', 'format', 'toc', 'database', 'checksum']) {
      const rule = DUMP_CHECK_TABLE.find(r => r.id === id)!;
      expect(rule.modes).toEqual({
        quick: 'runs',
        full: 'runs',
        restore: 'runs',
      });
    }
    const checksum = DUMP_CHECK_TABLE.find(r => r.id === 'checksum')!;
    expect(checksum.whenAbsent?.outcome).toBe('warn');
  });

  it('is the table the README shows', () => {
    const readme = fs.readFileSync(
      path.resolve(__dirname, '../../README.md'),
      'utf8',
    );
    // prettier aligns the README's columns: compare cells, not spacing
    const cells = (md: string) =>
      md.replace(/ *\| */g, '|').replace(/\|-{3,}(?=\|)/g, '|---');
    expect(cells(readme)).toContain(cells(dumpCheckTableMarkdown()));
  });
});
