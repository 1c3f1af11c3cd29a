import {
  compileCatalogModel,
  defaultCatalogEntityModel,
} from '@backstage/catalog-model/alpha';
import { DR_API_VERSION } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { disasterRecoveryCatalogModel } from './disasterRecoveryCatalogModel';

describe('disasterRecoveryCatalogModel', () => {
  const model = compileCatalogModel([
    defaultCatalogEntityModel,
    disasterRecoveryCatalogModel,
  ]);

  it('compiles on top of the default model and declares the three kinds', () => {
    for (const kind of ['Runbook', 'Vendor', 'TrainingRecord']) {
      const compiled = model.getKind({ kind, apiVersion: DR_API_VERSION });
      expect(compiled?.apiVersions).toEqual([DR_API_VERSION]);
    }
    expect(
      model
        .getKind({ kind: 'Runbook', apiVersion: DR_API_VERSION })
        ?.relationFields.map(f => [f.path, f.relation]),
    ).toEqual([
      ['spec.owner', 'ownedBy'],
      ['spec.appliesTo', 'appliesTo'],
    ]);
  });

  it('declares every relation with its reverse', () => {
    const pairs = model
      .listRelations()
      .filter(r =>
        r.fromKind.some(k =>
          ['Runbook', 'Vendor', 'TrainingRecord'].includes(k),
        ),
      )
      .map(r => `${r.forward.type}/${r.reverse.type}`);
    expect(new Set(pairs)).toEqual(
      new Set([
        'ownedBy/ownerOf',
        'appliesTo/hasRunbook',
        'dependencyOf/dependsOn',
        'alternativeOf/alternativeOf',
        'trainingOf/hasTraining',
      ]),
    );
    expect(
      model.getRelations({ kind: 'User' })?.map(r => r.forward.type),
    ).toEqual(expect.arrayContaining(['hasTraining', 'ownerOf']));
  });
});
