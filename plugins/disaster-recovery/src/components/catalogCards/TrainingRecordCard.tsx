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
  if (!expires) return 'No expiry date';
  return status === 'fail' ? `Expired ${expires}` : `Expires ${expires}`;
}

/** Card for a TrainingRecord entity: who, which course, when completed, and whether it has expired. */
export function TrainingRecordCard() {
  const { entity } = useEntity();
  const t = readTrainingRecord(entity);
  const state = dueStatus(t.expires);
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
