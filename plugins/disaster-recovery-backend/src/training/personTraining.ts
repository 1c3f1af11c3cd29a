import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  Entity,
  isGroupEntity,
  parseEntityRef,
  RELATION_MEMBER_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  DR_KINDS,
  DR_RELATIONS,
  DrPolicy,
  isTrainingRecordEntity,
  normalizeEntityRef,
  parseEntityRefStrict,
  trainingPeopleFromCatalog,
  TrainingRecordInput,
  trainingRecordToInput,
  trainingStatus,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { TrainingStore } from '../database/TrainingStore';
import { TrainingRecordItem, TrainingStatusResponse } from './types';

/** Normalized (lower-case, full) user ref of a user entity. */
export function userRefOf(entity: Entity): string {
  return stringifyEntityRef(entity).toLocaleLowerCase('en-US');
}

/**
 * Finds a User in the catalog by ref (`jane.doe`, `default/jane.doe` or `user:default/jane.doe`),
 * with the caller's credentials; NotFoundError when there is none, InputError naming `parameter`
 * when the ref is not a valid entity ref.
 */
export async function findUser(
  catalog: CatalogService,
  ref: string | CompoundEntityRef,
  credentials: BackstageCredentials,
  parameter = 'person',
): Promise<Entity> {
  const compound = parseEntityRefStrict(ref, parameter, {
    defaultKind: 'user',
  });
  const entity = await catalog.getEntityByRef(compound, { credentials });
  if (!entity || entity.kind.toLocaleLowerCase('en-US') !== 'user') {
    throw new NotFoundError(
      `No User ${stringifyEntityRef(compound)} in the catalog`,
    );
  }
  return entity;
}

function groupRefsOf(user: Entity): string[] {
  const namespace = user.metadata.namespace ?? 'default';
  const refs = new Set<string>();
  for (const g of (user.spec?.memberOf as string[] | undefined) ?? []) {
    refs.add(
      stringifyEntityRef(
        parseEntityRef(g, {
          defaultKind: 'group',
          defaultNamespace: namespace,
        }),
      ),
    );
  }
  for (const r of user.relations ?? []) {
    if (r.type === RELATION_MEMBER_OF) refs.add(r.targetRef);
  }
  return [...refs];
}

/** The ways a TrainingRecord's `spec.person` may name the user (refs may omit kind and namespace). */
function personSpellings(user: Entity): string[] {
  const namespace = user.metadata.namespace ?? 'default';
  const name = user.metadata.name;
  const spellings = [`user:${namespace}/${name}`, `${namespace}/${name}`];
  if (namespace === 'default') spellings.push(name, `user:${name}`);
  return spellings;
}

/** TrainingRecord entities of the user, found by their `trainingOf` relation or `spec.person`. */
async function catalogRecords(
  catalog: CatalogService,
  user: Entity,
  credentials: BackstageCredentials,
): Promise<TrainingRecordInput[]> {
  const { items } = await catalog.getEntities(
    {
      filter: [
        {
          kind: DR_KINDS.trainingRecord,
          [`relations.${DR_RELATIONS.trainingOf}`]: userRefOf(user),
        },
        { kind: DR_KINDS.trainingRecord, 'spec.person': personSpellings(user) },
      ],
    },
    { credentials },
  );
  return items.filter(isTrainingRecordEntity).map(trainingRecordToInput);
}

/** Every record of the person in the store (all pages). */
async function storeRecords(
  store: TrainingStore,
  person: string,
): Promise<TrainingRecordItem[]> {
  const all: TrainingRecordItem[] = [];
  for (;;) {
    const page = await store.listRecords({
      person,
      offset: all.length,
      limit: 1000,
    });
    all.push(...page.items);
    if (page.items.length === 0 || all.length >= page.totalItems) return all;
  }
}

/** Same person, course and day: the same completion, wherever it was recorded. */
function completionKey(r: {
  person: string;
  course: string;
  completed: string;
}): string {
  const person = normalizeEntityRef(r.person, { defaultKind: 'user' });
  return `${person}|${r.course}|${r.completed.slice(0, 10)}`;
}

/**
 * A person's required DR courses and their states, computed by the common `trainingStatus` from
 * the records in the store and the TrainingRecord entities of the catalog (the same completion in
 * both counts once: the provider emits the store's records into the catalog).
 */
export async function personTrainingStatus(options: {
  catalog: CatalogService;
  store: TrainingStore;
  policy: DrPolicy;
  user: Entity;
  credentials: BackstageCredentials;
  now: Date;
}): Promise<TrainingStatusResponse> {
  const { catalog, store, policy, user, credentials, now } = options;
  const person = userRefOf(user);
  const groupRefs = groupRefsOf(user);
  const [groupResponse, fromCatalog, fromStore] = await Promise.all([
    groupRefs.length
      ? catalog.getEntitiesByRefs({ entityRefs: groupRefs }, { credentials })
      : Promise.resolve({ items: [] }),
    catalogRecords(catalog, user, credentials),
    storeRecords(store, person),
  ]);
  const groups = groupResponse.items.filter(
    (g): g is Entity => !!g && isGroupEntity(g),
  );
  const [trainingPerson] = trainingPeopleFromCatalog({ users: [user], groups });

  const records: TrainingRecordInput[] = fromStore.map(r => ({
    ref: r.id,
    person: r.person,
    course: r.course,
    completed: r.completed,
    expires: r.expires,
    evidence: r.evidence,
  }));
  const seen = new Set(records.map(completionKey));
  for (const r of fromCatalog) {
    if (!seen.has(completionKey(r))) records.push(r);
  }

  const status = trainingStatus({
    person: trainingPerson,
    courses: policy.training.courses,
    records,
    now,
    dueSoonMs: policy.posture.dueSoon.ms,
  });
  return {
    ...status,
    groups: [...trainingPerson.groups],
    roles: [...trainingPerson.roles],
    evaluatedAt: now.toISOString(),
  };
}
