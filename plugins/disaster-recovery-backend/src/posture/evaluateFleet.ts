import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { NotificationService } from '@backstage/plugin-notifications-node';
import {
  CheckStatus,
  DrPolicy,
  evaluate,
  getTier,
  summarizeStatuses,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { IncidentStore } from '../database/IncidentStore';
import { PostureSnapshot, PostureStore } from '../database/PostureStore';
import { CatalogEvidence } from './catalogEvidence';
import { loadWindowIncidents } from './incidentEvidence';
import { notifyNewFailures } from './postureNotifier';
import { EvidenceStores } from './storeEvidence';
import { newlyFailingChecks } from './transitions';
import { buildTenantEvidence, TargetEvidenceCache } from './subjectEvidence';
import {
  describeSubject,
  loadDatabaseTargets,
  queryAllEntities,
  TENANT_FILTER,
} from './tenants';

/** What one evaluation round did. @public */
export interface FleetEvaluation {
  evaluated: number;
  counts: Record<CheckStatus, number>;
  notified: number;
  removed: number;
}

/**
 * One evaluation round over every tenant in the catalog (paged with `queryEntities`): builds each
 * tenant's evidence from the store (through its database target, and the incidents of the
 * availability window that reached it) and the catalog, evaluates it,
 * writes the posture snapshots (and history where a status changed), notifies owners of checks
 * that turned fail, records the fleet counts, and drops snapshots of tenants gone from the
 * catalog.
 *
 * @public
 */
export async function evaluateFleet(options: {
  stores: EvidenceStores & {
    postures: PostureStore;
    incidents: Pick<IncidentStore, 'listIncidentsDuring'>;
  };
  catalog: CatalogService;
  credentials: BackstageCredentials;
  policy: DrPolicy;
  catalogEvidence: CatalogEvidence;
  notifications?: NotificationService;
  logger: LoggerService;
  now?: Date;
  pageSize?: number;
}): Promise<FleetEvaluation> {
  const { stores, policy, logger } = options;
  const { postures } = stores;
  const now = options.now ?? new Date();
  const targets = await loadDatabaseTargets(
    options.catalog,
    options.credentials,
  );
  const evidenceCache = new TargetEvidenceCache(stores, policy);
  const incidents = await loadWindowIncidents(stores.incidents, policy, now);
  const counts = summarizeStatuses([]);
  let evaluated = 0;
  let notified = 0;

  for await (const page of queryAllEntities(
    options.catalog,
    options.credentials,
    TENANT_FILTER,
    options.pageSize,
  )) {
    const subjects = page.map(entity => describeSubject(entity, targets));
    const previous = await postures.getPreviousPostures(
      subjects.map(s => s.entityRef),
    );
    const snapshots: PostureSnapshot[] = [];
    for (const subject of subjects) {
      const target = await evidenceCache.get(subject);
      const result = evaluate(
        policy,
        buildTenantEvidence(
          subject,
          target,
          options.catalogEvidence,
          incidents,
        ),
        now,
      );
      counts[result.overall] += 1;
      snapshots.push({
        entityRef: result.entityRef,
        title: subject.title,
        tier: getTier(policy, subject.tier).id,
        owner: subject.owner,
        target: subject.target,
        database: subject.database,
        system: subject.system,
        overall: result.overall,
        checks: result.checks,
        nextBreachAt: result.nextBreachAt,
        evaluatedAt: result.evaluatedAt,
      });
      if (options.notifications) {
        const failing = newlyFailingChecks(
          previous.get(result.entityRef),
          result,
        );
        const sent = await notifyNewFailures({
          notifications: options.notifications,
          logger,
          entityRef: result.entityRef,
          title: subject.title,
          owner: subject.owner,
          failing,
        });
        if (sent) notified += 1;
      }
    }
    await postures.savePostureSnapshots(snapshots);
    evaluated += snapshots.length;
  }

  await postures.recordFleetHistory(now, counts);
  const removed = await postures.deleteStaleSnapshots(now);
  logger.info(
    `Evaluated the DR posture of ${evaluated} tenants (${counts.fail} fail, ${counts.unknown} unknown, ${counts.warn} warn, ${counts.pass} pass); ${notified} owners notified, ${removed} stale snapshots removed`,
  );
  return { evaluated, counts, notified, removed };
}
