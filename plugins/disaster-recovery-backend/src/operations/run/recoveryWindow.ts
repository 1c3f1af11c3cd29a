import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  RecoveryWindowPitr,
  RecoveryWindowResponse,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import {
  DatabaseTarget,
  getTarget,
  readPitrWindow,
} from '@dr-portal/backstage-plugin-disaster-recovery-node';
import { currentTarget } from '../../failover/targetTopology';
import { OperationStores } from '../types';
import { resolveReadableEntity } from './permission';

/** How many of the newest dumps the window lists. */
const DUMP_LIMIT = 20;

/** The PITR window as `restore-pitr` reads it before it runs, or why there is none. */
async function pitrWindow(target: DatabaseTarget): Promise<RecoveryWindowPitr> {
  if (!target.pgbackrest) {
    return {
      available: false,
      reason: `Target ${target.name} has no pgBackRest stanza: point-in-time restore is not available for it`,
    };
  }
  try {
    const window = await readPitrWindow(target);
    return {
      available: true,
      stanza: target.pgbackrest.stanza,
      earliest: window.earliest,
      latest: window.latest,
      latestSource: window.latestSource,
    };
  } catch (error) {
    return {
      available: false,
      reason: `pgBackRest stanza ${target.pgbackrest.stanza}: ${
        (error as Error).message
      }`,
    };
  }
}

/**
 * What an entity's database can be recovered to: the PITR window read from pgBackRest the way
 * the point-in-time restore reads it before it runs (so the form and the operation agree), and
 * the times of the newest indexed dumps. Needs the posture read permission on the entity.
 */
export async function getEntityRecoveryWindow(
  deps: {
    catalog: CatalogService;
    permissions: PermissionsService;
    targets: ReadonlyMap<string, DatabaseTarget>;
    stores: Pick<OperationStores, 'topology' | 'backups'>;
  },
  entityRef: string,
  credentials: BackstageCredentials,
  now: Date = new Date(),
): Promise<RecoveryWindowResponse> {
  const entity = await resolveReadableEntity(deps, entityRef, credentials);
  const target = await currentTarget(
    deps.stores.topology,
    getTarget(deps.targets, entity.target),
  );
  const [pitr, newest] = await Promise.all([
    pitrWindow(target),
    deps.stores.backups.listBackups({
      targets: [target.name],
      limit: DUMP_LIMIT,
    }),
  ]);
  const oldest =
    newest.totalItems > newest.items.length
      ? (
          await deps.stores.backups.listBackups({
            targets: [target.name],
            offset: newest.totalItems - 1,
            limit: 1,
          })
        ).items[0]
      : newest.items[newest.items.length - 1];
  return {
    target: target.name,
    databaseRef: entity.databaseRef,
    observedAt: now.toISOString(),
    pitr,
    dumps: newest.items.map(b => ({
      key: b.key,
      takenAt: b.takenAt,
      ...(b.verification
        ? {
            verification: {
              status: b.verification.status,
              verifiedAt: b.verification.verifiedAt,
            },
          }
        : {}),
    })),
    totalDumps: newest.totalItems,
    ...(oldest ? { oldestDumpAt: oldest.takenAt } : {}),
  };
}
