import {
  CompoundEntityRef,
  Entity,
  getCompoundEntityRef,
  parseEntityRef,
  RELATION_DEPENDENCY_OF,
  RELATION_DEPENDS_ON,
  RELATION_OWNED_BY,
  RELATION_OWNER_OF,
} from '@backstage/catalog-model';
import { LocationSpec } from '@backstage/plugin-catalog-common';
import {
  CatalogProcessor,
  CatalogProcessorEmit,
  processingResult,
} from '@backstage/plugin-catalog-node';
import {
  DR_RELATIONS,
  DrEntityValidationOptions,
  isRunbookEntity,
  isTrainingRecordEntity,
  isVendorEntity,
  validateDrEntity,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';

/**
 * Validates the product's own kinds (Runbook, Vendor, TrainingRecord of apiVersion
 * `dr.platform.io/v1alpha1`) against their JSON schemas and semantic rules, and emits their
 * relations in both directions: ownedBy/ownerOf, appliesTo/hasRunbook, dependencyOf/dependsOn,
 * alternativeOf (both ways), trainingOf/hasTraining.
 *
 * @public
 */
export class DisasterRecoveryEntitiesProcessor implements CatalogProcessor {
  constructor(private readonly options: DrEntityValidationOptions = {}) {}

  getProcessorName(): string {
    return 'DisasterRecoveryEntitiesProcessor';
  }

  async validateEntityKind(entity: Entity): Promise<boolean> {
    return validateDrEntity(entity, this.options);
  }

  async postProcessEntity(
    entity: Entity,
    _location: LocationSpec,
    emit: CatalogProcessorEmit,
  ): Promise<Entity> {
    const self = getCompoundEntityRef(entity);
    const pair = (
      refs: string | string[] | undefined,
      defaults: { defaultKind?: string },
      forward: string,
      reverse: string,
    ) => {
      for (const ref of [refs ?? []].flat()) {
        const target: CompoundEntityRef = parseEntityRef(ref, {
          defaultKind: defaults.defaultKind,
          defaultNamespace: self.namespace,
        });
        emit(
          processingResult.relation({ source: self, type: forward, target }),
        );
        emit(
          processingResult.relation({
            source: target,
            type: reverse,
            target: self,
          }),
        );
      }
    };
    const ownedBy = (owner: string | undefined) =>
      pair(
        owner,
        { defaultKind: 'Group' },
        RELATION_OWNED_BY,
        RELATION_OWNER_OF,
      );

    if (isRunbookEntity(entity)) {
      ownedBy(entity.spec.owner);
      pair(
        entity.spec.appliesTo,
        {},
        DR_RELATIONS.appliesTo,
        DR_RELATIONS.hasRunbook,
      );
    } else if (isVendorEntity(entity)) {
      ownedBy(entity.spec.owner);
      pair(
        entity.spec.dependencyOf,
        {},
        RELATION_DEPENDENCY_OF,
        RELATION_DEPENDS_ON,
      );
      pair(
        entity.spec.alternatives,
        { defaultKind: 'Vendor' },
        DR_RELATIONS.alternativeOf,
        DR_RELATIONS.alternativeOf,
      );
    } else if (isTrainingRecordEntity(entity)) {
      pair(
        entity.spec.person,
        { defaultKind: 'User' },
        DR_RELATIONS.trainingOf,
        DR_RELATIONS.hasTraining,
      );
      ownedBy(entity.spec.owner);
    }
    return entity;
  }
}
