import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { Entity } from '@backstage/catalog-model';
import {
  ApiBlueprint,
  coreExtensionData,
} from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  registerMswTestHooks,
  renderInTestApp,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import rootDefault, {
  DisasterRecoveryPage,
  EntityDisasterRecoveryContent,
  EntityDrPostureCard,
  EntityRunbookCard,
  EntityTrainingRecordCard,
  EntityDrUserTrainingCard,
  EntityVendorCard,
  disasterRecoveryPlugin,
  isDisasterRecoveryAvailable,
  isRunbookEntity,
} from './index';
import alphaDefault from './alpha';
import {
  disasterRecoveryApi,
  disasterRecoveryEntityContent,
  disasterRecoveryFrontendPlugin,
  disasterRecoveryPage,
  drPostureEntityCard,
  runbookEntityCard,
  trainingRecordEntityCard,
  userTrainingEntityCard,
  vendorEntityCard,
} from './plugin';
import { disasterRecoveryApiRef } from './api';
import {
  BASE,
  clientApi,
  complianceResponse,
  historyResponse,
  metricsResponse,
  mountedRoutes,
  recoveryRuns,
} from './__testUtils__/fixtures';
import { fleetHandler, makeFleet } from './__testUtils__/fleet';

const entity = (
  kind: string,
  type?: string,
  apiVersion = 'backstage.io/v1alpha1',
): Entity => ({
  apiVersion,
  kind,
  metadata: { name: 'x' },
  spec: type ? { type } : {},
});

const tenant = entity('Resource', 'tenant');
const database = entity('Resource', 'database');
const system = entity('System');
const bucket = entity('Resource', 's3-bucket');
const component = entity('Component', 'service');
const runbook = entity('Runbook', undefined, 'dr.platform.io/v1alpha1');
const foreignRunbook = entity('Runbook', undefined, 'example.com/v1');

