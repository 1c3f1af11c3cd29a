import {
  type CheckResult,
  compareStatus,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { Table, TableColumn } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { StatusChip, formatBreach, toCheckStatus } from '../common';

/** When a check breaches; a failing check without a breach time has breached already. */
function breachText(check: CheckResult): string {
  if (check.breachAt) return formatBreach(check.breachAt);
  return toCheckStatus(check.status) === 'fail' ? 'breached' : '—';
}

const columns: TableColumn<CheckResult>[] = [
  {
    title: 'Status',
    field: 'status',
    width: '110px',
    render: row => <StatusChip status={row.status} />,
  },
  {
    title: 'Check',
    field: 'title',
    render: row => (
      <>
        <Typography variant="body2">{row.title}</Typography>
        <Typography variant="caption" color="textSecondary">
          {row.id}
        </Typography>
      </>
    ),
  },
  { title: 'Reason', field: 'reason' },
  { title: 'Target', field: 'target', render: row => row.target ?? '—' },
  { title: 'Measured', field: 'measured', render: row => row.measured ?? '—' },
  {
    title: 'Breach',
    field: 'breachAt',
    render: row => breachText(row),
  },
];

/** Every posture check of an entity, worst first, with its reason, target, measurement and breach time. */
export function ChecksTable(props: { checks: CheckResult[] }) {
  const data = [...props.checks].sort((a, b) =>
    compareStatus(a.status, b.status),
  );
  return (
    <Table<CheckResult>
      title="Checks"
      columns={columns}
      data={data}
      options={{ paging: false, search: false, padding: 'dense' }}
    />
  );
}
