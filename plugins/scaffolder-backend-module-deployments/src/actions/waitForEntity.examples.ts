import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Finish the task only when the registered entity can be opened in the catalog',
    example: yaml.stringify({
      steps: [
        {
          id: 'wait-for-entity',
          action: 'catalog:entity:wait',
          name: 'Wait for the catalog',
          input: {
            entityRef: '${{ steps.register.output.entityRef }}',
            timeoutSeconds: 60,
          },
        },
      ],
    }),
  },
];
