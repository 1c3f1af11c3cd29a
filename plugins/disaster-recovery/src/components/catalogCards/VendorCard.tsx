import { InfoCard, Link } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { RefLinks } from './RefLinks';
import Box from '@material-ui/core/Box';
import MuiTable from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { StatusChip, formatIsoDuration } from '../common';
import { readVendor } from './specs';
import { dueStatus } from './dates';

/** Card for a Vendor entity: category, SLA, support contacts, alternatives and contract review. */
export function VendorCard() {
  const { entity } = useEntity();
  const v = readVendor(entity);
  const review = v.contractReviewDue
    ? dueStatus(v.contractReviewDue)
    : undefined;
  return (
    <InfoCard title="Vendor" subheader={v.category}>
      <Typography variant="body2" gutterBottom>
        SLA: response {formatIsoDuration(v.sla.response)} · resolution{' '}
        {formatIsoDuration(v.sla.resolution)}
        {v.sla.availability !== undefined
          ? ` · availability ${v.sla.availability} %`
          : ''}
      </Typography>
      {review && (
        <Box display="flex" alignItems="center" style={{ gap: 8 }} mb={1}>
          <StatusChip status={review.status} label="Contract review" />
          <Typography variant="body2">{review.text}</Typography>
        </Box>
      )}
      {v.contacts.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          No contacts recorded.
        </Typography>
      ) : (
        <MuiTable size="small" aria-label="Vendor contacts">
          <TableHead>
            <TableRow>
              <TableCell>Role</TableCell>
              <TableCell>Name</TableCell>
              <TableCell>Phone</TableCell>
              <TableCell>E-mail</TableCell>
              <TableCell>Support tier</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {v.contacts.map((c, i) => (
              <TableRow key={i}>
                <TableCell>{c.role ?? '—'}</TableCell>
                <TableCell>{c.name ?? '—'}</TableCell>
                <TableCell>
                  {c.phone ? (
                    <Link to={`tel:${c.phone.replace(/[^\d+]/g, '')}`}>
                      {c.phone}
                    </Link>
                  ) : (
                    '—'
                  )}
                </TableCell>
                <TableCell>
                  {c.email ? (
                    <Link to={`mailto:${c.email}`}>{c.email}</Link>
                  ) : (
                    '—'
                  )}
                </TableCell>
                <TableCell>{c.supportTier ?? '—'}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </MuiTable>
      )}
      <Box mt={1}>
        <Typography variant="body2" component="div">
          Alternatives:{' '}
          {v.alternatives.length ? (
            <RefLinks
              refs={v.alternatives}
              defaultKind="vendor"
              defaultNamespace={entity.metadata.namespace}
            />
          ) : (
            'none recorded'
          )}
        </Typography>
        {v.dependencyOf.length > 0 && (
          <Typography variant="body2" component="div">
            Depended on by:{' '}
            <RefLinks
              refs={v.dependencyOf}
              defaultNamespace={entity.metadata.namespace}
            />
          </Typography>
        )}
      </Box>
    </InfoCard>
  );
}
