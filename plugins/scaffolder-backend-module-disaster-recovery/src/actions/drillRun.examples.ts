import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples of the `disaster-recovery:drill:run` action. */
export const examples: TemplateExample[] = [
  {
    description:
      "Restore drill of the database-corruption scenario: the newest backup into a scratch database, judged against the scenario's RTO and RPO",
    example: yaml.stringify({
      steps: [
        {
          id: 'drill',
          action: 'disaster-recovery:drill:run',
          name: 'Restore drill',
          input: {
            entityRef: 'resource:default/ecommerce-db',
            scenario: 'database-corruption',
          },
        },
      ],
    }),
  },
  {
    description:
      'Tenant restore drill of the human-error scenario, with the people taking part and an action item for the report',
    example: yaml.stringify({
      steps: [
        {
          id: 'drill',
          action: 'disaster-recovery:drill:run',
          name: 'Tenant restore drill',
          input: {
            entityRef: '${{ parameters.tenant }}',
            scenario: 'human-error',
            kind: 'tenant-restore',
            participants: ['user:default/john.roe'],
            actionItems: ['Review the tenant restore runbook'],
          },
        },
      ],
    }),
  },
  {
    description:
      "Isolated test failover of the data-center-outage scenario: a throwaway copy of the primary promoted on the backend's machine, its RTO and data-loss window judged against the scenario's targets, then removed",
    example: yaml.stringify({
      steps: [
        {
          id: 'drill',
          action: 'disaster-recovery:drill:run',
          name: 'Isolated test failover',
          input: {
            entityRef: 'resource:default/ecommerce-db',
            scenario: 'data-center-outage',
            kind: 'isolated-failover',
          },
        },
      ],
    }),
  },
  {
    description:
      'Live switchover drill for the annual full DR simulation: a real switchover to the standby and back through the failover operations, acknowledged, judged against the natural-disaster scenario',
    example: yaml.stringify({
      steps: [
        {
          id: 'drill',
          action: 'disaster-recovery:drill:run',
          name: 'Live switchover drill',
          input: {
            entityRef: 'resource:default/ecommerce-db',
            scenario: 'natural-disaster',
            kind: 'live-switchover',
            acknowledgeLiveSwitchover: true,
          },
        },
      ],
    }),
  },
];
