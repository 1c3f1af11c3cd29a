import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';

/** Normalizes a user or group ref (`jane.doe` -> `user:default/jane.doe`); returns the input lower-cased when it does not parse. */
export function normalizeRef(ref: string, defaultKind: 'user' | 'group') {
  try {
    return stringifyEntityRef(
      parseEntityRef(ref, { defaultKind, defaultNamespace: 'default' }),
    ).toLocaleLowerCase('en-US');
  } catch {
    return ref.toLocaleLowerCase('en-US');
  }
}
