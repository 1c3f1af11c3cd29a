import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import type {
  CheckStatus,
  CourseTrainingStatus,
  TrainingState,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { disasterRecoveryApiRef } from '../../api';
import { entityRefName, formatTimestamp, StatusChip } from '../common';

/** Each training state as a status chip: never by colour alone, the label says it. */
const STATES: Record<TrainingState, { status: CheckStatus; label: string }> = {
  done: { status: 'pass', label: 'Valid' },
  due: { status: 'warn', label: 'Expires soon' },
  expired: { status: 'fail', label: 'Expired' },
  missing: { status: 'fail', label: 'Missing' },
};

function day(iso: string | undefined): string {
  return iso ? iso.slice(0, 10) : '';
}

function expiryText(c: CourseTrainingStatus): string {
  if (c.expiresAt) return day(c.expiresAt);
  return c.completed ? 'never' : '—';
}

function reasonText(reasons: string[]): string {
  return reasons
    .map(r => {
      if (r === 'everyone') return 'everyone';
      if (r.startsWith('role:')) return `role ${r.slice(5)}`;
      return entityRefName(r);
    })
    .join(', ');
}

/**
 * The DR training of the User the page shows ("My DR training" on one's own page): every course
 * required of them, valid, expiring soon, expired or missing, with completion and expiry dates,
 * why it is required, and the response roles they hold. Read from the backend's training status,
 * which joins the TrainingRecord entities and the records made in the portal.
 */
export function UserTrainingCard() {
  const { entity } = useEntity();
  const api = useApi(disasterRecoveryApiRef);
  const identityApi = useApi(identityApiRef);
  const userRef = stringifyEntityRef(entity);
  const state = useAsync(async () => {
    const [status, identity] = await Promise.all([
      api.getTrainingStatus(userRef),
      identityApi.getBackstageIdentity().catch(() => undefined),
    ]);
    return { status, self: identity?.userEntityRef === userRef };
  }, [api, identityApi, userRef]);

  const title = state.value?.self ? 'My DR training' : 'DR training';
  if (state.loading) {
    return (
      <InfoCard title={title}>
        <Progress />
      </InfoCard>
    );
  }
  if (state.error || !state.value) {
    return (
      <InfoCard title={title}>
        <ResponseErrorPanel
          error={state.error ?? new Error('No training status')}
          title="Could not load the training status"
        />
      </InfoCard>
    );
  }
  const { status } = state.value;
  const count = (s: TrainingState) =>
    status.courses.filter(c => c.state === s).length;
  return (
    <InfoCard
      title={title}
      subheader={`${count('done')} valid, ${count(
        'due',
      )} expiring soon, ${count('expired')} expired, ${count(
        'missing',
      )} missing · as of ${formatTimestamp(status.evaluatedAt)}`}
    >
      <Typography variant="body2" gutterBottom>
        Response roles: {status.roles.length ? status.roles.join(', ') : 'none'}
      </Typography>
      {status.courses.length === 0 ? (
        <EmptyState
          missing="data"
          title="No DR training is required of this person"
        />
      ) : (
        <Table size="small" aria-label={title}>
          <TableHead>
            <TableRow>
              <TableCell>Course</TableCell>
              <TableCell>State</TableCell>
              <TableCell>Completed</TableCell>
              <TableCell>Expires</TableCell>
              <TableCell>Required for</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {status.courses.map(c => (
              <TableRow key={c.course} data-testid={`training-${c.course}`}>
                <TableCell>{c.title ?? c.course}</TableCell>
                <TableCell>
                  <StatusChip
                    status={STATES[c.state].status}
                    label={STATES[c.state].label}
                  />
                </TableCell>
                <TableCell style={{ whiteSpace: 'nowrap' }}>
                  {day(c.completed) || 'never'}
                </TableCell>
                <TableCell style={{ whiteSpace: 'nowrap' }}>
                  {expiryText(c)}
                </TableCell>
                <TableCell>{reasonText(c.requiredBecause)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </InfoCard>
  );
}
