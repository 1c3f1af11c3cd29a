import { JsonObject } from '@backstage/types';
import { DR_API_VERSION } from '../annotations';
import {
  CATALOG_DATE_PATTERN,
  CATALOG_DURATION_PATTERN,
} from './catalogDuration';
import { DR_KINDS, RUNBOOK_STEP_ROLES, VENDOR_CATEGORIES } from './constants';

/** Pattern of an entity ref that may omit kind and namespace (`team-a`, `group:default/team-a`). */
const REF_PATTERN = '^(?:[A-Za-z][A-Za-z0-9-]*:)?(?:[^:/\\s]+/)?[^:/\\s]+$';
/** Pattern of an entity ref that must name its kind (`system:ecommerce-platform`). */
const FULL_REF_PATTERN = '^[A-Za-z][A-Za-z0-9-]*:(?:[^:/\\s]+/)?[^:/\\s]+$';
/** Pattern of a kebab-case id (scenario, course). */
const ID_PATTERN = '^[a-z0-9]+(?:-[a-z0-9]+)*$';

const ref = (description: string): JsonObject => ({
  type: 'string',
  minLength: 1,
  pattern: REF_PATTERN,
  description,
});
const fullRef = (description: string): JsonObject => ({
  type: 'string',
  minLength: 1,
  pattern: FULL_REF_PATTERN,
  description,
});
const date = (description: string): JsonObject => ({
  type: 'string',
  pattern: CATALOG_DATE_PATTERN,
  description,
});
const duration = (description: string): JsonObject => ({
  type: 'string',
  pattern: CATALOG_DURATION_PATTERN,
  description,
});

/** JSON schema of a Runbook's `spec`. @public */
export const runbookSpecSchema: JsonObject = {
  type: 'object',
  required: ['owner', 'scenarios', 'steps', 'appliesTo', 'lastReviewed'],
  additionalProperties: false,
  properties: {
    type: {
      type: 'string',
      minLength: 1,
      description: 'Kind of runbook, e.g. recovery, incident-response, drill.',
    },
    owner: ref('Entity ref of the owning group or user.'),
    scenarios: {
      type: 'array',
      minItems: 1,
      uniqueItems: true,
      items: { type: 'string', pattern: ID_PATTERN },
      description:
        'Disaster scenario ids from the policy that the runbook covers.',
    },
    steps: {
      type: 'array',
      minItems: 1,
      description: 'Ordered steps.',
      items: {
        type: 'object',
        required: ['title', 'expectedDuration', 'role'],
        additionalProperties: false,
        properties: {
          title: { type: 'string', minLength: 1 },
          text: { type: 'string' },
          command: {
            type: 'array',
            minItems: 1,
            items: { type: 'string' },
            description:
              'Program and arguments as an argument vector, never a shell string.',
          },
          expectedDuration: duration(
            'Expected duration, ISO 8601 (PT15M) or human (15m).',
          ),
          role: {
            type: 'string',
            enum: [...RUNBOOK_STEP_ROLES],
            description: 'Response role that performs the step.',
          },
        },
      },
    },
    appliesTo: {
      type: 'array',
      minItems: 1,
      uniqueItems: true,
      items: fullRef('Full entity ref, e.g. system:ecommerce-platform.'),
      description:
        'Systems, resources (tenants, databases) or components it applies to.',
    },
    lastReviewed: date('Date of the last review (YYYY-MM-DD).'),
    reviewInterval: duration('Review interval, e.g. P1M, 1mo or 30d.'),
  },
};

/** JSON schema of a Vendor's `spec`. @public */
export const vendorSpecSchema: JsonObject = {
  type: 'object',
  required: ['category', 'owner', 'contacts', 'sla'],
  additionalProperties: false,
  properties: {
    category: {
      type: 'string',
      enum: [...VENDOR_CATEGORIES],
      description: 'Service category.',
    },
    owner: ref('Entity ref of who manages the vendor relationship.'),
    contacts: {
      type: 'array',
      minItems: 1,
      description: 'Support contacts.',
      items: {
        type: 'object',
        required: ['role', 'name'],
        additionalProperties: false,
        properties: {
          role: { type: 'string', minLength: 1 },
          name: { type: 'string', minLength: 1 },
          phone: { type: 'string', pattern: '^\\+?[0-9][0-9 ().-]{4,}$' },
          email: { type: 'string', pattern: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$' },
          supportTier: { type: 'string', minLength: 1 },
        },
      },
    },
    sla: {
      type: 'object',
      required: ['response', 'resolution'],
      additionalProperties: false,
      description: 'Service levels.',
      properties: {
        response: duration('Time to first response.'),
        resolution: duration('Time to resolution.'),
        availability: {
          type: 'number',
          exclusiveMinimum: 0,
          maximum: 100,
          description: 'Availability in percent, e.g. 99.99.',
        },
      },
    },
    alternatives: {
      type: 'array',
      uniqueItems: true,
      items: ref('Ref of a Vendor that can replace this one.'),
    },
    dependencyOf: {
      type: 'array',
      uniqueItems: true,
      items: fullRef('Full entity ref of a system, component or resource.'),
      description: 'Entities that depend on this vendor.',
    },
    contractReviewDue: date(
      'When the contract DR provisions are next reviewed.',
    ),
  },
};

/** JSON schema of a TrainingRecord's `spec`. @public */
export const trainingRecordSpecSchema: JsonObject = {
  type: 'object',
  required: ['person', 'course', 'completed'],
  additionalProperties: false,
  properties: {
    person: ref('Ref of the User who completed the course.'),
    course: {
      type: 'string',
      pattern: ID_PATTERN,
      description: 'Course id from the policy.',
    },
    completed: date('Completion date.'),
    expires: date(
      "Date the completion stops counting; omit when it does not expire (the course's validity in the policy still applies).",
    ),
    evidence: {
      type: 'string',
      pattern: '^https?://\\S+$',
      description: 'Link to the evidence.',
    },
    owner: ref('Entity ref of who keeps the record.'),
  },
};

function entitySchema(kind: string, spec: JsonObject, description: string) {
  return {
    $schema: 'http://json-schema.org/draft-07/schema',
    $id: `${kind}V1alpha1`,
    description,
    allOf: [
      { $ref: 'Entity' },
      {
        type: 'object',
        required: ['spec'],
        properties: {
          apiVersion: { enum: [DR_API_VERSION] },
          kind: { enum: [kind] },
          spec,
        },
      },
    ],
  } satisfies JsonObject;
}

/** Full entity JSON schema of the Runbook kind (for `entityKindSchemaValidator`). @public */
export const runbookEntitySchema: JsonObject = entitySchema(
  DR_KINDS.runbook,
  runbookSpecSchema,
  'A recovery procedure for one or more disaster scenarios: ordered steps with roles and expected durations.',
);

/** Full entity JSON schema of the Vendor kind. @public */
export const vendorEntitySchema: JsonObject = entitySchema(
  DR_KINDS.vendor,
  vendorSpecSchema,
  'An external service provider the platform depends on, with contacts, SLA and alternatives.',
);

/** Full entity JSON schema of the TrainingRecord kind. @public */
export const trainingRecordEntitySchema: JsonObject = entitySchema(
  DR_KINDS.trainingRecord,
  trainingRecordSpecSchema,
  'One completion of a DR training course by one person.',
);
