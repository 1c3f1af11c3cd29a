import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples of the `disaster-recovery:failover:failover` action. */
export const examples: TemplateExample[] = [
  {
    description:
      'Fail over when the primary is down, measuring RTO from the incident start',
    example: yaml.stringify({
      steps: [
        {
          id: 'failover',
          action: 'disaster-recovery:failover:failover',
          name: 'Fail over',
          input: {
            entityRef: 'resource:default/ecommerce-db',
            acceptRisks: ['old-primary-unreachable'],
            incidentStartedAt: '2026-01-31T09:15:00Z',
          },
        },
      ],
    }),
  },
  {
    description:
      "Fail over the database the template's user picked, accepting an unreachable old primary and a lag beyond the RPO, for the incident the user named (its review lists the run)",
    example: yaml.stringify({
      steps: [
        {
          id: 'failover',
          action: 'disaster-recovery:failover:failover',
          name: 'Fail over',
          input: {
            entityRef: '${{ parameters.entityRef }}',
            acceptRisks: ['old-primary-unreachable', 'lag-beyond-rpo'],
            incidentStartedAt: '${{ parameters.incidentStartedAt }}',
            incidentId: '${{ parameters.incidentId }}',
          },
        },
      ],
    }),
  },
];
