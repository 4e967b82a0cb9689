import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      "Resolve the service's repository on the configured GitHub host, then publish only if it does not exist",
    example: yaml.stringify({
      steps: [
        {
          id: 'repo',
          action: 'github:repo:resolve',
          name: 'Find the repository',
          input: { owner: 'acme', repo: 'orders', entityName: 'orders' },
        },
        {
          id: 'publish',
          if: '${{ not steps.repo.output.exists }}',
          action: 'publish:github',
          name: 'Publish',
          input: { repoUrl: '${{ steps.repo.output.repoUrl }}' },
        },
      ],
    }),
  },
];
