import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples of the `disaster-recovery:incident:declare` action. */
export const examples: TemplateExample[] = [
  {
    description:
      'Declare an incident for the tenants chosen in the form, with the suggested severity, and send the initial communication',
    example: yaml.stringify({
      steps: [
        {
          id: 'declare',
          action: 'disaster-recovery:incident:declare',
          name: 'Declare the incident',
          input: {
            title: '${{ parameters.title }}',
            impact: '${{ parameters.impact }}',
            impactLevel: 'high',
            tenants: ['${{ parameters.tenant }}'],
            sendInitialCommunication: true,
          },
        },
      ],
      output: {
        text: [
          {
            title: 'Incident declared',
            content:
              '${{ steps.declare.output.incidentId }} (${{ steps.declare.output.severity }})',
          },
        ],
      },
    }),
  },
  {
    description:
      'Declare a SEV-0 on a database with its incident commander, started before it was declared',
    example: yaml.stringify({
      steps: [
        {
          id: 'declare',
          action: 'disaster-recovery:incident:declare',
          name: 'Declare SEV-0',
          input: {
            title: 'Primary database unavailable',
            impact: 'Platform unavailable, all tenants affected',
            impactLevel: 'critical',
            severity: 'SEV-0',
            databases: ['resource:default/ecommerce-db'],
            startedAt: '${{ parameters.startedAt }}',
            incidentCommander: 'user:default/john.smith',
          },
        },
      ],
    }),
  },
];
