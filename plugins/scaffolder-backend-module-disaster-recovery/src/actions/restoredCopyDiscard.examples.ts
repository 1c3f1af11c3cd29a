import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples of the `disaster-recovery:restored-copy:discard` action. */
export const examples: TemplateExample[] = [
  {
    description:
      'Drop the database a restore made for incident INC-2026-012 once its data is no longer needed',
    example: yaml.stringify({
      steps: [
        {
          id: 'discard',
          action: 'disaster-recovery:restored-copy:discard',
          name: 'Discard the restored copy',
          input: {
            entityRef: 'resource:default/ecommerce-db',
            name: 'ecommerce_restore_20261125101500',
            incidentId: 'INC-2026-012',
          },
        },
      ],
    }),
  },
  {
    description: "Drop a tenant's side schema after its rows were copied back",
    example: yaml.stringify({
      steps: [
        {
          id: 'discard',
          action: 'disaster-recovery:restored-copy:discard',
          name: 'Discard the side schema',
          input: {
            entityRef: '${{ parameters.tenant }}',
            name: '${{ parameters.copyName }}',
          },
        },
      ],
    }),
  },
];
