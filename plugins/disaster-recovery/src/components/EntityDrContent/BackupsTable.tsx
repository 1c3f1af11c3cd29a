import { useCallback, useState } from 'react';
import {
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Typography from '@material-ui/core/Typography';
import type { BackupItem } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { disasterRecoveryApiRef } from '../../api';
import {
  StatusChip,
  formatBytes,
  formatRelative,
  formatSeconds,
  formatTimestamp,
} from '../common';

/** How many backups a page asks the server for by default. */
export const BACKUPS_PAGE_SIZE = 10;

/** The verification of a backup as a chip: verified green, failed red, never verified grey. */
export function VerificationChip(props: { backup: BackupItem }) {
  const v = props.backup.verification;
  if (!v) return <StatusChip status="unknown" label="Not verified" />;
  const when = formatRelative(v.verifiedAt);
  return v.status === 'pass' ? (
    <StatusChip status="pass" label={`Verified (${v.mode}, ${when})`} />
  ) : (
    <StatusChip
      status="fail"
      label={`Verification failed (${v.mode}, ${when})`}
    />
  );
}

const columns: TableColumn<BackupItem>[] = [
  {
    title: 'Taken',
    field: 'takenAt',
    render: row => (
      <>
        <Typography variant="body2">{formatTimestamp(row.takenAt)}</Typography>
        <Typography variant="caption" color="textSecondary">
          {formatRelative(row.takenAt)}
        </Typography>
      </>
    ),
  },
  { title: 'Target', field: 'target' },
  {
    title: 'Object',
    field: 'key',
    render: row => (
      <Typography variant="body2" style={{ wordBreak: 'break-all' }}>
        s3://{row.bucket}/{row.key}
      </Typography>
    ),
  },
  {
    title: 'Size',
    field: 'sizeBytes',
    render: row => formatBytes(row.sizeBytes),
  },
  {
    title: 'Took',
    field: 'durationSeconds',
    render: row =>
      row.durationSeconds !== undefined
        ? formatSeconds(row.durationSeconds)
        : '—',
  },
  {
    title: 'Encryption',
    field: 'serverSideEncryption',
    render: row => row.serverSideEncryption ?? 'none recorded',
  },
  {
    title: 'Verification',
    field: 'verification',
    render: row => <VerificationChip backup={row} />,
  },
];

/** The backups indexed for an entity, one server-side page at a time, with their verification. */
export function BackupsTable(props: { entityRef: string }) {
  const { entityRef } = props;
  const api = useApi(disasterRecoveryApiRef);
  const [error, setError] = useState<Error>();
  const fetchPage = useCallback(
    async (query: { page: number; pageSize: number }) => {
      try {
        const response = await api.getEntityBackups(entityRef, {
          offset: query.page * query.pageSize,
          limit: query.pageSize,
        });
        setError(undefined);
        return {
          data: response.items,
          page: query.page,
          totalCount: response.totalItems,
        };
      } catch (e) {
        setError(e as Error);
        throw e;
      }
    },
    [api, entityRef],
  );
  return (
    <>
      {error && (
        <ResponseErrorPanel error={error} title="Could not load backups" />
      )}
      <Table<BackupItem>
        key={entityRef}
        title="Backups"
        columns={columns}
        data={fetchPage}
        options={{
          paging: true,
          pageSize: BACKUPS_PAGE_SIZE,
          pageSizeOptions: [10, 25, 50],
          search: false,
          sorting: false,
          emptyRowsWhenPaging: false,
          padding: 'dense',
        }}
        localization={{
          body: {
            emptyDataSourceMessage: 'No backups indexed for this entity',
          },
        }}
      />
    </>
  );
}
