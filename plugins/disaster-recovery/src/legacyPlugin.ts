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
  IncidentPicker,
  PointInTimePicker,
  RestoredCopyPicker,
  RecoveryPickerUiOptions,
  validatePointInTime,
} from './components/scaffolderFields';
import { incidentsRouteRef, rootRouteRef, runRouteRef } from './routes';

/**
 * The disaster-recovery plugin for apps on the legacy frontend system (`createApp` from
 * `@backstage/app-defaults`). New-system apps install the default export instead.
 *
 * @public
 */
export const disasterRecoveryPlugin = createPlugin({
  id: 'disaster-recovery',
  routes: {
    root: rootRouteRef,
    run: runRouteRef,
    incidents: incidentsRouteRef,
  },
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

/**
 * A recovery run's evidence page (legacy apps): mount it on a
 * `<Route path="/disaster-recovery/runs/:runId">`, next to the fleet page.
 *
 * @public
 */
export const DisasterRecoveryRunPage: () => JSX.Element =
  disasterRecoveryPlugin.provide(
    createComponentExtension({
      name: 'DisasterRecoveryRunPage',
      component: {
        lazy: () =>
          import('./components/RunPage').then(m => m.LegacyRunEvidencePage),
      },
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

/** The tenants card of a database's overview, 25 a page (legacy apps). @public */
export const EntityDrDatabaseTenantsCard: () => JSX.Element =
  disasterRecoveryPlugin.provide(
    createComponentExtension({
      name: 'EntityDrDatabaseTenantsCard',
      component: {
        lazy: () =>
          import('./components/EntityDrContent').then(
            m => m.DatabaseTenantsCard,
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

/** A User's DR training card (legacy apps; place it on the User entity page). @public */
export const EntityDrUserTrainingCard: () => JSX.Element =
  disasterRecoveryPlugin.provide(
    createComponentExtension({
      name: 'EntityDrUserTrainingCard',
      component: {
        lazy: () =>
          import('./components/catalogCards').then(m => m.UserTrainingCard),
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

/**
 * Scaffolder field `DrPointInTimePicker` for legacy apps: shows the entity's recoverable window
 * and refuses a time outside it before the form is submitted. Place it inside
 * `<ScaffolderFieldExtensions>` of the scaffolder route.
 *
 * @public
 */
export const DrPointInTimePickerFieldExtension = disasterRecoveryPlugin.provide(
  createScaffolderFieldExtension<string, RecoveryPickerUiOptions>({
    name: 'DrPointInTimePicker',
    component: PointInTimePicker,
    validation: validatePointInTime,
  }),
);

/**
 * Scaffolder field `DrIncidentPicker` for legacy apps: one of the open incidents the run serves,
 * or none. Place it inside `<ScaffolderFieldExtensions>` of the scaffolder route.
 *
 * @public
 */
export const DrIncidentPickerFieldExtension = disasterRecoveryPlugin.provide(
  createScaffolderFieldExtension<string>({
    name: 'DrIncidentPicker',
    component: IncidentPicker,
  }),
);
