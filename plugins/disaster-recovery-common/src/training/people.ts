import {
  Entity,
  RELATION_HAS_MEMBER,
  RELATION_MEMBER_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { DR_CATALOG_ANNOTATIONS } from '../catalog/constants';
import { normalizeEntityRef } from '../entityRefs';
import { TrainingPerson } from './types';

/**
 * The people of the catalog as the training functions see them: each User with the groups they
 * belong to (from `spec.memberOf`, `memberOf` relations and groups' `hasMember` relations /
 * `spec.members`) and the response roles of those groups (annotation
 * `dr.platform.io/response-role`, comma-separated ids).
 *
 * @public
 */
export function trainingPeopleFromCatalog(options: {
  users: readonly Entity[];
  groups: readonly Entity[];
}): TrainingPerson[] {
  const membersOf = new Map<string, Set<string>>();
  const rolesOf = new Map<string, string[]>();
  for (const group of options.groups) {
    const groupRef = normalizeEntityRef(stringifyEntityRef(group), {
      defaultKind: 'group',
    });
    const roles = (
      group.metadata.annotations?.[DR_CATALOG_ANNOTATIONS.responseRole] ?? ''
    )
      .split(',')
      .map(r => r.trim())
      .filter(Boolean);
    rolesOf.set(groupRef, roles);
    const members = new Set<string>();
    for (const m of (group.spec?.members as string[] | undefined) ?? []) {
      members.add(normalizeEntityRef(m, { defaultKind: 'user' }));
    }
    for (const r of group.relations ?? []) {
      if (r.type === RELATION_HAS_MEMBER)
        members.add(normalizeEntityRef(r.targetRef, { defaultKind: 'user' }));
    }
    membersOf.set(groupRef, members);
  }

  return options.users.map(user => {
    const ref = normalizeEntityRef(stringifyEntityRef(user), {
      defaultKind: 'user',
    });
    const namespace = user.metadata.namespace ?? 'default';
    const groups = new Set<string>();
    for (const g of (user.spec?.memberOf as string[] | undefined) ?? []) {
      groups.add(
        normalizeEntityRef(
          g.includes('/') || g.includes(':') ? g : `${namespace}/${g}`,
          { defaultKind: 'group' },
        ),
      );
    }
    for (const r of user.relations ?? []) {
      if (r.type === RELATION_MEMBER_OF)
        groups.add(normalizeEntityRef(r.targetRef, { defaultKind: 'group' }));
    }
    for (const [groupRef, members] of membersOf) {
      if (members.has(ref)) groups.add(groupRef);
    }
    const roles = new Set<string>();
    for (const g of groups)
      for (const role of rolesOf.get(g) ?? []) roles.add(role);
    return { ref, groups: [...groups].sort(), roles: [...roles].sort() };
  });
}
