import { REDACTED, scrubSecrets } from './scrubSecrets';

describe('scrubSecrets', () => {
  it('removes given secrets, also URL-encoded', () => {
    const out = scrubSecrets('failed for s3cr3t/p@ss and s3cr3t%2Fp%40ss', [
      's3cr3t/p@ss',
    ]);
    expect(out).toBe(`failed for ${REDACTED} and ${REDACTED}`);
  });

  it('removes password= and secret= assignments even for unknown secrets', () => {
    expect(scrubSecrets('host=x password=hunter2 user=y', [])).toBe(
      `host=x password=${REDACTED} user=y`,
    );
    expect(
      scrubSecrets('PGPASSWORD=abc repo1-s3-key-secret=zzz', []),
    ).toContain(`PGPASSWORD=${REDACTED}`);
    expect(scrubSecrets("secret_access_key: 'q w e'", [])).toBe(
      `secret_access_key: ${REDACTED}`,
    );
  });

  it('leaves text alone when there is nothing to scrub', () => {
    expect(scrubSecrets('all good', ['xy'])).toBe('all good');
  });
});
