import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InfoCard, Link, LinkButton } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { hasDatabaseTarget } from '../../filters';
import { EntityLink, LabelledRow } from '../common';

/** A recovery template of `examples/templates` and the entities it acts on. */
interface RecoveryTemplate {
  name: string;
  title: string;
  types: Array<'database' | 'tenant'>;
}

/** The recovery templates, in the order an on-call engineer reaches for them. */
export const RECOVERY_TEMPLATES: RecoveryTemplate[] = [
  {
    name: 'verify-backup',
    title: 'Verify a backup',
    types: ['database', 'tenant'],
  },
  {
    name: 'restore-database',
    title: 'Restore (dump or point in time)',
    types: ['database', 'tenant'],
  },
  {
    name: 'restore-tenant-data',
    title: "Restore this tenant's data",
    types: ['tenant'],
  },
  { name: 'drill-restore', title: 'Run a restore drill', types: ['database'] },
  {
    name: 'drill-tenant-restore',
    title: 'Run a tenant restore drill',
    types: ['tenant'],
  },
  {
    name: 'switchover-database',
    title: 'Switch over to the standby',
    types: ['database'],
  },
  {
    name: 'failover-database',
    title: 'Fail over to the standby',
    types: ['database'],
  },
  {
    name: 'discard-restored-copy',
    title: 'Discard a restored copy',
    types: ['database', 'tenant'],
  },
];

/** The scaffolder path of a template with the entity already chosen in its form. */
export function templatePath(template: string, entityRef: string): string {
  return `/create/templates/default/${template}?formData=${encodeURIComponent(
    JSON.stringify({ entityRef }),
  )}`;
}

/** The Runbook and Vendor entities the entity is related to, by kind. */
export function relatedDrEntities(entity: Entity): {
  runbooks: string[];
  vendors: string[];
} {
  const refs = (kind: string) =>
    [...new Set(entity.relations?.map(r => r.targetRef) ?? [])]
      .filter(ref => {
        try {
          return parseEntityRef(ref).kind.toLocaleLowerCase('en-US') === kind;
        } catch {
          return false;
        }
      })
      .sort();
  return { runbooks: refs('runbook'), vendors: refs('vendor') };
}

/**
 * Buttons that open each recovery template that applies to the entity with the entity already
 * chosen, and the runbooks and vendors it is related to. Renders nothing without a database target.
 */
export function RecoveryActionsCard(props: { entity: Entity }) {
  const { entity } = props;
  if (!hasDatabaseTarget(entity)) return null;
  const entityRef = stringifyEntityRef(entity);
  const type =
    (entity.spec as { type?: string }).type === 'tenant'
      ? 'tenant'
      : 'database';
  const { runbooks, vendors } = relatedDrEntities(entity);
  return (
    <InfoCard title="Recovery actions">
      <Box display="flex" flexWrap="wrap" style={{ gap: 8 }} mb={2}>
        {RECOVERY_TEMPLATES.filter(t => t.types.includes(type)).map(t => (
          <LinkButton
            key={t.name}
            to={templatePath(t.name, entityRef)}
            variant="outlined"
            size="small"
          >
            {t.title}
          </LinkButton>
        ))}
      </Box>
      <Box display="flex" flexDirection="column" style={{ gap: 8 }}>
        <LabelledRow label="Runbooks">
          {runbooks.length === 0 ? (
            <Typography variant="body2" component="span" color="textSecondary">
              None linked to this entity;{' '}
              <Link to="/catalog?filters%5Bkind%5D=runbook&filters%5Buser%5D=all">
                all runbooks
              </Link>
            </Typography>
          ) : (
            runbooks.map(r => <EntityLink key={r} entityRef={r} />)
          )}
        </LabelledRow>
        <LabelledRow label="Vendors">
          {vendors.length === 0 ? (
            <Typography variant="body2" component="span" color="textSecondary">
              None linked to this entity.
            </Typography>
          ) : (
            vendors.map(v => <EntityLink key={v} entityRef={v} />)
          )}
        </LabelledRow>
      </Box>
    </InfoCard>
  );
}
