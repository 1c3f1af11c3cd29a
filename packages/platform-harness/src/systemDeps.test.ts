import { ensurePackages, findExecutable, findPgBinDir } from './systemDeps';

describe('system dependencies', () => {
  it('finds the PostgreSQL 15 server binaries and the Debian tools', () => {
    expect(findPgBinDir()).toMatch(/15/);
    expect(findExecutable('pgbouncer')).toMatch(/pgbouncer$/);
    expect(findExecutable('pgbackrest')).toMatch(/pgbackrest$/);
    expect(findExecutable('surely-not-installed-anywhere')).toBeUndefined();
  });

  it('does nothing when every package is present', async () => {
    await expect(
      ensurePackages([{ pkg: 'pgbouncer', present: () => true }], false),
    ).resolves.toBeUndefined();
  });

  it('says what to install when it may not install (not root)', async () => {
    await expect(
      ensurePackages(
        [
          { pkg: 'pgbackrest', present: () => false },
          { pkg: 'pgbouncer', present: () => false },
          { pkg: 'openssl', present: () => true },
        ],
        false,
      ),
    ).rejects.toThrow(
      'platform-harness needs the Debian packages pgbackrest, pgbouncer; install them with: sudo apt-get install -y pgbackrest pgbouncer',
    );
  });
});
