import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples of the `disaster-recovery:failover:switchover` action. */
export const examples: TemplateExample[] = [
  {
    description:
      'Switch a healthy primary over to its standby with zero data loss',
    example: yaml.stringify({
      steps: [
        {
          id: 'switchover',
          action: 'disaster-recovery:failover:switchover',
          name: 'Switch over',
          input: { entityRef: 'resource:default/ecommerce-db' },
        },
      ],
    }),
  },
  {
    description:
      'Fail back after a reprotect: a switchover to the original primary, closing the recovery of an incident',
    example: yaml.stringify({
      steps: [
        {
          id: 'switchover',
          action: 'disaster-recovery:failover:switchover',
          name: 'Fail back',
          input: {
            entityRef: '${{ parameters.entityRef }}',
            incidentId: '${{ parameters.incidentId }}',
          },
        },
      ],
    }),
  },
];
