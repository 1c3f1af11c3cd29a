import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples of the `disaster-recovery:database:restore` action. */
export const examples: TemplateExample[] = [
  {
    description:
      'Restore the newest dump into a new database, verify it, and keep the live database untouched',
    example: yaml.stringify({
      steps: [
        {
          id: 'restore',
          action: 'disaster-recovery:database:restore',
          name: 'Restore into a new database',
          input: { entityRef: 'resource:default/ecommerce-db', source: 'dump' },
        },
      ],
    }),
  },
  {
    description:
      'Restore to a point in time and cut over once the copy is verified, as the recovery of an incident (its review lists the run)',
    example: yaml.stringify({
      steps: [
        {
          id: 'restore',
          action: 'disaster-recovery:database:restore',
          name: 'Point-in-time restore',
          input: {
            entityRef: 'resource:default/ecommerce-db',
            source: 'point-in-time',
            targetTime: '2025-01-31T09:15:00Z',
            cutOver: true,
            incidentId: 'INC-2025-004',
          },
        },
      ],
    }),
  },
  {
    description:
      "Restore one tenant's rows from the newest dump into a side schema (human-error recovery)",
    example: yaml.stringify({
      steps: [
        {
          id: 'restore',
          action: 'disaster-recovery:database:restore',
          name: "Restore the tenant's data",
          input: {
            entityRef: 'resource:default/tenant-acme',
            scope: 'tenant',
          },
        },
      ],
    }),
  },
];
