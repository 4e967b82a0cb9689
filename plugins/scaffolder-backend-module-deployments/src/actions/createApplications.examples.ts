import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Create the AppProject and one Application per environment rendered into ./argocd',
    example: yaml.stringify({
      steps: [
        {
          id: 'argocd',
          action: 'argocd:create-applications',
          name: 'Register the Argo CD Applications',
          input: { manifestsPath: 'argocd' },
        },
      ],
    }),
  },
  {
    description:
      'Replace Applications whose spec changed since a previous run (e.g. a new repository URL)',
    example: yaml.stringify({
      steps: [
        {
          id: 'argocd',
          action: 'argocd:create-applications',
          name: 'Register the Argo CD Applications',
          input: { manifestsPath: 'argocd', upsert: true },
        },
      ],
    }),
  },
];
