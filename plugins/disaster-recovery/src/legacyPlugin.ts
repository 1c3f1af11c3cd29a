import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { createScaffolderFieldExtension } from '@backstage/plugin-scaffolder-react';
import { DisasterRecoveryClient } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { disasterRecoveryApiRef } from './api';
import {
  BackupPicker,
  RestoredCopyPicker,
  RecoveryPickerUiOptions,
} from './components/scaffolderFields';
import { incidentsRouteRef, rootRouteRef } from './routes';

/**
 * The disaster-recovery plugin for apps on the legacy frontend system (`createApp` from
 * `@backstage/app-defaults`). New-system apps install the default export instead.
 *
 * @public
 */
export const disasterRecoveryPlugin = createPlugin({
  id: 'disaster-recovery',
  routes: { root: rootRouteRef, incidents: incidentsRouteRef },
  apis: [
    createApiFactory({
      api: disasterRecoveryApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new DisasterRecoveryClient({ discoveryApi, fetchApi }),
    }),
  ],
});

/** The fleet page (legacy apps): mount it on a `<Route path="/disaster-recovery">`. @public */
export const DisasterRecoveryPage: () => JSX.Element =
  disasterRecoveryPlugin.provide(
    createRoutableExtension({
      name: 'DisasterRecoveryPage',
      component: () =>
        import('./components/FleetPage').then(m => m.LegacyFleetPage),
      mountPoint: rootRouteRef,
    }),
  );

/** The incident desk (legacy apps): mount it on a `<Route path="/disaster-recovery/incidents">`. @public */
export const DisasterRecoveryIncidentsPage: () => JSX.Element =
  disasterRecoveryPlugin.provide(
    createRoutableExtension({
      name: 'DisasterRecoveryIncidentsPage',
      component: () =>
        import('./components/IncidentDesk').then(m => m.LegacyIncidentDeskPage),
      mountPoint: incidentsRouteRef,
    }),
  );

/** The entity "Disaster recovery" tab content (legacy apps), inside an `EntityLayout.Route`. @public */
export const EntityDisasterRecoveryContent: () => JSX.Element | null =
  disasterRecoveryPlugin.provide(
    createComponentExtension({
      name: 'EntityDisasterRecoveryContent',
      component: {
        lazy: () =>
          import('./components/EntityDrContent').then(m => m.EntityDrContent),
      },
    }),
  );

/** The "DR posture" overview card (legacy apps). @public */
export const EntityDrPostureCard: () => JSX.Element =
  disasterRecoveryPlugin.provide(
    createComponentExtension({
      name: 'EntityDrPostureCard',
      component: {
        lazy: () =>
          import('./components/EntityDrPostureCard').then(
            m => m.EntityDrPostureCard,
          ),
      },
    }),
  );

/** The Runbook overview card (legacy apps). @public */
export const EntityRunbookCard: () => JSX.Element =
  disasterRecoveryPlugin.provide(
    createComponentExtension({
      name: 'EntityRunbookCard',
      component: {
        lazy: () =>
          import('./components/catalogCards').then(m => m.RunbookCard),
      },
    }),
  );

/** The Vendor overview card (legacy apps). @public */
export const EntityVendorCard: () => JSX.Element =
  disasterRecoveryPlugin.provide(
    createComponentExtension({
      name: 'EntityVendorCard',
      component: {
        lazy: () => import('./components/catalogCards').then(m => m.VendorCard),
      },
    }),
  );

/** The TrainingRecord overview card (legacy apps). @public */
export const EntityTrainingRecordCard: () => JSX.Element =
  disasterRecoveryPlugin.provide(
    createComponentExtension({
      name: 'EntityTrainingRecordCard',
      component: {
        lazy: () =>
          import('./components/catalogCards').then(m => m.TrainingRecordCard),
      },
    }),
  );

/**
 * Scaffolder field `DrBackupPicker` for legacy apps: place it inside `<ScaffolderFieldExtensions>`
 * of the scaffolder route.
 *
 * @public
 */
export const DrBackupPickerFieldExtension = disasterRecoveryPlugin.provide(
  createScaffolderFieldExtension<string, RecoveryPickerUiOptions>({
    name: 'DrBackupPicker',
    component: BackupPicker,
  }),
);

/**
 * Scaffolder field `DrRestoredCopyPicker` for legacy apps: place it inside
 * `<ScaffolderFieldExtensions>` of the scaffolder route.
 *
 * @public
 */
export const DrRestoredCopyPickerFieldExtension =
  disasterRecoveryPlugin.provide(
    createScaffolderFieldExtension<string, RecoveryPickerUiOptions>({
      name: 'DrRestoredCopyPicker',
      component: RestoredCopyPicker,
    }),
  );
