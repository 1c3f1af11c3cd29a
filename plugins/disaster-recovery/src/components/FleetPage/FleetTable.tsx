import { useEffect, useState } from 'react';
import { ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import { makeStyles } from '@material-ui/core/styles';
import Checkbox from '@material-ui/core/Checkbox';
import Chip from '@material-ui/core/Chip';
import FormControl from '@material-ui/core/FormControl';
import InputLabel from '@material-ui/core/InputLabel';
import LinearProgress from '@material-ui/core/LinearProgress';
import ListItemText from '@material-ui/core/ListItemText';
import MenuItem from '@material-ui/core/MenuItem';
import Paper from '@material-ui/core/Paper';
import Select from '@material-ui/core/Select';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TablePagination from '@material-ui/core/TablePagination';
import TableRow from '@material-ui/core/TableRow';
import TableSortLabel from '@material-ui/core/TableSortLabel';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import {
  CHECK_STATUSES,
  type CheckStatus,
  type DrillCalendarStatus,
  type FleetPostureQuery,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { disasterRecoveryApiRef } from '../../api';
import { entityRefName } from '../common';
import { FLEET_COLUMNS, FleetRow } from './FleetRow';

/**
 * The theme's table cells are padded for airy tables (12 px above and below in a small table):
 * the fleet's rows keep 4 px, so that a page of 25 fits one screen.
 */
const useStyles = makeStyles(theme => ({
  compact: {
    '& tbody td': {
      paddingTop: theme.spacing(0.5),
      paddingBottom: theme.spacing(0.5),
    },
  },
}));

/** How many rows a page of the fleet table asks the server for by default (one screen). */
export const FLEET_PAGE_SIZE = 25;

type SortKey = NonNullable<FleetPostureQuery['sort']>;

/** The columns, in order; those with a sort key are sortable on the server. */
const COLUMNS: Array<{ title: string; sort?: SortKey }> = [
  { title: 'Entity', sort: 'title' },
  { title: 'Status', sort: 'overall' },
  { title: 'Worst check' },
  { title: 'Checks' },
  { title: 'Next breach', sort: 'nextBreachAt' },
  { title: 'Owner' },
  { title: 'Database' },
];

/** Props of {@link FleetTable}. */
export interface FleetTableProps {
  /** Overall statuses to show (all when empty). Controlled, so the count tiles can set it. */
  status: CheckStatus[];
  onStatusChange: (status: CheckStatus[]) => void;
  /** Changes when the page reloads: the table fetches its current page again. */
  refresh?: number;
  /** Only the entities of a system, or of a database (the DR tab of a System, a database's card). */
  scope?: Pick<FleetPostureQuery, 'system' | 'database'>;
  /** Heading and accessible name of the table (default "Tenants and databases"). */
  title?: string;
  /** Only the entities whose drill of a scenario stands so on the calendar (e.g. overdue). */
  drillFilter?: FleetDrillFilter;
  /** Clears {@link FleetTableProps.drillFilter} (its chip's delete button). */
  onDrillFilterClear?: () => void;
}

/** The fleet table's drill filter: a scenario and the calendar statuses to keep. */
export interface FleetDrillFilter {
  scenario: string;
  /** The scenario's title, for the filter's chip. */
  title: string;
  statuses: DrillCalendarStatus[];
}

/**
 * The fleet, one server-side page at a time, one compact row per entity (status, worst check,
 * counts by status, next breach, owner, database) whose checks expand on demand. Paging, sorting,
 * search (entity, title, owner) and the status, tier and owner filters all go to the server.
 */
export function FleetTable(props: FleetTableProps) {
  const { status, onStatusChange } = props;
  const api = useApi(disasterRecoveryApiRef);
  const classes = useStyles();
  const [tiers, setTiers] = useState<string[]>([]);
  const [owner, setOwner] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const [q, setQ] = useState('');
  useDebounce(() => setQ(search.trim()), 300, [search]);
  const [sort, setSort] = useState<SortKey>('overall');
  const [order, setOrder] = useState<'asc' | 'desc'>('asc');
  const [pageSize, setPageSize] = useState(FLEET_PAGE_SIZE);
  // a changed filter, search or sort starts again at the first page (in the same render, so
  // the old page of the new filter is never asked for)
  const drill = props.drillFilter;
  const filterKey = JSON.stringify([
    status,
    tiers,
    owner,
    q,
    sort,
    order,
    drill,
  ]);
  const [paging, setPaging] = useState({ key: filterKey, page: 0 });
  const page = paging.key === filterKey ? paging.page : 0;
  const setPage = (p: number) => setPaging({ key: filterKey, page: p });

  const state = useAsync(
    () =>
      api.getFleet({
        offset: page * pageSize,
        limit: pageSize,
        sort,
        order,
        status: status.length ? status : undefined,
        tier: tiers.length ? tiers : undefined,
        owner: owner ?? undefined,
        q: q || undefined,
        system: props.scope?.system,
        database: props.scope?.database,
        drill: drill?.scenario,
        drillStatus: drill?.statuses,
      }),
    [
      api,
      page,
      pageSize,
      sort,
      order,
      status,
      tiers,
      owner,
      q,
      props.refresh,
      props.scope?.system,
      props.scope?.database,
      drill,
    ],
  );
  // the filters' options come from the server: every tier and owner the caller may see
  const [options, setOptions] = useState<{ tiers: string[]; owners: string[] }>(
    { tiers: [], owners: [] },
  );
  const response = state.value;
  useEffect(() => {
    if (!response) return;
    setOptions(prev => ({
      tiers: response.tiers ?? prev.tiers,
      owners: response.owners ?? prev.owners,
    }));
  }, [response]);

  const onSort = (key: SortKey) => {
    if (sort === key) setOrder(o => (o === 'asc' ? 'desc' : 'asc'));
    else {
      setSort(key);
      setOrder('asc');
    }
  };

  const title = props.title ?? 'Tenants and databases';
  return (
    <Paper component="section" aria-label={props.scope ? title : 'Fleet table'}>
      <Box p={2} pb={0}>
        <Typography variant="h5" component="h2">
          {title}
        </Typography>
        <Box display="flex" flexWrap="wrap" my={1} style={{ gap: 16 }}>
          <TextField
            label="Search"
            placeholder="Tenant, title or owning team"
            value={search}
            onChange={e => setSearch(e.target.value)}
            inputProps={{ 'aria-label': 'Search tenants' }}
            style={{ minWidth: 240 }}
          />
          <FormControl style={{ minWidth: 180 }}>
            <InputLabel>Owner</InputLabel>
            <Select
              value={owner ?? ''}
              onChange={e => setOwner((e.target.value as string) || null)}
              SelectDisplayProps={{ 'aria-label': 'Filter by owner' }}
            >
              <MenuItem value="">
                <em>Any owner</em>
              </MenuItem>
              {options.owners.map(o => (
                <MenuItem key={o} value={o}>
                  {entityRefName(o)}
                </MenuItem>
              ))}
            </Select>
          </FormControl>
          <FormControl style={{ minWidth: 160 }}>
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
          <FormControl style={{ minWidth: 160 }}>
            <InputLabel>Tier</InputLabel>
            <Select
              multiple
              value={tiers}
              onChange={e => setTiers(e.target.value as string[])}
              renderValue={v => (v as string[]).join(', ')}
              SelectDisplayProps={{ 'aria-label': 'Filter by tier' }}
            >
              {options.tiers.map(t => (
                <MenuItem key={t} value={t}>
                  <Checkbox checked={tiers.includes(t)} />
                  <ListItemText primary={t} />
                </MenuItem>
              ))}
            </Select>
          </FormControl>
          {drill && (
            <Chip
              label={`Drill: ${drill.title} ${drill.statuses.join(' or ')}`}
              onDelete={props.onDrillFilterClear}
              style={{ alignSelf: 'center' }}
            />
          )}
        </Box>
      </Box>
      {state.error && (
        <ResponseErrorPanel
          error={state.error}
          title="Could not load the fleet"
        />
      )}
      <Box height={4}>{state.loading && <LinearProgress />}</Box>
      <Table size="small" aria-label={title} className={classes.compact}>
        <TableHead>
          <TableRow>
            <TableCell padding="checkbox">
              <span style={{ position: 'absolute', left: -10000 }}>Expand</span>
            </TableCell>
            {COLUMNS.map(c => {
              if (!c.sort)
                return <TableCell key={c.title}>{c.title}</TableCell>;
              const active = sort === c.sort;
              return (
                <TableCell
                  key={c.title}
                  sortDirection={active ? order : false}
                  aria-sort={
                    // eslint-disable-next-line no-nested-ternary
                    active
                      ? order === 'asc'
                        ? 'ascending'
                        : 'descending'
                      : 'none'
                  }
                >
                  <TableSortLabel
                    active={active}
                    direction={active ? order : 'asc'}
                    onClick={() => onSort(c.sort!)}
                  >
                    {c.title}
                  </TableSortLabel>
                </TableCell>
              );
            })}
          </TableRow>
        </TableHead>
        <TableBody>
          {response?.items.map(item => (
            <FleetRow key={item.entityRef} item={item} />
          ))}
          {response && response.items.length === 0 && (
            <TableRow>
              <TableCell colSpan={FLEET_COLUMNS}>
                No entity matches these filters.
              </TableCell>
            </TableRow>
          )}
        </TableBody>
      </Table>
      <TablePagination
        component="div"
        count={response?.totalItems ?? 0}
        page={page}
        rowsPerPage={pageSize}
        rowsPerPageOptions={[25, 50, 100]}
        onPageChange={(_e, p) => setPage(p)}
        onRowsPerPageChange={e => {
          setPageSize(Number(e.target.value));
          setPage(0);
        }}
      />
    </Paper>
  );
}
