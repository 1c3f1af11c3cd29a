import { EmptyState, InfoCard } from '@backstage/core-components';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Box from '@material-ui/core/Box';
import type { FleetPostureItem } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { EntityLink, StatusChip, formatBreach } from '../common';

/** The worst check particular to an entity, and how many platform findings it shares. */
function checkSummary(item: FleetPostureItem): string {
  const parts: string[] = [];
  const worst = item.worstCheck;
  if (worst && !worst.platform) parts.push(`${worst.status}: ${worst.title}`);
  const platform = item.platformFindings ?? 0;
  if (platform > 0) {
    parts.push(`${platform} platform finding${platform === 1 ? '' : 's'}`);
  }
  return parts.join(' · ');
}

function FleetItemList(props: {
  items: FleetPostureItem[];
  secondary: (item: FleetPostureItem) => string;
}) {
  return (
    <List dense>
      {props.items.map(item => (
        <ListItem key={item.entityRef} divider>
          <Box mr={2}>
            <StatusChip status={item.overall} />
          </Box>
          <ListItemText
            primary={
              <EntityLink entityRef={item.entityRef} title={item.title} />
            }
            secondary={props.secondary(item)}
          />
        </ListItem>
      ))}
    </List>
  );
}

/** The entities whose posture fails now, with the checks that fail. */
export function BreachingNow(props: {
  items: FleetPostureItem[];
  total: number;
}) {
  return (
    <InfoCard
      title="Breaching now"
      subheader={`${props.total} failing`}
      variant="fullHeight"
    >
      {props.items.length === 0 ? (
        <EmptyState missing="data" title="Nothing is failing" />
      ) : (
        <FleetItemList
          items={props.items}
          secondary={item =>
            [item.tier, checkSummary(item)].filter(Boolean).join(' · ')
          }
        />
      )}
    </InfoCard>
  );
}

/**
 * The entities with a check that will breach soonest if nothing changes, whatever their status
 * (a failing entity can breach another check), as the rows' "next breach" says.
 */
export function NextBreaches(props: { items: FleetPostureItem[] }) {
  const items = props.items.filter(i => i.nextBreachAt);
  return (
    <InfoCard title="Next breaches" variant="fullHeight">
      {items.length === 0 ? (
        <EmptyState missing="data" title="No breach is predicted" />
      ) : (
        <FleetItemList
          items={items}
          secondary={item =>
            [item.tier, formatBreach(item.nextBreachAt)]
              .filter(Boolean)
              .join(' · ')
          }
        />
      )}
    </InfoCard>
  );
}
