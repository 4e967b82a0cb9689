import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Request a database and a queue in dev and prod for the new service (dev applies, prod waits for approval)',
    example: yaml.stringify({
      steps: [
        {
          id: 'provision',
          action: 'provisioning:request',
          name: 'Request the AWS tiers',
          input: {
            entityRef: 'component:default/${{ parameters.name }}',
            environments: ['dev', 'prod'],
            tiers: { database: 'aurora-serverless-v2', queue: 'sqs' },
          },
        },
      ],
    }),
  },
  {
    description:
      'Tiers and environments chosen in the form, with size overrides',
    example: yaml.stringify({
      steps: [
        {
          id: 'provision',
          action: 'provisioning:request',
          name: 'Request the AWS tiers',
          input: {
            entityRef: 'component:default/${{ parameters.name }}',
            environments: '${{ parameters.environments }}',
            tiers: {
              database: '${{ parameters.database }}',
              cache: '${{ parameters.cache }}',
              queue: '${{ parameters.queue }}',
              publicHttp: true,
            },
            sizes: { database_min_capacity: 0.5, database_max_capacity: 4 },
          },
        },
      ],
    }),
  },
  {
    description:
      'One request per chosen environment, with the sizes chosen for it (empty sizes take the preset)',
    example: yaml.stringify({
      steps: [
        {
          id: 'provision',
          action: 'provisioning:request',
          name: 'Request the AWS tiers',
          each: '${{ parameters.environments }}',
          input: {
            entityRef: 'component:default/${{ parameters.name }}',
            environments: ['${{ each.value }}'],
            tiers: { database: 'aurora-serverless-v2' },
            sizes: {
              database_reader_count:
                '${{ parameters[each.value].database.readers }}',
            },
          },
        },
      ],
    }),
  },
];
