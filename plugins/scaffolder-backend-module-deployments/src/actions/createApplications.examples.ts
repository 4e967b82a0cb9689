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
          input: {
            entityRef: 'component:default/orders',
            manifestsPath: 'argocd',
          },
        },
      ],
    }),
  },
  {
    description:
      "Replace this service's own Applications whose spec changed since a previous run (e.g. a new repository URL)",
    example: yaml.stringify({
      steps: [
        {
          id: 'argocd',
          action: 'argocd:create-applications',
          name: 'Register the Argo CD Applications',
          input: {
            entityRef: 'component:default/orders',
            manifestsPath: 'argocd',
            upsert: true,
          },
        },
      ],
    }),
  },
];
