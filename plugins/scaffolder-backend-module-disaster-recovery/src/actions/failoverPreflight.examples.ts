import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples of the `disaster-recovery:failover:preflight` action. */
export const examples: TemplateExample[] = [
  {
    description: 'Check that a planned switchover can run, changing nothing',
    example: yaml.stringify({
      steps: [
        {
          id: 'preflight',
          action: 'disaster-recovery:failover:preflight',
          name: 'Preflight of a switchover',
          input: { entityRef: 'resource:default/ecommerce-db' },
        },
      ],
    }),
  },
  {
    description:
      "Check a failover of the database the template's user picked, accepting that the old primary is unreachable",
    example: yaml.stringify({
      steps: [
        {
          id: 'preflight',
          action: 'disaster-recovery:failover:preflight',
          name: 'Preflight of a failover',
          input: {
            entityRef: '${{ parameters.entityRef }}',
            mode: 'failover',
            acceptRisks: ['old-primary-unreachable'],
          },
        },
      ],
    }),
  },
];
