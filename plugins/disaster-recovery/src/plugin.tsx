import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import RestoreIcon from '@material-ui/icons/SettingsBackupRestore';
import IncidentIcon from '@material-ui/icons/ReportProblem';
import { DisasterRecoveryClient } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { disasterRecoveryApiRef } from './api';
import {
  drDatabaseEntityPredicate,
  drKindPredicate,
  drPostureEntityPredicate,
} from './filters';
import { incidentsRouteRef, rootRouteRef, runRouteRef } from './routes';

/** The API client extension: `DisasterRecoveryClient` (from -common) behind `disasterRecoveryApiRef`. @public */
export const disasterRecoveryApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: disasterRecoveryApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new DisasterRecoveryClient({ discoveryApi, fetchApi }),
    }),
});

/** The fleet page at `/disaster-recovery`, shown in the nav as "Disaster recovery". @public */
export const disasterRecoveryPage = PageBlueprint.make({
  params: {
    path: '/disaster-recovery',
    title: 'Disaster recovery',
    icon: <RestoreIcon />,
    routeRef: rootRouteRef,
    loader: () => import('./components/FleetPage').then(m => <m.FleetPage />),
  },
});

/** A recovery run's evidence page at `/disaster-recovery/runs/:runId` (no nav item). @public */
export const disasterRecoveryRunPage = PageBlueprint.make({
  name: 'run',
  params: {
    path: '/disaster-recovery/runs/:runId',
    loader: () =>
      import('./components/RunPage').then(m => <m.RunEvidencePage />),
  },
});

/** The incident desk at `/disaster-recovery/incidents`, shown in the nav as "Incidents". @public */
export const incidentDeskPage = PageBlueprint.make({
  name: 'incidents',
  params: {
    path: '/disaster-recovery/incidents',
    title: 'Incidents',
    icon: <IncidentIcon />,
    routeRef: incidentsRouteRef,
    loader: () =>
      import('./components/IncidentDesk').then(m => <m.IncidentDeskPage />),
  },
});

/** The "Disaster recovery" tab of tenants, databases and systems. @public */
export const disasterRecoveryEntityContent = EntityContentBlueprint.make({
  params: {
    path: 'disaster-recovery',
    title: 'Disaster recovery',
    filter: drPostureEntityPredicate,
    loader: () =>
      import('./components/EntityDrContent').then(m => <m.EntityDrContent />),
  },
});

/** The "DR posture" overview card of tenants, databases and systems. @public */
export const drPostureEntityCard = EntityCardBlueprint.make({
  name: 'posture',
  params: {
    filter: drPostureEntityPredicate,
    loader: () =>
      import('./components/EntityDrPostureCard').then(m => (
        <m.EntityDrPostureCard />
      )),
  },
});

/** The overview card of a database: its tenants as a paged list (25 a page) with their posture. @public */
export const databaseTenantsEntityCard = EntityCardBlueprint.make({
  name: 'database-tenants',
  params: {
    filter: drDatabaseEntityPredicate,
    loader: () =>
      import('./components/EntityDrContent').then(m => (
        <m.DatabaseTenantsCard />
      )),
  },
});

/** The overview card of a Runbook: scenarios, review state, steps. @public */
export const runbookEntityCard = EntityCardBlueprint.make({
  name: 'runbook',
  params: {
    filter: drKindPredicate('Runbook'),
    loader: () =>
      import('./components/catalogCards').then(m => <m.RunbookCard />),
  },
});

/** The overview card of a Vendor: contacts, SLA, alternatives. @public */
export const vendorEntityCard = EntityCardBlueprint.make({
  name: 'vendor',
  params: {
    filter: drKindPredicate('Vendor'),
    loader: () =>
      import('./components/catalogCards').then(m => <m.VendorCard />),
  },
});

/** The overview card of a TrainingRecord: person, course, completion, expiry. @public */
export const trainingRecordEntityCard = EntityCardBlueprint.make({
  name: 'training-record',
  params: {
    filter: drKindPredicate('TrainingRecord'),
    loader: () =>
      import('./components/catalogCards').then(m => <m.TrainingRecordCard />),
  },
});

/** The overview card of a User: their DR training (valid, expiring, expired, missing) and roles. @public */
export const userTrainingEntityCard = EntityCardBlueprint.make({
  name: 'user-training',
  params: {
    filter: { kind: 'user' },
    loader: () =>
      import('./components/catalogCards').then(m => <m.UserTrainingCard />),
  },
});

/** Scaffolder field `DrBackupPicker`: a backup of the entity chosen in the template form. @public */
export const backupPickerField = FormFieldBlueprint.make({
  name: 'backup-picker',
  params: {
    field: () =>
      import('./components/scaffolderFields/fields').then(
        m => m.backupPickerFormField,
      ),
  },
});

/** Scaffolder field `DrRestoredCopyPicker`: a restored copy of the entity chosen in the form. @public */
export const restoredCopyPickerField = FormFieldBlueprint.make({
  name: 'restored-copy-picker',
  params: {
    field: () =>
      import('./components/scaffolderFields/fields').then(
        m => m.restoredCopyPickerFormField,
      ),
  },
});

/** Scaffolder field `DrPointInTimePicker`: a moment inside the PITR window, refused outside it. @public */
export const pointInTimePickerField = FormFieldBlueprint.make({
  name: 'point-in-time-picker',
  params: {
    field: () =>
      import('./components/scaffolderFields/fields').then(
        m => m.pointInTimePickerFormField,
      ),
  },
});

/** Scaffolder field `DrIncidentPicker`: one of the open incidents the run serves, or none. @public */
export const incidentPickerField = FormFieldBlueprint.make({
  name: 'incident-picker',
  params: {
    field: () =>
      import('./components/scaffolderFields/fields').then(
        m => m.incidentPickerFormField,
      ),
  },
});

/**
 * The disaster-recovery plugin for the new frontend system: fleet page, run evidence page, incident
 * desk, entity tab, posture card, Runbook / Vendor / TrainingRecord cards, the scaffolder fields
 * `DrBackupPicker`, `DrRestoredCopyPicker`, `DrPointInTimePicker` and `DrIncidentPicker`, and the
 * API client.
 *
 * @public
 */
export const disasterRecoveryFrontendPlugin = createFrontendPlugin({
  pluginId: 'disaster-recovery',
  title: 'Disaster recovery',
  icon: <RestoreIcon />,
  info: { packageJson: () => import('../package.json') },
  routes: {
    root: rootRouteRef,
    run: runRouteRef,
    incidents: incidentsRouteRef,
  },
  extensions: [
    disasterRecoveryApi,
    disasterRecoveryPage,
    disasterRecoveryRunPage,
    incidentDeskPage,
    disasterRecoveryEntityContent,
    drPostureEntityCard,
    databaseTenantsEntityCard,
    runbookEntityCard,
    vendorEntityCard,
    trainingRecordEntityCard,
    userTrainingEntityCard,
    backupPickerField,
    restoredCopyPickerField,
    pointInTimePickerField,
    incidentPickerField,
  ],
});
