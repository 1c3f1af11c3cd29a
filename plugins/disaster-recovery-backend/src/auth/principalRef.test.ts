import { mockCredentials } from '@backstage/backend-test-utils';
import { principalRef } from './principalRef';

describe('principalRef', () => {
  it('names users by their entity ref', () => {
    expect(principalRef(mockCredentials.user('user:default/jane'))).toBe(
      'user:default/jane',
    );
  });

  it('names services by their subject under service:', () => {
    expect(principalRef(mockCredentials.service('plugin:scaffolder'))).toBe(
      'service:plugin:scaffolder',
    );
    expect(principalRef(mockCredentials.service('external:ci'))).toBe(
      'service:external:ci',
    );
  });

  it('names an anonymous caller none', () => {
    expect(principalRef(mockCredentials.none())).toBe('none');
  });
});
