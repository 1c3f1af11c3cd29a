import { InfoCard, Table, TableColumn } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import type { RestoredCopyItem } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { formatBytes, formatRelative, formatTimestamp } from '../common';

const KIND_LABELS: Record<RestoredCopyItem['kind'], string> = {
  restore: 'Restored database (not cut over)',
  old: 'Previous live database (kept by a cut-over)',
  'tenant-restore': 'Tenant side schema',
  'pitr-server': 'Point-in-time recovered server',
};

const columns: TableColumn<RestoredCopyItem>[] = [
  { title: 'Name', field: 'name', highlight: true },
  { title: 'Kind', render: c => KIND_LABELS[c.kind] },
  {
    title: 'Where',
    render: c =>
      c.kind === 'pitr-server'
        ? `${c.database} on port ${c.port ?? '?'} (${
            c.running ? 'running' : 'stopped'
          })`
        : c.database,
  },
  {
    title: 'Made',
    render: c =>
      `${formatTimestamp(c.createdAt)} (${formatRelative(c.createdAt)})`,
  },
  { title: 'Size', render: c => formatBytes(c.sizeBytes) },
];

/**
 * Copies restores left next to the live data: they hold disk space (and, for an old live database,
 * data nobody reads) until they are discarded with the "Discard a restored copy" template.
 * Renders nothing when there are none.
 */
export function RestoredCopies(props: { items: RestoredCopyItem[] }) {
  if (props.items.length === 0) return null;
  const total = props.items.reduce((n, c) => n + c.sizeBytes, 0);
  return (
    <InfoCard title={`Restored copies (${props.items.length})`}>
      <Typography variant="body2" color="textSecondary" gutterBottom>
        {formatBytes(total)} held next to the live data. Discard a copy once its
        data is no longer needed with the “Discard a restored copy” template;
        the live database is never touched.
      </Typography>
      <Table<RestoredCopyItem>
        options={{ paging: false, search: false, toolbar: false }}
        columns={columns}
        data={props.items}
      />
    </InfoCard>
  );
}
