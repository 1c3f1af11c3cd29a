import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples of the `disaster-recovery:training:record` action. */
export const examples: TemplateExample[] = [
  {
    description:
      'Record that the user running the template completed DR onboarding today',
    example: yaml.stringify({
      steps: [
        {
          id: 'record',
          action: 'disaster-recovery:training:record',
          name: 'Record DR onboarding',
          input: {
            course: 'onboarding',
            completed: '${{ parameters.completed }}',
          },
        },
      ],
    }),
  },
  {
    description:
      'Record a quarterly DR procedures training for someone else, with a certificate link',
    example: yaml.stringify({
      steps: [
        {
          id: 'record',
          action: 'disaster-recovery:training:record',
          name: 'Record DR training',
          input: {
            person: '${{ parameters.person }}',
            course: 'quarterly-dr-procedures',
            completed: '${{ parameters.completed }}',
            evidence: '${{ parameters.evidence }}',
          },
        },
      ],
      output: {
        text: [
          {
            title: 'Training recorded',
            content:
              'Record `${{ steps.record.output.recordId }}`, valid until ${{ steps.record.output.expires }}',
          },
        ],
      },
    }),
  },
];
