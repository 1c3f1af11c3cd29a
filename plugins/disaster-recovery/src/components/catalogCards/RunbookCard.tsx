import { InfoCard } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { RefLinks } from './RefLinks';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { StatusChip, formatIsoDuration } from '../common';
import { readRunbook, RunbookStepView } from './specs';
import { dueStatus } from './dates';
import { runbookReviewDueAt } from '@dr-portal/backstage-plugin-disaster-recovery-common';

/** An argument vector shown as one readable command line (arguments with spaces or quotes are quoted). */
export function formatCommand(argv: string[]): string {
  return argv
    .map(a =>
      /^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`,
    )
    .join(' ');
}

function Step(props: { step: RunbookStepView; index: number }) {
  const { step, index } = props;
  const meta = [
    step.role && `role: ${step.role}`,
    step.expectedDuration &&
      `expected ${formatIsoDuration(step.expectedDuration)}`,
  ]
    .filter(Boolean)
    .join(' · ');
  return (
    <ListItem alignItems="flex-start" divider disableGutters>
      <ListItemText
        primary={`${index + 1}. ${step.title}`}
        secondaryTypographyProps={{ component: 'div' }}
        secondary={
          <>
            {meta && <Typography variant="caption">{meta}</Typography>}
            {step.text && (
              <Typography variant="body2" style={{ whiteSpace: 'pre-wrap' }}>
                {step.text}
              </Typography>
            )}
            {step.command && step.command.length > 0 && (
              <Typography
                variant="body2"
                component="pre"
                style={{
                  fontFamily: 'monospace',
                  whiteSpace: 'pre-wrap',
                  margin: 0,
                }}
              >
                $ {formatCommand(step.command)}
              </Typography>
            )}
          </>
        }
      />
    </ListItem>
  );
}

/** Card for a Runbook entity: scenarios, review state, what it applies to, and its ordered steps. */
export function RunbookCard() {
  const { entity } = useEntity();
  const rb = readRunbook(entity);
  // The posture check's rule (without the policy's cap, which the frontend does not read).
  const dueAt = runbookReviewDueAt(rb.lastReviewed, rb.reviewInterval);
  const review = rb.reviewInterval
    ? dueStatus(dueAt === undefined ? undefined : new Date(dueAt).toISOString())
    : {
        status: 'unknown' as const,
        text: 'no review interval (the policy default applies)',
      };
  return (
    <InfoCard title="Runbook">
      <Box display="flex" flexWrap="wrap" style={{ gap: 4 }} mb={1}>
        {rb.scenarios.map(s => (
          <Chip key={s} size="small" label={s} />
        ))}
      </Box>
      <Box display="flex" alignItems="center" style={{ gap: 8 }} mb={1}>
        <StatusChip status={review.status} label={`Review ${review.status}`} />
        <Typography variant="body2">
          Last reviewed {rb.lastReviewed ?? 'never'}
          {rb.reviewInterval
            ? `, every ${formatIsoDuration(rb.reviewInterval)}`
            : ''}
          ; {review.text}
        </Typography>
      </Box>
      {rb.appliesTo.length > 0 && (
        <Typography variant="body2" component="div">
          Applies to:{' '}
          <RefLinks
            refs={rb.appliesTo}
            defaultNamespace={entity.metadata.namespace}
          />
        </Typography>
      )}
      {rb.steps.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          This runbook has no steps.
        </Typography>
      ) : (
        <List dense aria-label="Runbook steps">
          {rb.steps.map((step, i) => (
            <Step key={i} step={step} index={i} />
          ))}
        </List>
      )}
    </InfoCard>
  );
}
