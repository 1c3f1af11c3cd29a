import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { HomePageWidgetBlueprint } from '@backstage/plugin-home-react/alpha';
import { MarkdownContent } from '@backstage/core-components';
import { DrHomeSummary } from '@dr-portal/backstage-plugin-disaster-recovery';

const content = `
## Can every tenant be recovered right now?

This portal turns the platform's disaster-recovery and business-continuity plan into live
software: targets (RTO 4 h, RPO 15 min, MTD 8 h, 99.9 % availability) next to measured reality.

- **[Fleet posture](/disaster-recovery)** — every tenant's checks, the ones breaching now,
  data-class compliance, drills and training overdue, DR metrics.
- **[Tenants](/catalog?filters%5Bkind%5D=resource&filters%5Btype%5D=tenant&filters%5Buser%5D=all)** — open one and
  its *Disaster recovery* tab shows each check with its reason and time until it breaches.
- **[Recovery operations](/create)** — verify a backup, restore a database or one tenant's
  data; every run is planned (dry run), permission-checked, audited and timed.
- **[Runbooks](/catalog?filters%5Bkind%5D=runbook&filters%5Buser%5D=all)**, **[vendors](/catalog?filters%5Bkind%5D=vendor&filters%5Buser%5D=all)**
  and **[training records](/catalog?filters%5Bkind%5D=trainingrecord&filters%5Buser%5D=all)** — the response roles,
  procedures, contacts and who is trained.
`;

const gettingStartedWidget = HomePageWidgetBlueprint.make({
  name: 'getting-started',
  params: {
    name: 'GettingStarted',
    title: 'Disaster recovery',
    description: 'Where to see DR posture and run recovery operations',
    components: async () => ({
      Content: () => <MarkdownContent content={content} />,
    }),
  },
});

/** The fleet's DR numbers, live from the backend (posture counts, incidents, drills, training). */
const liveNumbersWidget = HomePageWidgetBlueprint.make({
  name: 'dr-live-numbers',
  params: {
    name: 'DrLiveNumbers',
    title: 'Disaster recovery now',
    description:
      'Fleet posture counts, open incidents, overdue drills and training',
    components: async () => ({ Content: DrHomeSummary }),
  },
});

export const homeModule = createFrontendModule({
  pluginId: 'home',
  extensions: [gettingStartedWidget, liveNumbersWidget],
});
