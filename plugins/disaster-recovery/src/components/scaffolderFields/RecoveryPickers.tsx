import { useApi } from '@backstage/core-plugin-api';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import FormControl from '@material-ui/core/FormControl';
import FormHelperText from '@material-ui/core/FormHelperText';
import InputLabel from '@material-ui/core/InputLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Select from '@material-ui/core/Select';
import type {
  BackupItem,
  RestoredCopyItem,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import useAsync from 'react-use/esm/useAsync';
import { disasterRecoveryApiRef } from '../../api';
import { formatBytes, formatRelative, formatTimestamp } from '../common';

/** The value that means "the newest backup by time". */
export const NEWEST_BACKUP = 'newest';

/** How many backups the picker offers (newest first). */
const BACKUP_CHOICES = 50;

/** `ui:options` of both pickers. @public */
export type RecoveryPickerUiOptions = {
  /** Form field holding the entity ref (default `entityRef`). */
  entityRefField?: string;
};

type PickerProps = FieldExtensionComponentProps<
  string,
  RecoveryPickerUiOptions
>;

/** The entity ref the form holds in the field `ui:options.entityRefField` names (default `entityRef`). */
export function entityRefInForm(
  uiOptions: RecoveryPickerUiOptions | undefined,
  formData: Record<string, unknown> | undefined,
): string | undefined {
  const value = formData?.[uiOptions?.entityRefField ?? 'entityRef'];
  return typeof value === 'string' && value ? value : undefined;
}

/** The entity ref the form chose in another field (any step). */
export function chosenEntityRef(props: {
  uiSchema?: PickerProps['uiSchema'];
  formContext?: unknown;
}): string | undefined {
  return entityRefInForm(
    props.uiSchema?.['ui:options'],
    (props.formContext as { formData?: Record<string, unknown> })?.formData,
  );
}

function backupLabel(b: BackupItem): string {
  const verified = b.verification
    ? `, ${b.verification.mode} verification ${b.verification.status}`
    : ', not verified';
  return `${formatTimestamp(b.takenAt)} (${formatRelative(
    b.takenAt,
  )}), ${formatBytes(b.sizeBytes)}${verified}`;
}

function PickerShell(props: {
  picker: PickerProps;
  label: string;
  value: string;
  help: string;
  disabled?: boolean;
  children: React.ReactNode;
}) {
  const { picker } = props;
  const id = picker.idSchema?.$id ?? 'recovery-picker';
  return (
    <FormControl
      fullWidth
      margin="normal"
      required={picker.required}
      error={(picker.rawErrors?.length ?? 0) > 0}
      disabled={props.disabled}
    >
      <InputLabel id={`${id}-label`}>{props.label}</InputLabel>
      <Select
        labelId={`${id}-label`}
        value={props.value}
        onChange={e => picker.onChange(String(e.target.value))}
        SelectDisplayProps={{ 'aria-label': props.label }}
      >
        {props.children}
      </Select>
      <FormHelperText>{props.help}</FormHelperText>
    </FormControl>
  );
}

/**
 * Scaffolder field `DrBackupPicker`: the backups of the entity chosen in the form (newest first,
 * with size and verification), or "newest by time". The value is the object key, or `newest`.
 */
export function BackupPicker(props: PickerProps) {
  const api = useApi(disasterRecoveryApiRef);
  const entityRef = chosenEntityRef(props);
  const backups = useAsync(
    async () =>
      entityRef
        ? (await api.getEntityBackups(entityRef, { limit: BACKUP_CHOICES }))
            .items
        : [],
    [api, entityRef],
  );
  const items = backups.value ?? [];
  const value = props.formData || NEWEST_BACKUP;
  let help = props.schema?.description ?? '';
  if (!entityRef) help = 'Choose the database or tenant first.';
  else if (backups.error) {
    help = `Could not list the backups (${backups.error.message}); the newest will be used.`;
  } else if (!backups.loading && items.length === 0) {
    help = 'No backup of this entity is indexed yet.';
  }
  return (
    <PickerShell
      picker={props}
      label={props.schema?.title ?? 'Backup'}
      value={value}
      help={help}
    >
      <MenuItem value={NEWEST_BACKUP}>Newest by time</MenuItem>
      {items.map(b => (
        <MenuItem key={b.key} value={b.key}>
          {backupLabel(b)}
        </MenuItem>
      ))}
      {value !== NEWEST_BACKUP && !items.some(b => b.key === value) && (
        <MenuItem value={value}>{value}</MenuItem>
      )}
    </PickerShell>
  );
}

const COPY_KINDS: Record<RestoredCopyItem['kind'], string> = {
  restore: 'restored database',
  old: 'previous live database (cut-over)',
  'tenant-restore': 'tenant side schema',
  'pitr-server': 'point-in-time recovered server',
};

/**
 * Scaffolder field `DrRestoredCopyPicker`: the restored copies of the entity chosen in the form
 * (restore databases, databases kept by a cut-over, side schemas, PITR servers). The value is the
 * copy's name.
 */
export function RestoredCopyPicker(props: PickerProps) {
  const api = useApi(disasterRecoveryApiRef);
  const entityRef = chosenEntityRef(props);
  const copies = useAsync(
    async () =>
      entityRef ? (await api.getRestoredCopies(entityRef)).items : [],
    [api, entityRef],
  );
  const items = copies.value ?? [];
  let help = props.schema?.description ?? '';
  if (!entityRef) help = 'Choose the database or tenant first.';
  else if (copies.error) {
    help = `Could not list the restored copies (${copies.error.message}).`;
  } else if (!copies.loading && items.length === 0) {
    help = 'This entity has no restored copies.';
  }
  return (
    <PickerShell
      picker={props}
      label={props.schema?.title ?? 'Restored copy'}
      value={props.formData ?? ''}
      help={help}
      disabled={!entityRef || items.length === 0}
    >
      {items.map(c => (
        <MenuItem key={c.name} value={c.name}>
          {`${c.name}: ${COPY_KINDS[c.kind]}, made ${formatRelative(
            c.createdAt,
          )}, ${formatBytes(c.sizeBytes)}`}
        </MenuItem>
      ))}
    </PickerShell>
  );
}
