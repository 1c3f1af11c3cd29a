import {
  CopyObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  ListObjectsV2CommandInput,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { createS3Client } from './objectStore';
import { startPlatform } from './startPlatform';
import { Platform } from './types';

// Conformance of the harness's object store with S3 where the product depends on it: the
// ListObjectsV2 order and paging (UTF-8 byte order, whatever the page size) and the server-side
// encryption an object reports. The emulator is patched for both (.yarn/patches/fauxqs-*.patch);
// these tests keep an upgrade from bringing the old behaviour back.

jest.setTimeout(180_000);

let platform: Platform;
let client: S3Client;
let bucket: string;

/** S3's key order: UTF-8 bytes. */
function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

// Characters whose order differs between locale collation, UTF-16 code units and UTF-8 bytes:
// punctuation that a locale ignores or ranks differently, mixed case, accents, CJK, a
// private-use character (U+E000) and one above U+FFFF (a surrogate pair in JavaScript).
const TOKENS = [
  'a',
  'B',
  'c',
  '_',
  '.',
  '-',
  '0',
  '9',
  'é',
  'Ω',
  '中',
  '\uE000',
  '😀',
];

function keySet(): string[] {
  const keys = new Set<string>();
  for (const x of TOKENS) {
    for (const y of TOKENS) keys.add(`${x}${y}`);
    for (const p of ['dir/', 'dir.', 'dir_', 'Dir/', 'dir/sub/']) {
      keys.add(`${p}${x}`);
    }
  }
  for (const x of ['a', '_', '.', 'B', 'é', '😀']) {
    for (const y of ['a', '_', '.b', '-', '0']) keys.add(`${x}/${y}`);
  }
  // The product's layout, the plan's layout, and names around them.
  for (const key of [
    'ecommerce/2026/12/03/ecommerce_20261203T073000Z.dump',
    'ecommerce/2026/12/03/ecommerce_20261203T073000Z.stats.json',
    'ecommerce/2026/12/03/ecommerce_20261203T073000Z.dump.partial',
    'ecommerce_20261203_073000.dump',
    'ecommerce_20261203_073000.dump.gz',
    'ecommerce-20261203.dump',
    'ecommerce.dump',
    'Ecommerce_latest.dump',
  ]) {
    keys.add(key);
  }
  // Keys whose path has a '.' or '..' segment would be normalised away by HTTP clients.
  return [...keys].filter(
    k => !k.split('/').some(s => s === '.' || s === '..'),
  );
}

const KEYS = keySet();

interface Entry {
  kind: 'key' | 'prefix';
  name: string;
}

/** What S3 answers for a listing, all pages together, computed from the key set alone. */
function reference(
  keys: string[],
  options: { prefix?: string; delimiter?: string; startAfter?: string } = {},
): Entry[] {
  const { prefix = '', delimiter, startAfter } = options;
  const out: Entry[] = [];
  for (const key of [...keys].sort(byteOrder)) {
    if (!key.startsWith(prefix)) continue;
    if (startAfter !== undefined && byteOrder(key, startAfter) <= 0) continue;
    const rest = key.slice(prefix.length);
    const at = delimiter ? rest.indexOf(delimiter) : -1;
    if (delimiter && at >= 0) {
      const common = prefix + rest.slice(0, at + delimiter.length);
      if (startAfter !== undefined && byteOrder(common, startAfter) <= 0) {
        continue;
      }
      const last = out[out.length - 1];
      if (last?.kind !== 'prefix' || last.name !== common) {
        out.push({ kind: 'prefix', name: common });
      }
      continue;
    }
    out.push({ kind: 'key', name: key });
  }
  return out;
}

/** Lists every page with `maxKeys` and checks each page's own contract on the way. */
async function listAll(
  input: Omit<ListObjectsV2CommandInput, 'Bucket'>,
  maxKeys: number,
): Promise<{ entries: Entry[]; pages: number }> {
  const entries: Entry[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const page = await client.send(
      new ListObjectsV2Command({
        ...input,
        Bucket: bucket,
        MaxKeys: maxKeys,
        ContinuationToken: token,
      }),
    );
    pages += 1;
    const onPage: Entry[] = [
      ...(page.Contents ?? []).map(c => ({
        kind: 'key' as const,
        name: c.Key!,
      })),
      ...(page.CommonPrefixes ?? []).map(p => ({
        kind: 'prefix' as const,
        name: p.Prefix!,
      })),
    ].sort((a, b) => byteOrder(a.name, b.name));
    expect(onPage.length).toBeLessThanOrEqual(maxKeys);
    expect(page.KeyCount).toBe(onPage.length);
    if (page.IsTruncated) {
      expect(onPage.length).toBe(maxKeys);
      expect(page.NextContinuationToken).toBeTruthy();
    }
    entries.push(...onPage);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
    if (pages > KEYS.length + 2) throw new Error('listing does not end');
  } while (token);
  return { entries, pages };
}

/** Runs `fn` over `items`, a few at a time. */
async function inParallel<T>(
  items: T[],
  fn: (item: T) => Promise<void>,
): Promise<void> {
  const queue = [...items].reverse();
  await Promise.all(
    Array.from({ length: 6 }, async () => {
      for (let item = queue.pop(); item !== undefined; item = queue.pop()) {
        await fn(item);
      }
    }),
  );
}

beforeAll(async () => {
  platform = await startPlatform({
    standby: false,
    pgbouncer: false,
    pgbackrest: false,
  });
  client = createS3Client(platform.s3!);
  bucket = platform.s3!.bucket;
  await inParallel(KEYS, async key => {
    await client.send(
      new PutObjectCommand({ Bucket: bucket, Key: key, Body: key }),
    );
  });
});

afterAll(async () => {
  client?.destroy();
  await platform?.stop();
});

describe('ListObjectsV2 of the harness store', () => {
  it('uses a key set whose byte order differs from locale and UTF-16 order', () => {
    const bytes = [...KEYS].sort(byteOrder);
    expect([...KEYS].sort((a, b) => a.localeCompare(b))).not.toEqual(bytes);
    expect([...KEYS].sort()).not.toEqual(bytes);
    expect(KEYS.length).toBeGreaterThan(250);
  });

  it('returns every key once, in byte order, for every page size from 1 to 1000', async () => {
    const expected = reference(KEYS);
    expect(expected).toHaveLength(KEYS.length);
    // Past the key count every page size lists one page: sample that range.
    const sizes = Array.from({ length: 1000 }, (_, i) => i + 1).filter(
      m => m <= KEYS.length + 1 || m % 97 === 0 || m === 1000,
    );
    await inParallel(sizes, async maxKeys => {
      const { entries, pages } = await listAll({}, maxKeys);
      expect({ maxKeys, entries }).toEqual({ maxKeys, entries: expected });
      expect(pages).toBe(Math.max(1, Math.ceil(KEYS.length / maxKeys)));
    });
  });

  it('starts after any StartAfter, listed or not, with continuation tokens after it', async () => {
    const sorted = [...KEYS].sort(byteOrder);
    const starts = [
      '',
      ...sorted.filter((_, i) => i % 17 === 0),
      'a',
      'dir',
      'dir/',
      'dir/sub',
      'ecommerce_2026',
      'ecommerce/2026/12/',
      '\u00ff',
      '\uFFFF',
      '~',
    ];
    const cases = starts.flatMap((startAfter, i) =>
      [i % 4 === 0 ? 1 : 3, 1000].map(maxKeys => ({ startAfter, maxKeys })),
    );
    await inParallel(cases, async ({ startAfter, maxKeys }) => {
      const { entries } = await listAll(
        { StartAfter: startAfter || undefined },
        maxKeys,
      );
      expect({ startAfter, maxKeys, entries }).toEqual({
        startAfter,
        maxKeys,
        entries: reference(KEYS, { startAfter: startAfter || undefined }),
      });
    });
  });

  it('lists prefixes and rolls up delimiters like S3', async () => {
    const cases: Array<{
      prefix?: string;
      delimiter?: string;
      startAfter?: string;
    }> = [
      { prefix: 'dir' },
      { prefix: 'dir/' },
      { prefix: 'dir.' },
      { prefix: 'dir_' },
      { prefix: 'a' },
      { prefix: '_' },
      { prefix: 'é' },
      { prefix: '😀' },
      { prefix: 'ecommerce' },
      { prefix: 'nothing-here' },
      { delimiter: '/' },
      { prefix: 'dir/', delimiter: '/' },
      { prefix: 'ecommerce/', delimiter: '/' },
      { prefix: 'ecommerce', delimiter: '/' },
      { delimiter: '_' },
      { delimiter: '.' },
      { prefix: 'dir', delimiter: '/' },
      { delimiter: '/', startAfter: 'a' },
      { delimiter: '/', startAfter: 'dir/' },
      { prefix: 'dir', delimiter: '/', startAfter: 'dir.' },
    ];
    const runs = cases.flatMap(c =>
      [1, 2, 5, 1000].map(maxKeys => ({ c, maxKeys })),
    );
    await inParallel(runs, async ({ c, maxKeys }) => {
      const { entries } = await listAll(
        { Prefix: c.prefix, Delimiter: c.delimiter, StartAfter: c.startAfter },
        maxKeys,
      );
      expect({ ...c, maxKeys, entries }).toEqual({
        ...c,
        maxKeys,
        entries: reference(KEYS, c),
      });
    });
  });

  it('refuses a max-keys that is not a non-negative integer', async () => {
    for (const value of ['abc', '-1', '1.5']) {
      const response = await fetch(
        `${platform.s3!.endpoint}/${bucket}?list-type=2&max-keys=${value}`,
      );
      expect({ value, status: response.status }).toEqual({
        value,
        status: 400,
      });
    }
  });
});

describe('server-side encryption of the harness store', () => {
  async function encryptionOf(key: string) {
    const head = await client.send(
      new HeadObjectCommand({ Bucket: bucket, Key: key }),
    );
    const get = await client.send(
      new GetObjectCommand({ Bucket: bucket, Key: key }),
    );
    await get.Body!.transformToByteArray();
    expect(get.ServerSideEncryption).toBe(head.ServerSideEncryption);
    expect(get.SSEKMSKeyId).toBe(head.SSEKMSKeyId);
    return { sse: head.ServerSideEncryption, kmsKeyId: head.SSEKMSKeyId };
  }

  it('answers HEAD and GET with the encryption an object was written with', async () => {
    await client.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'sse/kms.dump',
        Body: 'x',
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: 'alias/backups',
      }),
    );
    expect(await encryptionOf('sse/kms.dump')).toEqual({
      sse: 'aws:kms',
      kmsKeyId: 'alias/backups',
    });

    const put = await client.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'sse/aes.dump',
        Body: 'x',
        ServerSideEncryption: 'AES256',
      }),
    );
    expect(put.ServerSideEncryption).toBe('AES256');
    expect(await encryptionOf('sse/aes.dump')).toEqual({
      sse: 'AES256',
      kmsKeyId: undefined,
    });
  });

  it('reports S3 default encryption (SSE-S3) for an object written without a header', async () => {
    await client.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'sse/plain.dump',
        Body: 'x',
      }),
    );
    expect(await encryptionOf('sse/plain.dump')).toEqual({
      sse: 'AES256',
      kmsKeyId: undefined,
    });
  });

  it('keeps the encryption of a multipart upload and sets a copy from its own request', async () => {
    await new Upload({
      client,
      params: {
        Bucket: bucket,
        Key: 'sse/multipart.dump',
        Body: Buffer.alloc(6 * 1024 * 1024, 1),
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: 'alias/multipart',
      },
      partSize: 5 * 1024 * 1024,
    }).done();
    expect(await encryptionOf('sse/multipart.dump')).toEqual({
      sse: 'aws:kms',
      kmsKeyId: 'alias/multipart',
    });

    // As in S3, a copy is encrypted as its request says, else by the bucket default.
    await client.send(
      new CopyObjectCommand({
        Bucket: bucket,
        Key: 'sse/copy-default.dump',
        CopySource: `${bucket}/sse/multipart.dump`,
      }),
    );
    expect(await encryptionOf('sse/copy-default.dump')).toEqual({
      sse: 'AES256',
      kmsKeyId: undefined,
    });
    await client.send(
      new CopyObjectCommand({
        Bucket: bucket,
        Key: 'sse/copy-kms.dump',
        CopySource: `${bucket}/sse/plain.dump`,
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: 'alias/copy',
      }),
    );
    expect(await encryptionOf('sse/copy-kms.dump')).toEqual({
      sse: 'aws:kms',
      kmsKeyId: 'alias/copy',
    });
  });

  it('refuses an unknown encryption algorithm', async () => {
    await expect(
      client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: 'sse/bad.dump',
          Body: 'x',
          ServerSideEncryption: 'rot13' as 'AES256',
        }),
      ),
    ).rejects.toMatchObject({ $metadata: { httpStatusCode: 400 } });
    await expect(
      client.send(
        new HeadObjectCommand({ Bucket: bucket, Key: 'sse/bad.dump' }),
      ),
    ).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
  });
});
