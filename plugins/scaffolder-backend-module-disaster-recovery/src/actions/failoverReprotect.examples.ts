import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples of the `disaster-recovery:failover:reprotect` action. */
export const examples: TemplateExample[] = [
  {
    description:
      'Make the old primary a standby of the new one again after the failover of incident INC-2026-007',
    example: yaml.stringify({
      steps: [
        {
          id: 'reprotect',
          action: 'disaster-recovery:failover:reprotect',
          name: 'Reprotect',
          input: {
            entityRef: 'resource:default/ecommerce-db',
            incidentId: 'INC-2026-007',
          },
        },
      ],
    }),
  },
  {
    description:
      'Reprotect with pg_rewind only, refusing a full pg_basebackup copy',
    example: yaml.stringify({
      steps: [
        {
          id: 'reprotect',
          action: 'disaster-recovery:failover:reprotect',
          name: 'Reprotect (rewind only)',
          input: {
            entityRef: '${{ parameters.entityRef }}',
            allowBasebackup: false,
          },
        },
      ],
    }),
  },
];
