import { Fragment, useState } from 'react';
import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import type { IncidentItem } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { disasterRecoveryApiRef } from '../../api';
import { formatSeconds, formatTimestamp, secondsBetween } from '../common';
import { ActionItemsPanel } from './ActionItemsPanel';
import { CommunicationPanel } from './CommunicationPanel';
import { downloadText } from './download';
import { drillResponseText } from './drillResponse';
import { ErrorText } from './ErrorText';

/** Time to recover of a resolved incident: start to resolution, seconds. */
export function timeToRecoverSeconds(incident: IncidentItem) {
  return secondsBetween(incident.startedAt, incident.resolvedAt);
}

/**
 * The resolved incidents, newest first, each with its time to recover (a drill with its time to
 * acknowledge and to the first update), root cause, its
 * post-incident review as a Markdown download, and its communications (the resolution notice);
 * above them the mean time to recover of the real (not drill) incidents shown.
 */
export function ClosedIncidents(props: {
  items: IncidentItem[];
  totalItems: number;
  templates: string[];
}) {
  const api = useApi(disasterRecoveryApiRef);
  const [open, setOpen] = useState<string>();
  const [itemsOf, setItemsOf] = useState<string>();
  const [error, setError] = useState<Error>();
  const real = props.items
    .filter(i => !i.drill)
    .map(timeToRecoverSeconds)
    .filter((s): s is number => s !== undefined);
  const mttr = real.length
    ? real.reduce((a, b) => a + b, 0) / real.length
    : undefined;

  const download = async (id: string) => {
    setError(undefined);
    try {
      const markdown = await api.getIncidentReviewMarkdown(id);
      downloadText(
        `post-incident-review-${id}.md`,
        markdown,
        'text/markdown;charset=utf-8',
      );
    } catch (e) {
      setError(e as Error);
    }
  };

  return (
    <InfoCard
      title="Closed incidents"
      subheader={
        mttr === undefined
          ? 'No resolved incident yet'
          : `MTTR ${formatSeconds(mttr)} over the ${
              real.length
            } latest real incident${real.length === 1 ? '' : 's'} (of ${
              props.totalItems
            } closed)`
      }
    >
      <ErrorText error={error} />
      {props.items.length === 0 ? (
        <Typography variant="body2">Nothing resolved yet.</Typography>
      ) : (
        <Table size="small" aria-label="Closed incidents">
          <TableHead>
            <TableRow>
              <TableCell>Incident</TableCell>
              <TableCell>Severity</TableCell>
              <TableCell>Title</TableCell>
              <TableCell>Resolved</TableCell>
              <TableCell>Time to recover</TableCell>
              <TableCell>Root cause</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {props.items.map(i => (
              <Fragment key={i.id}>
                <TableRow>
                  <TableCell>
                    {i.id}
                    {i.drill ? ` (drill: ${drillResponseText(i)})` : ''}
                  </TableCell>
                  <TableCell>{i.severity}</TableCell>
                  <TableCell>{i.title}</TableCell>
                  <TableCell>{formatTimestamp(i.resolvedAt)}</TableCell>
                  <TableCell>
                    {formatSeconds(timeToRecoverSeconds(i))}
                  </TableCell>
                  <TableCell>{i.rootCause}</TableCell>
                  <TableCell>
                    <Button
                      size="small"
                      onClick={() => download(i.id)}
                      aria-label={`Download the review of ${i.id} as Markdown`}
                    >
                      Review
                    </Button>
                    <Button
                      size="small"
                      onClick={() => setOpen(open === i.id ? undefined : i.id)}
                    >
                      Communications
                    </Button>
                    <Button
                      size="small"
                      onClick={() =>
                        setItemsOf(itemsOf === i.id ? undefined : i.id)
                      }
                      aria-label={`Action items of ${i.id}`}
                    >
                      Action items
                    </Button>
                  </TableCell>
                </TableRow>
                {itemsOf === i.id && (
                  <TableRow>
                    <TableCell colSpan={7}>
                      <ActionItemsPanel incidentId={i.id} />
                    </TableCell>
                  </TableRow>
                )}
                {open === i.id && (
                  <TableRow>
                    <TableCell colSpan={7}>
                      <CommunicationPanel
                        incidentId={i.id}
                        templates={props.templates}
                        version={i.lastUpdateAt}
                        defaultTemplate="resolution"
                      />
                    </TableCell>
                  </TableRow>
                )}
              </Fragment>
            ))}
          </TableBody>
        </Table>
      )}
    </InfoCard>
  );
}
