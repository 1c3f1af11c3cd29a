import {
  CatalogModelKindRelationFieldDefinition,
  createCatalogModelLayer,
} from '@backstage/catalog-model/alpha';
import { JsonObject } from '@backstage/types';
import {
  DR_ANNOTATIONS,
  DR_CATALOG_ANNOTATIONS,
  DR_KINDS,
  DR_PREFIX,
  DR_RELATIONS,
  runbookSpecSchema,
  trainingRecordSpecSchema,
  vendorSpecSchema,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';

const owner: CatalogModelKindRelationFieldDefinition = {
  selector: { path: 'spec.owner' },
  relation: 'ownedBy',
  defaultKind: 'Group',
  defaultNamespace: 'inherit',
  allowedKinds: ['Group', 'User'],
};

const root = (spec: JsonObject): JsonObject => ({
  type: 'object',
  required: ['spec'],
  properties: { spec },
});

/**
 * The product's catalog model layer: the Runbook, Vendor and TrainingRecord kinds with their JSON
 * schemas and relation fields, the relation pairs they add to the graph, and the product's
 * annotations, for the catalog model API (`catalogModelExtensionPoint.addModelSource`).
 *
 * @public
 */
export const disasterRecoveryCatalogModel = createCatalogModelLayer({
  layerId: `${DR_PREFIX}/disaster-recovery-kinds`,
  builder: model => {
    model.addKind({
      group: DR_PREFIX,
      names: {
        kind: DR_KINDS.runbook,
        singular: 'runbook',
        plural: 'runbooks',
      },
      description:
        'A recovery procedure for one or more disaster scenarios: ordered steps with the role responsible and the expected duration.',
      versions: [
        {
          name: 'v1alpha1',
          relationFields: [
            owner,
            {
              selector: { path: 'spec.appliesTo' },
              relation: DR_RELATIONS.appliesTo,
              defaultNamespace: 'inherit',
            },
          ],
          schema: { jsonSchema: root(runbookSpecSchema) },
        },
      ],
    });
    model.addKind({
      group: DR_PREFIX,
      names: { kind: DR_KINDS.vendor, singular: 'vendor', plural: 'vendors' },
      description:
        'An external service provider (cloud, payment, e-mail, CDN) with contacts, SLA, alternatives and the systems that depend on it.',
      versions: [
        {
          name: 'v1alpha1',
          relationFields: [
            owner,
            {
              selector: { path: 'spec.dependencyOf' },
              relation: 'dependencyOf',
              defaultNamespace: 'inherit',
            },
            {
              selector: { path: 'spec.alternatives' },
              relation: DR_RELATIONS.alternativeOf,
              defaultKind: DR_KINDS.vendor,
              defaultNamespace: 'inherit',
              allowedKinds: [DR_KINDS.vendor],
            },
          ],
          schema: { jsonSchema: root(vendorSpecSchema) },
        },
      ],
    });
    model.addKind({
      group: DR_PREFIX,
      names: {
        kind: DR_KINDS.trainingRecord,
        singular: 'trainingrecord',
        plural: 'trainingrecords',
      },
      description: 'One completion of a DR training course by one person.',
      versions: [
        {
          name: 'v1alpha1',
          relationFields: [
            {
              selector: { path: 'spec.person' },
              relation: DR_RELATIONS.trainingOf,
              defaultKind: 'User',
              defaultNamespace: 'inherit',
              allowedKinds: ['User'],
            },
            owner,
          ],
          schema: { jsonSchema: root(trainingRecordSpecSchema) },
        },
      ],
    });

    const drKinds = Object.values(DR_KINDS);
    model.addRelationPair({
      fromKind: drKinds,
      toKind: ['Group', 'User'],
      description: 'The group or user that owns the entity.',
      forward: { type: 'ownedBy', title: 'owned by' },
      reverse: { type: 'ownerOf', title: 'owner of' },
    });
    model.addRelationPair({
      fromKind: DR_KINDS.runbook,
      toKind: ['System', 'Resource', 'Component', 'Domain'],
      description: 'The runbook is the recovery procedure for the target.',
      forward: { type: DR_RELATIONS.appliesTo, title: 'applies to' },
      reverse: { type: DR_RELATIONS.hasRunbook, title: 'has runbook' },
    });
    model.addRelationPair({
      fromKind: DR_KINDS.vendor,
      toKind: ['System', 'Resource', 'Component'],
      description: 'The target depends on the vendor.',
      forward: { type: 'dependencyOf', title: 'dependency of' },
      reverse: { type: 'dependsOn', title: 'depends on' },
    });
    model.addRelationPair({
      fromKind: DR_KINDS.vendor,
      toKind: DR_KINDS.vendor,
      description: 'The vendors can replace each other.',
      forward: { type: DR_RELATIONS.alternativeOf, title: 'alternative of' },
      reverse: { type: DR_RELATIONS.alternativeOf, title: 'alternative of' },
    });
    model.addRelationPair({
      fromKind: DR_KINDS.trainingRecord,
      toKind: 'User',
      description: 'The person who completed the training.',
      forward: { type: DR_RELATIONS.trainingOf, title: 'training of' },
      reverse: { type: DR_RELATIONS.hasTraining, title: 'has training' },
    });

    const annotations: Array<[string, string, string]> = [
      [
        DR_ANNOTATIONS.tier,
        'DR tier',
        'Tier id from the DR policy (e.g. standard, critical).',
      ],
      [
        DR_ANNOTATIONS.dataClasses,
        'Data classes',
        'Comma-separated data class ids from the DR policy.',
      ],
      [
        DR_ANNOTATIONS.target,
        'DR target',
        'Name of the target in app-config disasterRecovery.targets (connection details stay in config).',
      ],
      [
        DR_ANNOTATIONS.tenantId,
        'Tenant id',
        "The tenant's id in the platform's tenant registry.",
      ],
      [
        DR_ANNOTATIONS.region,
        'Region',
        'Region of the entity, e.g. us-east-1.',
      ],
      [
        DR_CATALOG_ANNOTATIONS.responseRole,
        'Response role',
        'On a Group: the DR response role id its members hold.',
      ],
      [
        DR_CATALOG_ANNOTATIONS.tenantProvider,
        'Tenant provider',
        'Id of the tenant provider that emitted the entity.',
      ],
    ];
    for (const [name, title, description] of annotations) {
      model.addAnnotation({ name, title, description });
    }
  },
});
