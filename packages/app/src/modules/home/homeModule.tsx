import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { HomePageWidgetBlueprint } from '@backstage/plugin-home-react/alpha';
import { MarkdownContent } from '@backstage/core-components';

const content = `
## Can every tenant be recovered right now?

This portal turns the platform's disaster-recovery and business-continuity plan into live
software: targets (RTO 4 h, RPO 15 min, MTD 8 h, 99.9 % availability) next to measured reality.

- **[Fleet posture](/disaster-recovery)** — every tenant's checks, the ones breaching now,
  data-class compliance, drills and training overdue, DR metrics.
- **[Tenants](/catalog?filters%5Bkind%5D=resource&filters%5Btype%5D=tenant)** — open one and
  its *Disaster recovery* tab shows each check with its reason and time until it breaches.
- **[Recovery operations](/create)** — verify a backup, restore a database or one tenant's
  data; every run is planned (dry run), permission-checked, audited and timed.
- **[Runbooks](/catalog?filters%5Bkind%5D=runbook)**, **[vendors](/catalog?filters%5Bkind%5D=vendor)**
  and **[training records](/catalog?filters%5Bkind%5D=trainingrecord)** — the response roles,
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

export const homeModule = createFrontendModule({
  pluginId: 'home',
  extensions: [gettingStartedWidget],
});
