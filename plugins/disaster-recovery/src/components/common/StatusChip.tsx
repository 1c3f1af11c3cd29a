import Chip from '@material-ui/core/Chip';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import ErrorIcon from '@material-ui/icons/Error';
import HelpIcon from '@material-ui/icons/Help';
import WarningIcon from '@material-ui/icons/Warning';
import { makeStyles, Theme } from '@material-ui/core/styles';
import type { CheckStatus } from '@dr-portal/backstage-plugin-disaster-recovery-common';

const LABELS: Record<CheckStatus, string> = {
  pass: 'Pass',
  warn: 'Warn',
  fail: 'Fail',
  unknown: 'Unknown',
};

/** A shape per status, so that status never reads by colour alone. */
const ICONS: Record<CheckStatus, typeof CheckCircleIcon> = {
  pass: CheckCircleIcon,
  warn: WarningIcon,
  fail: ErrorIcon,
  unknown: HelpIcon,
};

const useStyles = makeStyles((theme: Theme) => ({
  pass: {
    backgroundColor: theme.palette.success.main,
    color: theme.palette.success.contrastText,
  },
  icon: { color: 'inherit' },
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

/**
 * A check status as a coloured chip with an icon per status (pass green tick, warn amber
 * triangle, fail red disc, unknown grey question mark); a custom label keeps the status name
 * for assistive technology.
 */
export function StatusChip(props: StatusChipProps) {
  const classes = useStyles();
  const status = toCheckStatus(props.status);
  const label = props.label ?? LABELS[status];
  const Icon = ICONS[status];
  return (
    <Chip
      size={props.size ?? 'small'}
      icon={<Icon className={classes.icon} aria-hidden />}
      label={label}
      className={classes[status]}
      data-status={status}
      aria-label={`${label} (status ${status})`}
    />
  );
}
