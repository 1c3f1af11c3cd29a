import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples of the `disaster-recovery:backup:verify` action. */
export const examples: TemplateExample[] = [
  {
    description:
      'Quick verification of the newest backup (size, checksum, listing)',
    example: yaml.stringify({
      steps: [
        {
          id: 'verify',
          action: 'disaster-recovery:backup:verify',
          name: 'Verify the newest backup',
          input: { entityRef: 'resource:default/ecommerce-db', mode: 'quick' },
        },
      ],
    }),
  },
  {
    description:
      'Full verification of a chosen backup during an incident: restore into a scratch database and check it; the incident review lists the run',
    example: yaml.stringify({
      steps: [
        {
          id: 'verify',
          action: 'disaster-recovery:backup:verify',
          name: 'Restore-test a backup',
          input: {
            entityRef: '${{ parameters.entityRef }}',
            mode: 'full',
            backupKey: '${{ parameters.backupKey }}',
            incidentId: '${{ parameters.incidentId }}',
          },
        },
      ],
    }),
  },
];
