import { Entity } from '@backstage/catalog-model';

/**
 * Defensive readers of the specs of the product's own kinds (Runbook, Vendor, TrainingRecord,
 * apiVersion dr.platform.io/v1alpha1). The catalog validates them, but a card must still render
 * something sensible for an entity written against an older schema.
 */

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function strings(v: unknown): string[] {
  return Array.isArray(v)
    ? v.filter((x): x is string => typeof x === 'string')
    : [];
}

function objects(v: unknown): Record<string, unknown>[] {
  return Array.isArray(v)
    ? v.filter(
        (x): x is Record<string, unknown> =>
          typeof x === 'object' && x !== null && !Array.isArray(x),
      )
    : [];
}

function spec(entity: Entity): Record<string, unknown> {
  const s = entity.spec;
  return typeof s === 'object' && s !== null
    ? (s as Record<string, unknown>)
    : {};
}

/** A step's command: an argument vector, or a single string as one element. */
function readCommand(v: unknown): string[] | undefined {
  if (Array.isArray(v)) return strings(v);
  const s = str(v);
  return s ? [s] : undefined;
}

/** One runbook step as the card shows it. */
export interface RunbookStepView {
  title: string;
  text?: string;
  command?: string[];
  expectedDuration?: string;
  role?: string;
}

/** A Runbook's spec as the card shows it. */
export interface RunbookView {
  owner?: string;
  scenarios: string[];
  steps: RunbookStepView[];
  appliesTo: string[];
  lastReviewed?: string;
  reviewInterval?: string;
}

/** Reads a Runbook entity's spec. */
export function readRunbook(entity: Entity): RunbookView {
  const s = spec(entity);
  return {
    owner: str(s.owner),
    scenarios: strings(s.scenarios),
    steps: objects(s.steps).map((step, i) => ({
      title: str(step.title) ?? `Step ${i + 1}`,
      text: str(step.text),
      command: readCommand(step.command),
      expectedDuration: str(step.expectedDuration),
      role: str(step.role),
    })),
    appliesTo: strings(s.appliesTo),
    lastReviewed: str(s.lastReviewed),
    reviewInterval: str(s.reviewInterval),
  };
}

/** One vendor contact as the card shows it. */
export interface VendorContactView {
  role?: string;
  name?: string;
  phone?: string;
  email?: string;
  supportTier?: string;
}

/** A Vendor's spec as the card shows it. */
export interface VendorView {
  category?: string;
  owner?: string;
  contacts: VendorContactView[];
  sla: { response?: string; resolution?: string; availability?: number };
  alternatives: string[];
  dependencyOf: string[];
  contractReviewDue?: string;
}

/** Reads a Vendor entity's spec. */
export function readVendor(entity: Entity): VendorView {
  const s = spec(entity);
  const sla =
    typeof s.sla === 'object' && s.sla !== null
      ? (s.sla as Record<string, unknown>)
      : {};
  return {
    category: str(s.category),
    owner: str(s.owner),
    contacts: objects(s.contacts).map(c => ({
      role: str(c.role),
      name: str(c.name),
      phone: str(c.phone),
      email: str(c.email),
      supportTier: str(c.supportTier),
    })),
    sla: {
      response: str(sla.response),
      resolution: str(sla.resolution),
      availability: num(sla.availability),
    },
    alternatives: strings(s.alternatives),
    dependencyOf: strings(s.dependencyOf),
    contractReviewDue: str(s.contractReviewDue),
  };
}

/** A TrainingRecord's spec as the card shows it. */
export interface TrainingRecordView {
  person?: string;
  course?: string;
  completed?: string;
  expires?: string;
  evidence?: string;
}

/** Reads a TrainingRecord entity's spec. */
export function readTrainingRecord(entity: Entity): TrainingRecordView {
  const s = spec(entity);
  return {
    person: str(s.person),
    course: str(s.course),
    completed: str(s.completed),
    expires: str(s.expires),
    evidence: str(s.evidence),
  };
}
