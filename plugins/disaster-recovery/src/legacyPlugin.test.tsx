import { screen } from '@testing-library/react';
import { setupServer } from 'msw/node';
import { Entity } from '@backstage/catalog-model';
import { getComponentData } from '@backstage/core-plugin-api';
import {
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  DisasterRecoveryPage,
  DrBackupPickerFieldExtension,
  DrRestoredCopyPickerFieldExtension,
  DrPointInTimePickerFieldExtension,
  DrIncidentPickerFieldExtension,
  EntityRunbookCard,
  disasterRecoveryPlugin,
} from './index';
import {
  BackupPicker,
  IncidentPicker,
  PointInTimePicker,
  RestoredCopyPicker,
} from './components/scaffolderFields';
import { rootRouteRef } from './routes';
import { clientApi, mountedRoutes } from './__testUtils__/fixtures';
import { fleetPageHandlers, makeFleet } from './__testUtils__/fleet';

/** The key under which `<ScaffolderFieldExtensions>` finds a legacy field extension. */
const FIELD_EXTENSION_KEY = 'scaffolder.extensions.field.v1';

describe('legacy frontend system exports', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('the plugin provides the API client for legacy apps', () => {
    expect(disasterRecoveryPlugin.getId()).toBe('disaster-recovery');
    expect([...disasterRecoveryPlugin.getApis()].map(f => f.api.id)).toEqual([
      'plugin.disaster-recovery.service',
    ]);
  });

  it('DisasterRecoveryPage is routable at the plugin root and renders the fleet', async () => {
    expect(getComponentData(<DisasterRecoveryPage />, 'core.mountPoint')).toBe(
      rootRouteRef,
    );
    server.use(...fleetPageHandlers(makeFleet(12), [], []));
    const { unmount } = await renderInTestApp(<DisasterRecoveryPage />, {
      apis: [clientApi()],
      mountedRoutes: { ...mountedRoutes, '/disaster-recovery': rootRouteRef },
    });
    expect(
      await screen.findByText('12 entities evaluated'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Recovery posture of every tenant and database'),
    ).toBeInTheDocument();
    unmount(); // stops the page's minute reload timer
  });

  it('EntityRunbookCard renders the runbook of the entity in context', async () => {
    const runbook: Entity = {
      apiVersion: 'dr.platform.io/v1alpha1',
      kind: 'Runbook',
      metadata: { name: 'region-outage' },
      spec: {
        owner: 'group:default/sre',
        scenarios: ['region-outage'],
        steps: [{ title: 'Declare the incident', text: 'Page the lead.' }],
      },
    };
    await renderInTestApp(
      <EntityProvider entity={runbook}>
        <EntityRunbookCard />
      </EntityProvider>,
      { mountedRoutes },
    );
    expect(
      await screen.findByText('1. Declare the incident'),
    ).toBeInTheDocument();
  });

  it.each([
    ['DrBackupPicker', DrBackupPickerFieldExtension, BackupPicker],
    [
      'DrRestoredCopyPicker',
      DrRestoredCopyPickerFieldExtension,
      RestoredCopyPicker,
    ],
    [
      'DrPointInTimePicker',
      DrPointInTimePickerFieldExtension,
      PointInTimePicker,
    ],
    ['DrIncidentPicker', DrIncidentPickerFieldExtension, IncidentPicker],
  ])(
    'field extension %s registers the picker under its ui:field name',
    (name, Extension, component) => {
      const data = getComponentData<{ name: string; component: unknown }>(
        <Extension />,
        FIELD_EXTENSION_KEY,
      );
      expect(data?.name).toBe(name);
      expect(data?.component).toBe(component);
    },
  );
});
