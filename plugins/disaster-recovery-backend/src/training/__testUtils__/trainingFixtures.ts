import { AuditorService } from '@backstage/backend-plugin-api';
import { TestDatabaseId } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  DR_API_VERSION,
  DR_CATALOG_ANNOTATIONS,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';

/**
 * The databases the training tests run on: SQLite always, PostgreSQL 15 when the test command
 * provides one (BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING), never Docker.
 */
export const TRAINING_TEST_DATABASES: TestDatabaseId[] = process.env
  .BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING
  ? ['SQLITE_3', 'POSTGRES_15']
  : ['SQLITE_3'];

/** An audit event as the recording auditor saw it. */
export interface RecordedAuditEvent {
  eventId: string;
  severityLevel?: string;
  outcome?: 'success' | 'fail';
  meta?: unknown;
  error?: Error;
}

/** An auditor that records every event and how it ended. */
export function recordingAuditor(): {
  auditor: AuditorService;
  events: RecordedAuditEvent[];
} {
  const events: RecordedAuditEvent[] = [];
  const auditor: AuditorService = {
    async createEvent(options) {
      const event: RecordedAuditEvent = {
        eventId: options.eventId,
        severityLevel: options.severityLevel,
      };
      events.push(event);
      return {
        async success(o) {
          event.outcome = 'success';
          event.meta = o?.meta;
        },
        async fail(o) {
          event.outcome = 'fail';
          event.meta = o.meta;
          event.error = o.error;
        },
      };
    },
  };
  return { auditor, events };
}

/** A User entity. */
export function user(name: string, memberOf: string[] = []): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name, namespace: 'default' },
    spec: { memberOf },
  };
}

/** A Group entity holding a response role. */
export function responseRoleGroup(name: string, role: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: {
      name,
      namespace: 'default',
      annotations: { [DR_CATALOG_ANNOTATIONS.responseRole]: role },
    },
    spec: { type: 'team', children: [] },
  };
}

/** A TrainingRecord entity as it would come from YAML. */
export function trainingRecordEntity(options: {
  name: string;
  person: string;
  course: string;
  completed: string;
  expires: string;
  relations?: Entity['relations'];
}): Entity {
  return {
    apiVersion: DR_API_VERSION,
    kind: 'TrainingRecord',
    metadata: { name: options.name, namespace: 'default' },
    spec: {
      person: options.person,
      course: options.course,
      completed: options.completed,
      expires: options.expires,
    },
    ...(options.relations ? { relations: options.relations } : {}),
  };
}
