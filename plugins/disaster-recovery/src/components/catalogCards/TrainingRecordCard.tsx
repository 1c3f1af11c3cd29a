import { InfoCard, Link } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { RefLinks } from './RefLinks';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { StatusChip } from '../common';
import { readTrainingRecord } from './specs';
import { dueStatus } from './dates';

const LABELS = {
  pass: 'Valid',
  warn: 'Expires soon',
  fail: 'Expired',
  unknown: 'Unknown',
} as const;

function expiryText(status: string, expires: string | undefined): string {
  if (!expires) return 'Does not expire';
  return status === 'fail' ? `Expired ${expires}` : `Expires ${expires}`;
}

/**
 * Whether a completion is valid: a record without an expiry date (a course that does not expire,
 * `spec.expires` absent) is valid once completed; unknown only when the completion is unknown.
 */
export function trainingValidity(
  completed: string | undefined,
  expires: string | undefined,
  now = Date.now(),
) {
  if (!expires)
    return { status: completed ? ('pass' as const) : ('unknown' as const) };
  return { status: dueStatus(expires, now).status };
}

/** Card for a TrainingRecord entity: who, which course, when completed, and whether it has expired. */
export function TrainingRecordCard() {
  const { entity } = useEntity();
  const t = readTrainingRecord(entity);
  const state = trainingValidity(t.completed, t.expires);
  return (
    <InfoCard title="DR training" subheader={t.course}>
      <Box display="flex" alignItems="center" style={{ gap: 8 }} mb={1}>
        <StatusChip status={state.status} label={LABELS[state.status]} />
        <Typography variant="body2">
          {expiryText(state.status, t.expires)}
        </Typography>
      </Box>
      <Typography variant="body2" component="div">
        Person:{' '}
        {t.person ? (
          <RefLinks
            refs={[t.person]}
            defaultKind="user"
            defaultNamespace={entity.metadata.namespace}
          />
        ) : (
          'unknown'
        )}
      </Typography>
      <Typography variant="body2">
        Completed {t.completed ?? 'unknown'}
      </Typography>
      {t.evidence && (
        <Typography variant="body2">
          Evidence: <Link to={t.evidence}>{t.evidence}</Link>
        </Typography>
      )}
    </InfoCard>
  );
}
