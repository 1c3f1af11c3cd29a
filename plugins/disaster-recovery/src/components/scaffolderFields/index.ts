export {
  BackupPicker,
  RestoredCopyPicker,
  NEWEST_BACKUP,
} from './RecoveryPickers';
export type { RecoveryPickerUiOptions } from './RecoveryPickers';
export { PointInTimePicker, validatePointInTime } from './PointInTimePicker';
export { IncidentPicker } from './IncidentPicker';
