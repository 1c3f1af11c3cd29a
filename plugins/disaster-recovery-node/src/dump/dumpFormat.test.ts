import { gzipSync } from 'node:zlib';
import { detectDumpFormat, formatProblem } from './dumpFormat';

function customHeader(): Buffer {
  const b = Buffer.alloc(600);
  b.write('PGDMP', 0, 'latin1');
  b[5] = 1;
  b[6] = 14;
  b[7] = 0;
  b[8] = 4;
  b[9] = 8;
  b[10] = 1;
  return b;
}

describe('detectDumpFormat', () => {
  it('recognises a custom archive', () => {
    expect(detectDumpFormat(customHeader())).toBe('custom');
    expect(formatProblem('custom')).toBeUndefined();
  });

  it('reports a gzipped custom dump as gzip, not a custom archive', () => {
    const f = detectDumpFormat(gzipSync(customHeader()));
    expect(f).toBe('gzip');
    expect(formatProblem(f)).toMatch(
      /^gzip-compressed, not a pg_dump custom archive/,
    );
  });

  it('recognises empty, plain SQL, tar and junk', () => {
    expect(detectDumpFormat(Buffer.alloc(0))).toBe('empty');
    expect(
      detectDumpFormat(Buffer.from('--\n-- PostgreSQL database dump\n')),
    ).toBe('plain-sql');
    const tar = Buffer.alloc(512);
    tar.write('ustar', 257, 'latin1');
    expect(detectDumpFormat(tar)).toBe('tar');
    expect(detectDumpFormat(Buffer.from('hello world'))).toBe('unknown');
    const dir = customHeader();
    dir[10] = 5; // directory-format toc.dat
    expect(detectDumpFormat(dir)).toBe('unknown');
  });
});
