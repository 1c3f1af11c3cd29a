import { parseEntityRef } from '@backstage/catalog-model';
import { Link } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { entityRouteRef } from '@backstage/plugin-catalog-react';

/** A link to an entity's catalog page, labelled with a title the caller already has. */
export function EntityLink(props: { entityRef: string; title?: string }) {
  const entityRoute = useRouteRef(entityRouteRef);
  let to: string | undefined;
  try {
    const ref = parseEntityRef(props.entityRef);
    to = entityRoute({
      kind: ref.kind.toLocaleLowerCase('en-US'),
      namespace: ref.namespace.toLocaleLowerCase('en-US'),
      name: ref.name,
    });
  } catch {
    to = undefined;
  }
  const label = props.title || props.entityRef;
  return to ? <Link to={to}>{label}</Link> : <>{label}</>;
}

/** The name part of an entity ref, for compact cells and options (`group:default/team-a` → `team-a`). */
export function entityRefName(ref: string): string {
  try {
    return parseEntityRef(ref).name;
  } catch {
    return ref;
  }
}
