import { Fragment } from 'react';
import { CompoundEntityRef, parseEntityRef } from '@backstage/catalog-model';
import { EntityRefLink } from '@backstage/plugin-catalog-react';

/** Parses a ref written in a spec (`gcp`, `vendor:gcp`, `user:default/jane`), or undefined if it cannot be. */
export function parseSpecRef(
  ref: string,
  defaultKind: string | undefined,
  defaultNamespace: string | undefined,
): CompoundEntityRef | undefined {
  try {
    return parseEntityRef(ref, { defaultKind, defaultNamespace });
  } catch {
    return undefined;
  }
}

/** Links to the entities a spec names; a ref that cannot be parsed is shown as written. */
export function RefLinks(props: {
  refs: string[];
  defaultKind?: string;
  defaultNamespace?: string;
}) {
  return (
    <>
      {props.refs.map((ref, i) => {
        const parsed = parseSpecRef(
          ref,
          props.defaultKind,
          props.defaultNamespace,
        );
        return (
          <Fragment key={`${ref}-${i}`}>
            {i > 0 && ', '}
            {parsed ? <EntityRefLink entityRef={parsed} /> : ref}
          </Fragment>
        );
      })}
    </>
  );
}
