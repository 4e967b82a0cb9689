import type { JsonObject } from '@backstage/types';

/** What a person types into the form; everything else keeps its default. */
export interface FormCase {
  title: string;
  typed: JsonObject;
  environments: Array<'dev' | 'staging' | 'prod'>;
  tiers: { database: string; cache: string; queue: string };
  public: boolean;
}

const service = (name: string): JsonObject => ({
  name,
  description: 'Takes orders from the shop and hands them to fulfilment',
  owner: 'group:default/payments',
  system: 'system:default/payments',
});

/** The matrix the issue asks for: no tiers, all tiers, not public, prod or not. */
export const FORM_CASES: FormCase[] = [
  {
    title: 'no tiers, internal, dev only',
    typed: { ...service('ledger-export'), environments: ['dev'] },
    environments: ['dev'],
    tiers: { database: 'none', cache: 'none', queue: 'none' },
    public: false,
  },
  {
    title:
      'all tiers (Aurora), public, dev + staging + prod with a sync window',
    typed: {
      ...service('orders'),
      database: 'aurora-serverless-v2',
      cache: 'redis',
      queue: 'sqs',
      public: true,
      environments: ['dev', 'staging', 'prod'],
      syncWindow: 'business-hours',
    },
    environments: ['dev', 'staging', 'prod'],
    tiers: { database: 'aurora-serverless-v2', cache: 'redis', queue: 'sqs' },
    public: true,
  },
  {
    title: 'RDS and SQS, internal, dev + prod',
    typed: {
      ...service('refunds'),
      database: 'rds-postgres',
      queue: 'sqs',
      environments: ['dev', 'prod'],
    },
    environments: ['dev', 'prod'],
    tiers: { database: 'rds-postgres', cache: 'none', queue: 'sqs' },
    public: false,
  },
  {
    title: 'no tiers, public, dev + staging (no prod)',
    typed: {
      ...service('storefront-bff'),
      public: true,
      environments: ['dev', 'staging'],
    },
    environments: ['dev', 'staging'],
    tiers: { database: 'none', cache: 'none', queue: 'none' },
    public: true,
  },
];

export function needsAws(formCase: FormCase): boolean {
  return Object.values(formCase.tiers).some(tier => tier !== 'none');
}
