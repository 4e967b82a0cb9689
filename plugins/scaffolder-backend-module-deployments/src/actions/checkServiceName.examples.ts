import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Stop the task before anything is created if the name is taken',
    example: yaml.stringify({
      steps: [
        {
          id: 'check-name',
          action: 'catalog:service-name:check',
          name: 'Check the name',
          input: {
            name: '${{ parameters.name }}',
            repositoryUrl: '${{ steps.repo.output.htmlUrl }}',
          },
        },
      ],
    }),
  },
];
