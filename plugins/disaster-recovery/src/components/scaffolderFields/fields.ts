import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { BackupPicker, RestoredCopyPicker } from './RecoveryPickers';
import { PointInTimePicker, validatePointInTime } from './PointInTimePicker';
import { IncidentPicker } from './IncidentPicker';

/** `ui:field: DrBackupPicker`: a backup of the entity chosen in the form, or the newest. */
export const backupPickerFormField = createFormField({
  name: 'DrBackupPicker',
  component: BackupPicker,
});

/** `ui:field: DrRestoredCopyPicker`: a restored copy of the entity chosen in the form. */
export const restoredCopyPickerFormField = createFormField({
  name: 'DrRestoredCopyPicker',
  component: RestoredCopyPicker,
});

/** `ui:field: DrPointInTimePicker`: a moment inside the PITR window of the entity chosen in the form. */
export const pointInTimePickerFormField = createFormField({
  name: 'DrPointInTimePicker',
  component: PointInTimePicker,
  validation: validatePointInTime,
});

/** `ui:field: DrIncidentPicker`: one of the open incidents (its id), or none. */
export const incidentPickerFormField = createFormField({
  name: 'DrIncidentPicker',
  component: IncidentPicker,
});
