import { createStores, storeTestDatabases } from './__testUtils__/testStores';

jest.setTimeout(120_000);

describe.each(storeTestDatabases.eachSupportedId())(
  'DatabaseBackupStore on %p',
  databaseId => {
    it('pages backups newest by time taken, not by key, and keeps deleted ones out', async () => {
      const { stores } = await createStores(databaseId);
      // Keys sort in the opposite order of their times.
      await stores.backups.upsertBackups(
        ['a', 'b', 'c'].map((letter, i) => ({
          target: 'db1',
          bucket: 'backups',
          key: `db1/${letter}.dump`,
          sizeBytes: 100 + i,
          takenAt: new Date(Date.UTC(2026, 0, 10 - i)),
          lastModified: new Date(Date.UTC(2026, 0, 10 - i)),
        })),
      );
      const page = await stores.backups.listBackups({
        targets: ['db1'],
        limit: 2,
      });
      expect(page.totalItems).toBe(3);
      expect(page.items.map(b => b.key)).toEqual(['db1/a.dump', 'db1/b.dump']);
      expect(page.items[0].takenAt).toBe('2026-01-10T00:00:00.000Z');

      // upsert by (bucket, key) updates in place
      await stores.backups.upsertBackups([
        {
          target: 'db1',
          bucket: 'backups',
          key: 'db1/a.dump',
          sizeBytes: 999,
          sha256: 'abc',
          takenAt: new Date(Date.UTC(2026, 0, 10)),
          lastModified: new Date(Date.UTC(2026, 0, 10)),
        },
      ]);
      const evidence = await stores.backups.getBackupEvidence('db1');
      expect(evidence.count).toBe(3);
      expect(evidence.newest[0]).toMatchObject({
        key: 'db1/a.dump',
        sizeBytes: 999,
        sha256: 'abc',
      });
      expect(evidence.oldest.map(b => b.key)).toEqual(['db1/c.dump']);
      expect(evidence.firstBackupAt).toBe('2026-01-08T00:00:00.000Z');

      // the indexer reads versions by prefix (LIKE wildcards in keys are literal) and marks
      // what it no longer lists as deleted; history keeps the first one
      await stores.backups.upsertBackups([
        {
          target: 'db1',
          bucket: 'backups',
          key: 'db1_x/other.dump',
          sizeBytes: 1,
          takenAt: new Date(Date.UTC(2026, 0, 9)),
          lastModified: new Date(Date.UTC(2026, 0, 1, 0, 0, 0, 123)),
        },
      ]);
      const versions = await stores.backups.listIndexedBackupVersions('db1', {
        bucket: 'backups',
        scopes: [{ prefix: 'db1/' }],
      });
      expect(versions.map(v => v.key).sort()).toEqual([
        'db1/a.dump',
        'db1/b.dump',
        'db1/c.dump',
      ]);
      expect(
        await stores.backups.listIndexedBackupVersions('db1', {
          bucket: 'backups',
          scopes: [{ prefix: 'db1', except: ['db1/', 'db1_x/'] }],
        }),
      ).toEqual([]);
      expect(
        (
          await stores.backups.listIndexedBackupVersions('db1', {
            bucket: 'backups',
            scopes: [{ prefix: 'db1_' }],
          })
        ).map(v => v.key),
      ).toEqual(['db1_x/other.dump']);
      expect(
        await stores.backups.listIndexedBackupVersions('db1', {
          bucket: 'other',
          scopes: [{ prefix: '' }],
        }),
      ).toEqual([]);
      const all = await stores.backups.listIndexedBackupVersions('db1');
      expect(all.find(v => v.key === 'db1_x/other.dump')).toEqual({
        bucket: 'backups',
        key: 'db1_x/other.dump',
        lastModified: new Date(Date.UTC(2026, 0, 1, 0, 0, 0, 123)),
      });
      expect(
        await stores.backups.markBackupsDeleted('db1', [
          { bucket: 'backups', key: 'db1/b.dump' },
          { bucket: 'backups', key: 'db1/c.dump' },
          { bucket: 'backups', key: 'db1_x/other.dump' },
          { bucket: 'other', key: 'db1/a.dump' },
        ]),
      ).toBe(3);
      expect(
        await stores.backups.markBackupsDeleted('db1', [
          { bucket: 'backups', key: 'db1/b.dump' },
        ]),
      ).toBe(0);
      const after = await stores.backups.getBackupEvidence('db1');
      expect(after.count).toBe(1);
      expect(after.firstBackupAt).toBe('2026-01-08T00:00:00.000Z');
      expect(
        (await stores.backups.listBackups({ targets: ['db1'] })).totalItems,
      ).toBe(1);

      // verification results are attached to their backup
      await stores.verifications.recordVerification({
        id: 'v1',
        target: 'db1',
        backupId: after.newest[0].id,
        status: 'pass',
        mode: 'quick',
        finishedAt: '2026-01-11T00:00:00.000Z',
      });
      const verified = await stores.backups.listBackups({ targets: ['db1'] });
      expect(verified.items[0].verification).toEqual({
        status: 'pass',
        mode: 'quick',
        verifiedAt: '2026-01-11T00:00:00.000Z',
      });
    });

    it('keeps one index cursor per target', async () => {
      const { stores } = await createStores(databaseId);
      expect(await stores.backups.getIndexCursor('db1')).toBeUndefined();
      await stores.backups.setIndexCursor({
        target: 'db1',
        bucket: 'b',
        prefix: 'db1/',
        lastKey: 'db1/x',
        updatedAt: new Date(),
      });
      await stores.backups.setIndexCursor({
        target: 'db1',
        bucket: 'b',
        prefix: 'db1/',
        lastKey: 'db1/y',
        updatedAt: new Date(),
      });
      expect(await stores.backups.getIndexCursor('db1')).toMatchObject({
        lastKey: 'db1/y',
      });
    });
  },
);
