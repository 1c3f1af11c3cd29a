import { useApi } from '@backstage/core-plugin-api';
import type {
  CustomFieldValidator,
  FieldExtensionComponentProps,
} from '@backstage/plugin-scaffolder-react';
import TextField from '@material-ui/core/TextField';
import {
  pointInTimeOutsideWindow,
  type RecoveryWindowResponse,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { DateTime } from 'luxon';
import useAsync from 'react-use/esm/useAsync';
import { disasterRecoveryApiRef } from '../../api';
import { formatRelative } from '../common';
import {
  chosenEntityRef,
  entityRefInForm,
  type RecoveryPickerUiOptions,
} from './RecoveryPickers';

type PointInTimeProps = FieldExtensionComponentProps<
  string,
  RecoveryPickerUiOptions
>;

/** The value of a `datetime-local` input for an ISO instant, in UTC to the second. */
export function toUtcInput(iso: string | undefined): string {
  if (!iso) return '';
  const t = DateTime.fromISO(iso, { zone: 'utc' });
  return t.isValid ? t.toFormat("yyyy-LL-dd'T'HH:mm:ss") : '';
}

/** The ISO instant of a `datetime-local` input read as UTC (seconds optional), else undefined. */
export function fromUtcInput(value: string): string | undefined {
  if (!value) return undefined;
  const t = DateTime.fromISO(value, { zone: 'utc' });
  return t.isValid
    ? t.toUTC().toISO({ suppressMilliseconds: true })!
    : undefined;
}

/** A UTC instant as `2026-12-03 14:05:09 UTC`. */
function utc(iso: string): string {
  return `${toUtcInput(iso).replace('T', ' ')} UTC`;
}

/** Why the chosen time cannot be restored to, given the window, or undefined. */
export function pointInTimeProblem(
  window: RecoveryWindowResponse,
  value: string | undefined,
): string | undefined {
  if (!window.pitr.available) return window.pitr.reason;
  if (!value) return undefined;
  return pointInTimeOutsideWindow(
    window.pitr,
    new Date(value),
    `target ${window.target}`,
  );
}

/** One sentence describing what the entity can be recovered to. */
export function describeRecoveryWindow(window: RecoveryWindowResponse): string {
  const dumps =
    window.totalDumps === 0
      ? 'No dump is indexed.'
      : `${window.totalDumps} dump${
          window.totalDumps === 1 ? '' : 's'
        }, newest ${utc(window.dumps[0].takenAt)}${
          window.oldestDumpAt ? `, oldest ${utc(window.oldestDumpAt)}` : ''
        }.`;
  if (!window.pitr.available) {
    return `No point-in-time restore: ${window.pitr.reason}. ${dumps}`;
  }
  return `Recoverable to any second from ${utc(window.pitr.earliest)} to ${utc(
    window.pitr.latest,
  )} (the latest is the last ${
    window.pitr.latestSource === 'archiver' ? 'archived WAL' : 'backup'
  }, read ${formatRelative(window.observedAt)}). ${dumps}`;
}

/**
 * Scaffolder field `DrPointInTimePicker`: the moment to recover to, entered in UTC, with the
 * recoverable window of the entity chosen in the form (pgBackRest's PITR range and the dump
 * times) shown under it; a time outside the window is marked at once and refused on submit.
 * The value is an ISO 8601 instant.
 */
export function PointInTimePicker(props: PointInTimeProps) {
  const api = useApi(disasterRecoveryApiRef);
  const entityRef = chosenEntityRef(props);
  const window = useAsync(
    async () => (entityRef ? api.getRecoveryWindow(entityRef) : undefined),
    [api, entityRef],
  );
  const id = props.idSchema?.$id ?? 'point-in-time';
  let help = props.schema?.description ?? '';
  let problem: string | undefined;
  if (!entityRef) help = 'Choose the database or tenant first.';
  else if (window.error) {
    problem = `Could not read the recoverable window (${window.error.message}).`;
  } else if (window.value) {
    help = describeRecoveryWindow(window.value);
    problem = pointInTimeProblem(window.value, props.formData);
  } else {
    help = 'Reading the recoverable window…';
  }
  return (
    <TextField
      id={id}
      fullWidth
      margin="normal"
      type="datetime-local"
      label={`${props.schema?.title ?? 'Point in time'} (UTC)`}
      required={props.required}
      value={toUtcInput(props.formData)}
      onChange={e => props.onChange(fromUtcInput(e.target.value))}
      error={!!problem || (props.rawErrors?.length ?? 0) > 0}
      helperText={problem ? `${problem} ${help}` : help}
      InputLabelProps={{ shrink: true }}
      inputProps={{ step: 1, 'data-testid': 'dr-point-in-time' }}
    />
  );
}

/**
 * Validation of `DrPointInTimePicker` before the form is submitted: reads the entity's window
 * and refuses a time outside it (or any time, when the entity has no PITR window).
 */
export const validatePointInTime: CustomFieldValidator<
  string,
  RecoveryPickerUiOptions
> = async (value, validation, context) => {
  const entityRef = entityRefInForm(
    context.uiSchema?.['ui:options'],
    context.formData,
  );
  const api = context.apiHolder.get(disasterRecoveryApiRef);
  if (!value || !entityRef || !api) return;
  let window: RecoveryWindowResponse;
  try {
    window = await api.getRecoveryWindow(entityRef);
  } catch (error) {
    validation.addError(
      `Could not read the recoverable window of ${entityRef}: ${
        (error as Error).message
      }`,
    );
    return;
  }
  const problem = pointInTimeProblem(window, value);
  if (problem) validation.addError(problem);
};
