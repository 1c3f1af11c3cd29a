import {
  Entity,
  entityKindSchemaValidator,
  KindValidator,
  parseEntityRef,
} from '@backstage/catalog-model';
import { DR_API_VERSION } from '../annotations';
import { catalogDurationMs, parseCatalogDate } from './catalogDuration';
import { DR_KINDS } from './constants';
import {
  runbookEntitySchema,
  trainingRecordEntitySchema,
  vendorEntitySchema,
} from './schemas';
import { RunbookEntity, TrainingRecordEntity, VendorEntity } from './types';

/** What the semantic checks may compare against (ids from the policy). @public */
export interface DrEntityValidationOptions {
  /** Scenario ids a Runbook may name; any kebab-case id when absent. */
  scenarioIds?: readonly string[];
  /** Course ids a TrainingRecord may name; any kebab-case id when absent. */
  courseIds?: readonly string[];
}

const checkRunbookSchema =
  entityKindSchemaValidator<RunbookEntity>(runbookEntitySchema);
const checkVendorSchema =
  entityKindSchemaValidator<VendorEntity>(vendorEntitySchema);
const checkTrainingRecordSchema =
  entityKindSchemaValidator<TrainingRecordEntity>(trainingRecordEntitySchema);

function fail(path: string, message: string, value?: unknown): never {
  throw new TypeError(
    `${path} ${message}${
      value === undefined ? '' : ` - value: ${JSON.stringify(value)}`
    }`,
  );
}

function checkDate(path: string, value: string | undefined) {
  if (value !== undefined && !parseCatalogDate(value)) {
    fail(path, 'must be a real calendar date (YYYY-MM-DD)', value);
  }
}

function checkDuration(path: string, value: string | undefined) {
  if (value !== undefined && catalogDurationMs(value) === undefined) {
    fail(path, 'must be a duration longer than zero', value);
  }
}

function checkKnown(
  path: string,
  value: string,
  known: readonly string[] | undefined,
  what: string,
) {
  if (known && !known.includes(value)) {
    fail(path, `must be a ${what} of the policy (${known.join(', ')})`, value);
  }
}

function checkRunbook(e: RunbookEntity, o: DrEntityValidationOptions) {
  e.spec.scenarios.forEach((s, i) =>
    checkKnown(`/spec/scenarios/${i}`, s, o.scenarioIds, 'scenario id'),
  );
  e.spec.steps.forEach((step, i) =>
    checkDuration(`/spec/steps/${i}/expectedDuration`, step.expectedDuration),
  );
  checkDate('/spec/lastReviewed', e.spec.lastReviewed);
  checkDuration('/spec/reviewInterval', e.spec.reviewInterval);
}

function checkVendor(e: VendorEntity) {
  checkDuration('/spec/sla/response', e.spec.sla.response);
  checkDuration('/spec/sla/resolution', e.spec.sla.resolution);
  checkDate('/spec/contractReviewDue', e.spec.contractReviewDue);
  const self = `vendor:${e.metadata.namespace ?? 'default'}/${e.metadata.name}`;
  (e.spec.alternatives ?? []).forEach((alt, i) => {
    const target = parseEntityRef(alt, {
      defaultKind: 'vendor',
      defaultNamespace: e.metadata.namespace ?? 'default',
    });
    const ref =
      `${target.kind}:${target.namespace}/${target.name}`.toLowerCase();
    if (target.kind.toLowerCase() !== 'vendor') {
      fail(`/spec/alternatives/${i}`, 'must refer to a Vendor', alt);
    }
    if (ref === self.toLowerCase()) {
      fail(`/spec/alternatives/${i}`, 'must not be the vendor itself', alt);
    }
  });
}

function checkTrainingRecord(
  e: TrainingRecordEntity,
  o: DrEntityValidationOptions,
) {
  checkKnown('/spec/course', e.spec.course, o.courseIds, 'course id');
  checkDate('/spec/completed', e.spec.completed);
  if (e.spec.expires !== undefined) {
    checkDate('/spec/expires', e.spec.expires);
    const completed = parseCatalogDate(e.spec.completed)!;
    const expires = parseCatalogDate(e.spec.expires)!;
    if (expires < completed) {
      fail(
        '/spec/expires',
        'must not be before /spec/completed',
        e.spec.expires,
      );
    }
  }
  const person = parseEntityRef(e.spec.person, {
    defaultKind: 'user',
    defaultNamespace: 'default',
  });
  if (person.kind.toLowerCase() !== 'user') {
    fail('/spec/person', 'must refer to a User', e.spec.person);
  }
}

/**
 * Validates one of the product's own entities: `false` when it is not a Runbook, Vendor or
 * TrainingRecord of apiVersion `dr.platform.io/v1alpha1`; `true` when it is and it is valid; throws
 * a TypeError naming the wrong field (e.g. `/spec/steps/1 must have required property 'role'`)
 * otherwise.
 *
 * @public
 */
export function validateDrEntity(
  entity: unknown,
  options: DrEntityValidationOptions = {},
): boolean {
  const candidate = entity as Partial<Entity> | undefined;
  if (candidate?.apiVersion !== DR_API_VERSION) {
    return false;
  }
  switch (candidate.kind) {
    case DR_KINDS.runbook: {
      const e = checkRunbookSchema(entity);
      if (!e) return false;
      checkRunbook(e, options);
      return true;
    }
    case DR_KINDS.vendor: {
      const e = checkVendorSchema(entity);
      if (!e) return false;
      checkVendor(e);
      return true;
    }
    case DR_KINDS.trainingRecord: {
      const e = checkTrainingRecordSchema(entity);
      if (!e) return false;
      checkTrainingRecord(e, options);
      return true;
    }
    default:
      return false;
  }
}

function kindValidator(kind: string): KindValidator {
  return {
    async check(data: Entity) {
      return data?.kind === kind && validateDrEntity(data);
    },
  };
}

/** Validator of Runbook entities (schema and semantic checks), in the catalog model's KindValidator shape. @public */
export const runbookEntityV1alpha1Validator = kindValidator(DR_KINDS.runbook);

/** Validator of Vendor entities, in the catalog model's KindValidator shape. @public */
export const vendorEntityV1alpha1Validator = kindValidator(DR_KINDS.vendor);

/** Validator of TrainingRecord entities, in the catalog model's KindValidator shape. @public */
export const trainingRecordEntityV1alpha1Validator = kindValidator(
  DR_KINDS.trainingRecord,
);

/** Whether an entity is a Runbook of the product's apiVersion (shape not checked). @public */
export function isRunbookEntity(entity: Entity): entity is RunbookEntity {
  return (
    entity.apiVersion === DR_API_VERSION && entity.kind === DR_KINDS.runbook
  );
}

/** Whether an entity is a Vendor of the product's apiVersion (shape not checked). @public */
export function isVendorEntity(entity: Entity): entity is VendorEntity {
  return (
    entity.apiVersion === DR_API_VERSION && entity.kind === DR_KINDS.vendor
  );
}

/** Whether an entity is a TrainingRecord of the product's apiVersion (shape not checked). @public */
export function isTrainingRecordEntity(
  entity: Entity,
): entity is TrainingRecordEntity {
  return (
    entity.apiVersion === DR_API_VERSION &&
    entity.kind === DR_KINDS.trainingRecord
  );
}
