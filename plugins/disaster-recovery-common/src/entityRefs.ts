import {
  CompoundEntityRef,
  makeValidator,
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

const refValidator = makeValidator();

/** The input as it may be quoted in an error message: JSON, at most 80 characters. */
function quote(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** What is wrong with a parsed ref's parts, by the catalog's own validators; undefined if nothing. */
function refProblem(ref: CompoundEntityRef): string | undefined {
  if (!refValidator.isValidKind(ref.kind)) {
    return `kind ${quote(ref.kind)} is not a valid entity kind`;
  }
  if (
    !refValidator.isValidNamespace(ref.namespace.toLocaleLowerCase('en-US'))
  ) {
    return `namespace ${quote(ref.namespace)} is not a valid entity namespace`;
  }
  if (!refValidator.isValidEntityName(ref.name)) {
    return `name ${quote(ref.name)} is not a valid entity name`;
  }
  return undefined;
}

/**
 * The strict form of {@link normalizeEntityRef}, for entity refs that come from outside (route
 * parameters, query parameters, request bodies, action inputs): the normalized ref, or an
 * InputError naming `parameter` when the input is not a string, does not parse, or has a kind,
 * namespace or name the catalog would not accept (`../../etc/passwd`, `x'--`, `%00`, `:`, an
 * empty kind). A ref that fails here can name no catalog entity, so nothing is looked up.
 *
 * @public
 */
export function normalizeEntityRefStrict(
  ref: unknown,
  parameter: string,
  defaults: EntityRefDefaults = {},
): string {
  return stringifyEntityRef(parseEntityRefStrict(ref, parameter, defaults));
}

/** The parsed form of {@link normalizeEntityRefStrict}, with the same checks. @public */
export function parseEntityRefStrict(
  ref: unknown,
  parameter: string,
  defaults: EntityRefDefaults = {},
): CompoundEntityRef {
  let parsed: CompoundEntityRef;
  if (typeof ref === 'string') {
    try {
      parsed = parseEntityRef(ref.trim(), {
        defaultKind: defaults.defaultKind,
        defaultNamespace: defaults.defaultNamespace ?? 'default',
      });
    } catch {
      throw new InputError(
        `Invalid ${parameter}: ${quote(
          ref,
        )} is not an entity ref of the form [<kind>:][<namespace>/]<name>`,
      );
    }
  } else if (
    ref &&
    typeof ref === 'object' &&
    ['kind', 'namespace', 'name'].every(
      k => typeof (ref as Record<string, unknown>)[k] === 'string',
    )
  ) {
    parsed = ref as CompoundEntityRef;
  } else {
    throw new InputError(
      `Invalid ${parameter}: expected an entity ref, got ${quote(ref)}`,
    );
  }
  const problem = refProblem(parsed);
  if (problem) {
    throw new InputError(
      `Invalid ${parameter}: ${problem} (letters, digits and single - _ . between them, at most 63 characters)`,
    );
  }
  return parsed;
}

/**
 * Parses a ref that must name a User (`jane.doe`, `default/jane.doe` or `user:default/jane.doe`)
 * into its normalized form; an InputError naming `field` when it is not a valid entity ref
 * ({@link normalizeEntityRefStrict}) or names another kind.
 *
 * @public
 */
export function parseUserRef(ref: string, field = 'person'): string {
  const parsed = parseEntityRefStrict(ref, field, { defaultKind: 'user' });
  if (parsed.kind.toLocaleLowerCase('en-US') !== 'user') {
    throw new InputError(
      `${field} must refer to a User, got ${stringifyEntityRef(parsed)}`,
    );
  }
  return stringifyEntityRef(parsed);
}
