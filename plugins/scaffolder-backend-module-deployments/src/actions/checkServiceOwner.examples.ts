import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Stop the task before anything is created unless the owner is a team of the user and the system exists',
    example: yaml.stringify({
      steps: [
        {
          id: 'check-owner',
          action: 'catalog:service-owner:check',
          name: 'Check the owner and the system',
          input: {
            owner: '${{ parameters.owner }}',
            system: '${{ parameters.system }}',
          },
        },
      ],
    }),
  },
];
