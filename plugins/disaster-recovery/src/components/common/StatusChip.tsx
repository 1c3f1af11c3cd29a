import Chip from '@material-ui/core/Chip';
import { makeStyles, Theme } from '@material-ui/core/styles';
import type { CheckStatus } from '@dr-portal/backstage-plugin-disaster-recovery-common';

const LABELS: Record<CheckStatus, string> = {
  pass: 'Pass',
  warn: 'Warn',
  fail: 'Fail',
  unknown: 'Unknown',
};

const useStyles = makeStyles((theme: Theme) => ({
  pass: {
    backgroundColor: theme.palette.success.main,
    color: theme.palette.success.contrastText,
  },
  warn: {
    backgroundColor: theme.palette.warning.main,
    color: theme.palette.warning.contrastText,
  },
  fail: {
    backgroundColor: theme.palette.error.main,
    color: theme.palette.error.contrastText,
  },
  unknown: {
    backgroundColor: theme.palette.grey[500],
    color: theme.palette.getContrastText(theme.palette.grey[500]),
  },
}));

/** Narrows any value to a check status; anything unrecognised is `unknown`, never `pass`. */
export function toCheckStatus(value: unknown): CheckStatus {
  return value === 'pass' ||
    value === 'warn' ||
    value === 'fail' ||
    value === 'unknown'
    ? value
    : 'unknown';
}

/** Props of {@link StatusChip}. */
export interface StatusChipProps {
  status: CheckStatus | string | undefined;
  /** Text instead of the status name, e.g. `Verified`. */
  label?: string;
  size?: 'small' | 'medium';
}

/** A check status as a coloured chip: pass green, warn amber, fail red, unknown grey. */
export function StatusChip(props: StatusChipProps) {
  const classes = useStyles();
  const status = toCheckStatus(props.status);
  const label = props.label ?? LABELS[status];
  return (
    <Chip
      size={props.size ?? 'small'}
      label={label}
      className={classes[status]}
      data-status={status}
      aria-label={`${label} (status ${status})`}
    />
  );
}
