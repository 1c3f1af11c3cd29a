import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples of the `disaster-recovery:backup:create` action. */
export const examples: TemplateExample[] = [
  {
    description: 'Back up the database a tenant lives in',
    example: yaml.stringify({
      steps: [
        {
          id: 'backup',
          action: 'disaster-recovery:backup:create',
          name: 'Back up the tenant database',
          input: {
            entityRef: '${{ parameters.entityRef }}',
          },
        },
      ],
      output: {
        text: [
          {
            title: 'Backup',
            content:
              'Key `${{ steps.backup.output.key }}`, SHA-256 `${{ steps.backup.output.sha256 }}`',
          },
        ],
      },
    }),
  },
  {
    description:
      'Back up a database before repairing it during an incident, linking the run to the incident review',
    example: yaml.stringify({
      steps: [
        {
          id: 'backup',
          action: 'disaster-recovery:backup:create',
          name: 'Back up before the repair',
          input: {
            entityRef: 'resource:default/ecommerce-db',
            incidentId: '${{ parameters.incidentId }}',
          },
        },
      ],
    }),
  },
];
