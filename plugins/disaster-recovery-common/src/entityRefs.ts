import {
  CompoundEntityRef,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';

/** Defaults for the parts a shorthand entity ref leaves out. @public */
export interface EntityRefDefaults {
  /** Kind of a ref written without one (`jane.doe` with `user`). */
  defaultKind?: string;
  /** Namespace of a ref written without one; `default` unless given. */
  defaultNamespace?: string;
}

/**
 * The one form of an entity ref the product compares and stores: `kind:namespace/name`, lower
 * case, with the given defaults filled in (`jane.doe` with kind `user` is
 * `user:default/jane.doe`). Entity refs are case-insensitive in Backstage, so two refs are the
 * same entity exactly when their normalized forms are equal. A text that is not an entity ref
 * (such as a ref without kind and no default kind) is returned lower-cased, so it still compares
 * equal only to itself.
 *
 * @public
 */
export function normalizeEntityRef(
  ref: string | CompoundEntityRef,
  defaults: EntityRefDefaults = {},
): string {
  if (typeof ref !== 'string') return stringifyEntityRef(ref);
  try {
    return stringifyEntityRef(
      parseEntityRef(ref.trim(), {
        defaultKind: defaults.defaultKind,
        defaultNamespace: defaults.defaultNamespace ?? 'default',
      }),
    );
  } catch {
    return ref.trim().toLocaleLowerCase('en-US');
  }
}

/** Whether two entity refs name the same entity, by {@link normalizeEntityRef}. @public */
export function sameEntityRef(
  a: string,
  b: string,
  defaults: EntityRefDefaults = {},
): boolean {
  return normalizeEntityRef(a, defaults) === normalizeEntityRef(b, defaults);
}

/**
 * Parses a ref that must name a User (`jane.doe`, `default/jane.doe` or `user:default/jane.doe`)
 * into its normalized form; an InputError naming `field` when it does not parse or names another
 * kind.
 *
 * @public
 */
export function parseUserRef(ref: string, field = 'person'): string {
  let parsed: CompoundEntityRef;
  try {
    parsed = parseEntityRef(ref.trim(), {
      defaultKind: 'user',
      defaultNamespace: 'default',
    });
  } catch (error) {
    throw new InputError(
      `${field} must be a User entity ref, got '${ref}': ${error}`,
    );
  }
  if (parsed.kind.toLocaleLowerCase('en-US') !== 'user') {
    throw new InputError(
      `${field} must refer to a User, got ${stringifyEntityRef(parsed)}`,
    );
  }
  return stringifyEntityRef(parsed);
}
