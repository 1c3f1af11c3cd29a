import { InfoCard } from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import type {
  DrillCalendarStatus,
  FleetDrillCalendarResponse,
  FleetDrillCalendarScenario,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { formatRelative } from '../common';
import type { FleetDrillFilter } from './FleetTable';

/** The calendar statuses counted per scenario, in column order, with their column titles. */
const COUNTED: Array<{ status: DrillCalendarStatus; title: string }> = [
  { status: 'overdue', title: 'Overdue' },
  { status: 'due', title: 'Due' },
  { status: 'never', title: 'Never drilled' },
  { status: 'current', title: 'Current' },
];

function CountCell(props: {
  scenario: FleetDrillCalendarScenario;
  status: DrillCalendarStatus;
  onSelect?: (filter: FleetDrillFilter) => void;
}) {
  const { scenario, status, onSelect } = props;
  const count = scenario.counts[status];
  if (!count || !onSelect) return <TableCell align="right">{count}</TableCell>;
  return (
    <TableCell align="right">
      <Button
        size="small"
        color={status === 'overdue' ? 'secondary' : 'default'}
        aria-label={`Show the ${count} ${
          count === 1 ? 'entity' : 'entities'
        } whose ${scenario.title} drill is ${
          status === 'never' ? 'never drilled' : status
        }`}
        onClick={() =>
          onSelect({
            scenario: scenario.scenario,
            title: scenario.title,
            statuses: [status],
          })
        }
      >
        {count}
      </Button>
    </TableCell>
  );
}

/**
 * The DR test calendar over the fleet: one row per scenario of the policy (whatever the fleet's
 * size) with how many entities are overdue, due, never drilled and current, and whether their
 * last drill passed or failed. A count filters the fleet table to those entities.
 */
export function DrillCalendarCard(props: {
  calendar: FleetDrillCalendarResponse;
  onSelect?: (filter: FleetDrillFilter) => void;
}) {
  const { calendar } = props;
  return (
    <InfoCard
      title="Drills against the calendar"
      subheader={`${calendar.totalEntities} ${
        calendar.totalEntities === 1 ? 'entity' : 'entities'
      }; a count shows those entities in the table`}
    >
      <Table size="small" aria-label="Drills against the calendar">
        <TableHead>
          <TableRow>
            <TableCell>Scenario</TableCell>
            <TableCell>Drill</TableCell>
            {COUNTED.map(c => (
              <TableCell key={c.status} align="right">
                {c.title}
              </TableCell>
            ))}
            <TableCell align="right">Last passed</TableCell>
            <TableCell align="right">Last failed</TableCell>
            <TableCell>Newest drill</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {calendar.scenarios.map(s => (
            <TableRow key={s.scenario}>
              <TableCell component="th" scope="row">
                {s.title}
              </TableCell>
              <TableCell>
                {s.kind}, {s.cadence}
                {s.scheduled ? '' : ' (by hand)'}
              </TableCell>
              {COUNTED.map(c => (
                <CountCell
                  key={c.status}
                  scenario={s}
                  status={c.status}
                  onSelect={props.onSelect}
                />
              ))}
              <TableCell align="right">{s.lastSucceeded}</TableCell>
              <TableCell align="right">{s.lastFailed}</TableCell>
              <TableCell>
                {s.lastDrillAt ? formatRelative(s.lastDrillAt) : 'never'}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </InfoCard>
  );
}
