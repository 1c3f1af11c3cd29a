/** What the first bytes of an object say it is. @public */
export type DetectedFormat =
  | 'custom'
  | 'gzip'
  | 'plain-sql'
  | 'tar'
  | 'empty'
  | 'unknown';

/** Bytes needed by {@link detectDumpFormat} (enough for a tar header's `ustar` magic). @public */
export const FORMAT_SNIFF_BYTES = 512;

/** Detects a dump's format from its first bytes (pass at least {@link FORMAT_SNIFF_BYTES} when available). @public */
export function detectDumpFormat(head: Buffer): DetectedFormat {
  if (head.length === 0) {
    return 'empty';
  }
  if (head.length >= 5 && head.subarray(0, 5).toString('latin1') === 'PGDMP') {
    // byte 10 is the archive format: 1 = custom
    return head.length < 11 || head[10] === 1 ? 'custom' : 'unknown';
  }
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) {
    return 'gzip';
  }
  if (
    head.length >= 262 &&
    head.subarray(257, 262).toString('latin1') === 'ustar'
  ) {
    return 'tar';
  }
  const text = head.subarray(0, 64).toString('latin1');
  if (/^(--|SET |CREATE |\\connect)/.test(text)) {
    return 'plain-sql';
  }
  return 'unknown';
}

/** Human explanation of why a detected format is not a usable custom archive, or undefined when it is. @public */
export function formatProblem(format: DetectedFormat): string | undefined {
  switch (format) {
    case 'custom':
      return undefined;
    case 'gzip':
      return 'gzip-compressed, not a pg_dump custom archive (a custom-format dump is already compressed; do not gzip it)';
    case 'empty':
      return 'the object is empty';
    case 'plain-sql':
      return 'a plain SQL script, not a pg_dump custom archive';
    case 'tar':
      return 'a tar archive, not a pg_dump custom archive';
    default:
      return 'not a pg_dump custom archive (no PGDMP magic)';
  }
}
