import { useCallback, useEffect, useRef, useState } from 'react';
import {
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Checkbox from '@material-ui/core/Checkbox';
import FormControl from '@material-ui/core/FormControl';
import InputLabel from '@material-ui/core/InputLabel';
import ListItemText from '@material-ui/core/ListItemText';
import MenuItem from '@material-ui/core/MenuItem';
import Select from '@material-ui/core/Select';
import {
  CHECK_STATUSES,
  type CheckStatus,
  type FleetPostureItem,
  type FleetPostureQuery,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { disasterRecoveryApiRef } from '../../api';
import {
  EntityLink,
  StatusChip,
  formatBreach,
  formatRelative,
} from '../common';

/** How many rows a page of the fleet table asks the server for by default. */
export const FLEET_PAGE_SIZE = 20;

type SortKey = NonNullable<FleetPostureQuery['sort']>;
const SORTABLE: Record<string, SortKey> = {
  title: 'title',
  tier: 'tier',
  overall: 'overall',
  nextBreachAt: 'nextBreachAt',
};

/** The part of material-table's remote query the table reads. */
interface RemoteQuery {
  page: number;
  pageSize: number;
  search: string;
  orderBy?: { field?: unknown };
  orderDirection?: string;
}

const columns: TableColumn<FleetPostureItem>[] = [
  {
    title: 'Entity',
    field: 'title',
    highlight: true,
    render: row => <EntityLink entityRef={row.entityRef} title={row.title} />,
  },
  { title: 'Tier', field: 'tier' },
  { title: 'Owner', field: 'owner', sorting: false },
  {
    title: 'Posture',
    field: 'overall',
    render: row => <StatusChip status={row.overall} />,
  },
  {
    title: 'Not passing',
    field: 'checks',
    sorting: false,
    render: row => {
      const bad = row.checks.filter(c => c.status !== 'pass');
      return bad.length === 0 ? (
        '—'
      ) : (
        <Box display="flex" flexWrap="wrap" style={{ gap: 4 }}>
          {bad.map(c => (
            <StatusChip key={c.id} status={c.status} label={c.id} />
          ))}
        </Box>
      );
    },
  },
  {
    title: 'Next breach',
    field: 'nextBreachAt',
    render: row => formatBreach(row.nextBreachAt),
  },
  {
    title: 'Evaluated',
    field: 'evaluatedAt',
    sorting: false,
    render: row => formatRelative(row.evaluatedAt),
  },
];

/** Props of {@link FleetTable}. */
export interface FleetTableProps {
  /** Overall statuses to show (all when empty). Controlled, so the count tiles can set it. */
  status: CheckStatus[];
  onStatusChange: (status: CheckStatus[]) => void;
  /** Changes when the page reloads: the table fetches its current page again. */
  refresh?: number;
}

/**
 * The fleet, one server-side page at a time: paging, sorting, search and the status and tier
 * filters all go to the server; the table never holds more than one page.
 */
export function FleetTable(props: FleetTableProps) {
  const { status, onStatusChange } = props;
  const api = useApi(disasterRecoveryApiRef);
  const tableRef = useRef<any>();
  const [tiers, setTiers] = useState<string[]>([]);
  const [knownTiers, setKnownTiers] = useState<string[]>([]);
  const [error, setError] = useState<Error>();

  const fetchPage = useCallback(
    async (query: RemoteQuery) => {
      const field =
        typeof query.orderBy?.field === 'string'
          ? query.orderBy.field
          : undefined;
      const sort = field ? SORTABLE[field] : undefined;
      try {
        const response = await api.getFleet({
          offset: query.page * query.pageSize,
          limit: query.pageSize,
          sort,
          order: sort && (query.orderDirection === 'desc' ? 'desc' : 'asc'),
          status: status.length ? status : undefined,
          tier: tiers.length ? tiers : undefined,
          q: query.search || undefined,
        });
        setError(undefined);
        setKnownTiers(prev => {
          // the server lists every tier the caller may see; older servers only the page's
          const next = new Set(response.tiers ?? prev);
          response.items.forEach(i => i.tier && next.add(i.tier));
          const sorted = [...next].sort();
          return sorted.join('\n') === prev.join('\n') ? prev : sorted;
        });
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
    [api, status, tiers],
  );

  // A changed filter starts again at the first page (the first load is the table's own).
  const mounted = useRef(false);
  useEffect(() => {
    if (!mounted.current) {
      mounted.current = true;
      return;
    }
    tableRef.current?.onQueryChange({ page: 0 });
  }, [fetchPage]);

  // A reload of the page keeps the table where it is (page, sort, search).
  const lastRefresh = useRef(props.refresh);
  useEffect(() => {
    if (lastRefresh.current === props.refresh) return;
    lastRefresh.current = props.refresh;
    tableRef.current?.onQueryChange();
  }, [props.refresh]);

  return (
    <Box component="section" aria-label="Fleet table">
      {error && <ResponseErrorPanel error={error} />}
      <Box display="flex" flexWrap="wrap" mb={1} style={{ gap: 16 }}>
        <FormControl style={{ minWidth: 200 }}>
          <InputLabel>Posture</InputLabel>
          <Select
            multiple
            value={status}
            onChange={e => onStatusChange(e.target.value as CheckStatus[])}
            renderValue={v => (v as string[]).join(', ')}
            SelectDisplayProps={{ 'aria-label': 'Filter by posture' }}
          >
            {CHECK_STATUSES.map(s => (
              <MenuItem key={s} value={s}>
                <Checkbox checked={status.includes(s)} />
                <ListItemText primary={s} />
              </MenuItem>
            ))}
          </Select>
        </FormControl>
        <FormControl style={{ minWidth: 200 }}>
          <InputLabel>Tier</InputLabel>
          <Select
            multiple
            value={tiers}
            onChange={e => setTiers(e.target.value as string[])}
            renderValue={v => (v as string[]).join(', ')}
            SelectDisplayProps={{ 'aria-label': 'Filter by tier' }}
          >
            {knownTiers.map(t => (
              <MenuItem key={t} value={t}>
                <Checkbox checked={tiers.includes(t)} />
                <ListItemText primary={t} />
              </MenuItem>
            ))}
          </Select>
        </FormControl>
      </Box>
      <Table<FleetPostureItem>
        tableRef={tableRef}
        title="Tenants and databases"
        columns={columns}
        data={fetchPage}
        options={{
          paging: true,
          pageSize: FLEET_PAGE_SIZE,
          pageSizeOptions: [20, 50, 100],
          search: true,
          sorting: true,
          debounceInterval: 400,
          emptyRowsWhenPaging: false,
          padding: 'dense',
        }}
      />
    </Box>
  );
}