describe('new frontend system plugin', () => {
  it('is the default export of the package root and of ./alpha', () => {
    expect(rootDefault).toBe(disasterRecoveryFrontendPlugin);
    expect(alphaDefault).toBe(disasterRecoveryFrontendPlugin);
    expect(disasterRecoveryFrontendPlugin.pluginId).toBe('disaster-recovery');
    expect(disasterRecoveryFrontendPlugin.title).toBe('Disaster recovery');
  });

  it('has the extension ids the README documents', () => {
    for (const id of [
      'api:disaster-recovery',
      'page:disaster-recovery',
      'page:disaster-recovery/run',
      'entity-content:disaster-recovery',
      'entity-card:disaster-recovery/posture',
      'entity-card:disaster-recovery/database-tenants',
      'entity-card:disaster-recovery/runbook',
      'entity-card:disaster-recovery/vendor',
      'entity-card:disaster-recovery/training-record',
      'scaffolder-form-field:disaster-recovery/backup-picker',
      'scaffolder-form-field:disaster-recovery/restored-copy-picker',
      'scaffolder-form-field:disaster-recovery/point-in-time-picker',
    ] as const) {
      expect(disasterRecoveryFrontendPlugin.getExtension(id)).toBeDefined();
    }
  });

  it('provides the API client behind disasterRecoveryApiRef', () => {
    const factory = createExtensionTester(disasterRecoveryApi).get(
      ApiBlueprint.dataRefs.factory,
    );
    expect(factory.api.id).toBe(disasterRecoveryApiRef.id);
  });

  it('mounts the fleet page at /disaster-recovery titled "Disaster recovery"', () => {
    const tester = createExtensionTester(disasterRecoveryPage);
    expect(tester.get(coreExtensionData.routePath)).toBe('/disaster-recovery');
    expect(tester.get(coreExtensionData.title)).toBe('Disaster recovery');
  });

  it('shows the DR tab and posture card on tenants, databases and systems only', () => {
    const tabFilter = createExtensionTester(disasterRecoveryEntityContent).get(
      EntityContentBlueprint.dataRefs.filterFunction,
    )!;
    const cardFilter = createExtensionTester(drPostureEntityCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    )!;
    for (const filter of [tabFilter, cardFilter]) {
      expect([tenant, database, system].map(filter)).toEqual([
        true,
        true,
        true,
      ]);
      expect([bucket, component, runbook].map(filter)).toEqual([
        false,
        false,
        false,
      ]);
    }
    const content = createExtensionTester(disasterRecoveryEntityContent);
    expect(content.get(coreExtensionData.routePath)).toBe('disaster-recovery');
    expect(content.get(EntityContentBlueprint.dataRefs.title)).toBe(
      'Disaster recovery',
    );
  });

  it('shows each kind card on its own kind of the product apiVersion only', () => {
    const filters = [
      ['Runbook', createExtensionTester(runbookEntityCard)],
      ['Vendor', createExtensionTester(vendorEntityCard)],
      ['TrainingRecord', createExtensionTester(trainingRecordEntityCard)],
    ] as const;
    for (const [kind, tester] of filters) {
      const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction)!;
      expect(filter(entity(kind, undefined, 'dr.platform.io/v1alpha1'))).toBe(
        true,
      );
      expect(filter(entity(kind, undefined, 'example.com/v1'))).toBe(false);
      expect(filter(tenant)).toBe(false);
    }
  });

  it('shows the training card on User entities only', () => {
    const filter = createExtensionTester(userTrainingEntityCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    )!;
    expect(filter(entity('User'))).toBe(true);
    expect([tenant, database, system, runbook].map(filter)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });

  describe('rendered through the extension', () => {
    const server = setupServer();
    registerMswTestHooks(server);

    it('loads the fleet page from its extension', async () => {
      server.use(
        fleetHandler(makeFleet(45), []),
        http.get(`${BASE}/metrics`, () => HttpResponse.json(metricsResponse)),
        http.get(`${BASE}/compliance`, () =>
          HttpResponse.json(complianceResponse),
        ),
        http.get(`${BASE}/history`, () => HttpResponse.json(historyResponse())),
      );
      const tester = createExtensionTester(disasterRecoveryPage, {
        apis: [clientApi()],
      });
      await renderInTestApp(tester.reactElement(), {
        apis: [clientApi()],
        mountedRoutes,
      });
      // The page is lazy-loaded: allow for the first import of its modules.
      expect(
        await screen.findByText(
          '45 entities evaluated',
          {},
          { timeout: 15_000 },
        ),
      ).toBeInTheDocument();
    });

    it('serves the fleet page at /disaster-recovery when the plugin is installed', async () => {
      server.use(
        fleetHandler(makeFleet(12), []),
        http.get(`${BASE}/metrics`, () => HttpResponse.json(metricsResponse)),
        http.get(`${BASE}/compliance`, () =>
          HttpResponse.json(complianceResponse),
        ),
        http.get(`${BASE}/history`, () => HttpResponse.json(historyResponse())),
      );
      renderTestApp({
        features: [disasterRecoveryFrontendPlugin],
        initialRouteEntries: ['/disaster-recovery'],
        mountedRoutes,
        // The entity tab and cards attach to the catalog's entity page, absent from this app.
        isExpectedError: error => error.code === 'EXTENSION_ATTACHMENT_MISSING',
      });
      // Through the plugin's own API extension (the app's discovery and fetch), under its header.
      expect(
        await screen.findByText('12 entities evaluated'),
      ).toBeInTheDocument();
      expect(screen.getAllByText('Disaster recovery').length).toBeGreaterThan(
        0,
      );
    });

    it("serves a run's evidence page at /disaster-recovery/runs/:runId", async () => {
      const [run] = recoveryRuns();
      server.use(
        http.get(`${BASE}/runs/${run.id}`, () => HttpResponse.json(run)),
      );
      renderTestApp({
        features: [disasterRecoveryFrontendPlugin],
        initialRouteEntries: [`/disaster-recovery/runs/${run.id}`],
        mountedRoutes,
        isExpectedError: error => error.code === 'EXTENSION_ATTACHMENT_MISSING',
      });
      expect(
        await screen.findByText(`Recovery run ${run.id}`),
      ).toBeInTheDocument();
      expect(screen.queryByText(/entities evaluated/)).not.toBeInTheDocument();
    });
  });
});

describe('legacy exports', () => {
  it('exports a createPlugin plugin and its extensions', () => {
    expect(disasterRecoveryPlugin.getId()).toBe('disaster-recovery');
    for (const ext of [
      DisasterRecoveryPage,
      EntityDisasterRecoveryContent,
      EntityDrPostureCard,
      EntityRunbookCard,
      EntityVendorCard,
      EntityTrainingRecordCard,
      EntityDrUserTrainingCard,
    ]) {
      expect(typeof ext).toBe('function');
    }
  });

  it('has an EntitySwitch condition that agrees with the new-system filter', () => {
    expect([tenant, database, system].map(isDisasterRecoveryAvailable)).toEqual(
      [true, true, true],
    );
    expect(
      [bucket, component, runbook].map(isDisasterRecoveryAvailable),
    ).toEqual([false, false, false]);
    expect(isRunbookEntity(runbook)).toBe(true);
    expect(isRunbookEntity(foreignRunbook)).toBe(false);
  });
});
