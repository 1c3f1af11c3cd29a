import { BackupObjectInfo } from '@dr-portal/backstage-plugin-disaster-recovery-node';
import {
  createStores,
  storeTestDatabases,
} from '../../database/__testUtils__/testStores';
import { HeadBackup, verifiedBackupId } from './verifiedBackup';

jest.setTimeout(120_000);

const TAKEN = new Date('2026-12-01T07:30:00.000Z');
const OBJECT = {
  target: 'ecommerce',
  bucket: 'backups',
  key: 'ecommerce/2026/12/01/a.dump',
  etag: '"e1"',
};

function head(info?: Partial<BackupObjectInfo>): HeadBackup {
  return async key =>
    info && {
      key,
      sizeBytes: 42,
      lastModified: TAKEN,
      etag: '"e1"',
      takenAt: TAKEN,
      takenAtSource: 'metadata',
      metadata: { sha256: 'f'.repeat(64) },
      ...info,
    };
}

async function verifyAndList(
  stores: Awaited<ReturnType<typeof createStores>>['stores'],
  status: 'pass' | 'fail',
  backupId: string,
) {
  await stores.verifications.recordVerification({
    id: `v-${status}-${backupId}`,
    target: 'ecommerce',
    backupId,
    status,
    mode: 'quick',
    finishedAt: '2026-12-01T08:00:00.000Z',
  });
  const page = await stores.backups.listBackups({ targets: ['ecommerce'] });
  return page.items.find(b => b.id === backupId);
}

describe.each(storeTestDatabases.eachSupportedId())(
  'verified backups on %p',
  databaseId => {
    it('records a verification against its backup row, which the backups list then shows verified', async () => {
      const { stores } = await createStores(databaseId);
      await stores.backups.upsertBackups([
        { ...OBJECT, sizeBytes: 42, takenAt: TAKEN, lastModified: TAKEN },
      ]);
      const before = await stores.backups.listBackups({
        targets: ['ecommerce'],
      });
      expect(before.items[0].verification).toBeUndefined();

      const id = await verifiedBackupId(stores.backups, OBJECT, head({}));
      expect(id).toBe(before.items[0].id);
      expect(await verifyAndList(stores, 'pass', id)).toMatchObject({
        key: OBJECT.key,
        verification: {
          status: 'pass',
          mode: 'quick',
          verifiedAt: '2026-12-01T08:00:00.000Z',
        },
      });
    });

    it('indexes a verified backup the indexer has not listed yet', async () => {
      const { stores } = await createStores(databaseId);
      const id = await verifiedBackupId(stores.backups, OBJECT, head({}));
      const backup = await verifyAndList(stores, 'pass', id);
      expect(backup).toMatchObject({
        key: OBJECT.key,
        etag: '"e1"',
        sizeBytes: 42,
        takenAt: TAKEN.toISOString(),
        verification: { status: 'pass' },
      });
    });

    it('refuses a verification of an object that is gone or was replaced', async () => {
      const { stores } = await createStores(databaseId);
      await expect(
        verifiedBackupId(stores.backups, OBJECT, head(undefined)),
      ).rejects.toThrow(/was deleted before its verification was recorded/);
      await expect(
        verifiedBackupId(stores.backups, OBJECT, head({ etag: '"e2"' })),
      ).rejects.toThrow(/was replaced after it was verified/);
      // Nothing was indexed for it.
      expect(
        await stores.backups.findBackup(OBJECT.bucket, OBJECT.key),
      ).toBeUndefined();
    });

    it('refuses to record a verification of a backup the index has marked deleted', async () => {
      const { stores } = await createStores(databaseId);
      await stores.backups.upsertBackups([
        { ...OBJECT, sizeBytes: 42, takenAt: TAKEN, lastModified: TAKEN },
      ]);
      const row = await stores.backups.findBackup(OBJECT.bucket, OBJECT.key);
      await stores.backups.markBackupsDeleted('ecommerce', [OBJECT]);
      expect(
        (await stores.backups.findBackup(OBJECT.bucket, OBJECT.key))?.deletedAt,
      ).toBeDefined();
      await expect(
        stores.verifications.recordVerification({
          id: 'late',
          target: 'ecommerce',
          backupId: row!.id,
          status: 'pass',
          mode: 'full',
          finishedAt: '2026-12-01T08:00:00.000Z',
        }),
      ).rejects.toThrow(/is gone: a verification of a deleted backup/);
      expect(
        await stores.verifications.listVerifications({ target: 'ecommerce' }),
      ).toEqual([]);
    });
  },
);
