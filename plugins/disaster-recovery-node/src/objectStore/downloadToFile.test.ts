import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startTestPlatform, TestPlatform } from '../__testUtils__/platform';
import { downloadToFile } from './downloadToFile';
import { createS3ClientForTarget } from './s3Client';

jest.setTimeout(60_000);

let tp: TestPlatform;
let dir: string;
const body = randomBytes(7 * 1024 * 1024 + 12345);
const sha = createHash('sha256').update(body).digest('hex');

beforeAll(async () => {
  tp = await startTestPlatform({ pgbackrest: false, prefix: 'download-test' });
  dir = await mkdtemp(path.join(os.tmpdir(), 'dr-download-test-'));
  await tp.s3.send(
    new PutObjectCommand({
      Bucket: tp.target.s3.bucket,
      Key: 'download-test/object.bin',
      Body: body,
    }),
  );
  await tp.s3.send(
    new PutObjectCommand({
      Bucket: tp.target.s3.bucket,
      Key: 'download-test/empty.bin',
      Body: Buffer.alloc(0),
    }),
  );
});

afterAll(async () => {
  await tp?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function client() {
  return createS3ClientForTarget(tp.target.s3);
}

describe('downloadToFile', () => {
  it.each([
    ['one range', 32 * 1024 * 1024, 4],
    ['many small ranges, 3 at once', 1024 * 1024, 3],
    ['uneven ranges, one at a time', 999_999, 1],
  ])(
    'writes every byte in place and hashes them in order (%s)',
    async (name, partSizeBytes, concurrency) => {
      const file = path.join(dir, `${name.replace(/\W+/g, '-')}.bin`);
      const heads: Buffer[] = [];
      const res = await downloadToFile({
        client: client(),
        bucket: tp.target.s3.bucket,
        key: 'download-test/object.bin',
        sizeBytes: body.length,
        path: file,
        partSizeBytes,
        concurrency,
        onHead: h => heads.push(h),
      });
      expect(res.bytes).toBe(body.length);
      expect(res.sha256).toBe(sha);
      expect(res.head.equals(body.subarray(0, 4096))).toBe(true);
      expect(heads).toHaveLength(1);
      expect((await readFile(file)).equals(body)).toBe(true);
    },
  );

  it('downloads an empty object', async () => {
    const file = path.join(dir, 'empty.bin');
    const res = await downloadToFile({
      client: client(),
      bucket: tp.target.s3.bucket,
      key: 'download-test/empty.bin',
      sizeBytes: 0,
      path: file,
    });
    expect(res.bytes).toBe(0);
    expect(res.sha256).toBe(createHash('sha256').digest('hex'));
  });

  it('stops when onHead throws, with that error', async () => {
    const file = path.join(dir, 'refused.bin');
    await expect(
      downloadToFile({
        client: client(),
        bucket: tp.target.s3.bucket,
        key: 'download-test/object.bin',
        sizeBytes: body.length,
        path: file,
        partSizeBytes: 1024 * 1024,
        onHead: () => {
          throw new Error('not a dump');
        },
      }),
    ).rejects.toThrow('not a dump');
  });

  it('fails when the object changed (ETag) or is shorter than expected', async () => {
    await expect(
      downloadToFile({
        client: client(),
        bucket: tp.target.s3.bucket,
        key: 'download-test/object.bin',
        sizeBytes: body.length,
        etag: '"0123456789abcdef0123456789abcdef"',
        path: path.join(dir, 'etag.bin'),
      }),
    ).rejects.toThrow();
    const head = await tp.s3.send(
      new HeadObjectCommand({
        Bucket: tp.target.s3.bucket,
        Key: 'download-test/object.bin',
      }),
    );
    await expect(
      downloadToFile({
        client: client(),
        bucket: tp.target.s3.bucket,
        key: 'download-test/object.bin',
        sizeBytes: body.length + 10,
        etag: head.ETag,
        path: path.join(dir, 'short.bin'),
        partSizeBytes: 4 * 1024 * 1024,
      }),
    ).rejects.toThrow(/short range read|downloaded/);
  });

  it('refuses to overwrite an existing file', async () => {
    const file = path.join(dir, 'exists.bin');
    await downloadToFile({
      client: client(),
      bucket: tp.target.s3.bucket,
      key: 'download-test/empty.bin',
      sizeBytes: 0,
      path: file,
    });
    await expect(
      downloadToFile({
        client: client(),
        bucket: tp.target.s3.bucket,
        key: 'download-test/empty.bin',
        sizeBytes: 0,
        path: file,
      }),
    ).rejects.toThrow(/EEXIST/);
    expect((await readdir(dir)).filter(f => f === 'exists.bin')).toHaveLength(
      1,
    );
  });

  it('stops on abort', async () => {
    const controller = new AbortController();
    const p = downloadToFile({
      client: client(),
      bucket: tp.target.s3.bucket,
      key: 'download-test/object.bin',
      sizeBytes: body.length,
      path: path.join(dir, 'aborted.bin'),
      partSizeBytes: 1024 * 1024,
      concurrency: 1,
      signal: controller.signal,
      onHead: () => controller.abort(),
    });
    await expect(p).rejects.toThrow();
  });
});
