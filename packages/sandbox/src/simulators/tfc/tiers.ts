import { createHash } from 'node:crypto';

/**
 * What the simulated service-tiers stack builds. The simulator does not run
 * Terraform: it derives the plan from the workspace's variables. A tier is on
 * when the Terraform variable `enable_<tier>` is "true"; every variable whose
 * key starts with `<tier>_` configures that tier's resources, and
 * `service_name` / `environment` (defaulting to the workspace name and
 * "default") configure all of them.
 */
export const TIERS = {
  database: {
    resources: [
      'module.database.aws_rds_cluster.this',
      'module.database.aws_rds_cluster_instance.writer',
      'module.database.aws_db_proxy.this',
      'module.database.aws_secretsmanager_secret.credentials',
      'module.database.aws_secretsmanager_secret_version.credentials',
    ],
    monthlyCost: 186.15,
  },
  cache: {
    resources: [
      'module.cache.aws_elasticache_subnet_group.this',
      'module.cache.aws_elasticache_replication_group.this',
    ],
    monthlyCost: 97.09,
  },
  queue: {
    resources: [
      'module.queue.aws_sqs_queue.this',
      'module.queue.aws_sqs_queue.dead_letter',
      'module.queue.aws_sqs_queue_redrive_policy.this',
    ],
    monthlyCost: 0.4,
  },
} as const;

export type Tier = keyof typeof TIERS;

/** Resources every service gets: its IAM role for service accounts (IRSA). */
const BASE_RESOURCES = [
  'module.service.aws_iam_role.service',
  'module.service.aws_iam_role_policy.service',
];

const ACCOUNT = '123456789012';
const REGION = 'eu-central-1';

/** Resource address -> hash of the settings it was built with. */
export type ResourceSet = Map<string, string>;

/** An output as it lands in the state. */
export interface OutputValue {
  name: string;
  value: string | number;
  sensitive: boolean;
}

/** What one plan or apply computes from the variables. */
export interface Desired {
  resources: ResourceSet;
  outputs: OutputValue[];
  monthlyCost: number;
}

function hash(values: Record<string, string>): string {
  return createHash('sha256')
    .update(JSON.stringify(Object.entries(values).sort()))
    .digest('hex')
    .slice(0, 12);
}

function isTrue(value: string | undefined): boolean {
  return value?.trim().replace(/^"|"$/g, '').toLowerCase() === 'true';
}

/**
 * The choice of one tier in the stack's `tiers` HCL object variable
 * (`{ database = "aurora-serverless-v2", cache = "none", ... }`, as the
 * portal sends it), or undefined when the object does not name it.
 */
function hclTierChoice(
  tiersHcl: string | undefined,
  tier: Tier,
): string | undefined {
  const match = tiersHcl?.match(new RegExp(`\\b${tier}\\s*=\\s*"([^"]*)"`));
  return match?.[1];
}

/**
 * The tiers the variables enable: `enable_<tier> = true`, or a choice other
 * than "none" in the stack's `tiers` object variable.
 */
export function enabledTiers(variables: Map<string, string>): Tier[] {
  const tiersHcl = variables.get('tiers');
  return (Object.keys(TIERS) as Tier[]).filter(tier => {
    if (isTrue(variables.get(`enable_${tier}`))) {
      return true;
    }
    const choice = hclTierChoice(tiersHcl, tier);
    return choice !== undefined && choice !== 'none';
  });
}

/**
 * The resources and outputs the stack would have with these Terraform
 * variables (workspace variables overridden by run variables).
 */
export function desiredState(
  variables: Map<string, string>,
  workspaceName: string,
): Desired {
  const service = variables.get('service_name') ?? workspaceName;
  const environment = variables.get('environment') ?? 'default';
  const common = { service, environment };
  const settingsOf = (prefix: string) =>
    Object.fromEntries(
      [...variables].filter(([key]) => key.startsWith(prefix)),
    );

  const resources: ResourceSet = new Map();
  const baseHash = hash(common);
  for (const address of BASE_RESOURCES) {
    resources.set(address, baseHash);
  }
  const name = `${service}-${environment}`;
  const outputs: OutputValue[] = [
    {
      name: 'service_role_arn',
      value: `arn:aws:iam::${ACCOUNT}:role/${name}`,
      sensitive: false,
    },
  ];
  let monthlyCost = 0;
  for (const tier of enabledTiers(variables)) {
    const tierHash = hash({ ...common, ...settingsOf(`${tier}_`) });
    for (const address of TIERS[tier].resources) {
      resources.set(address, tierHash);
    }
    monthlyCost += TIERS[tier].monthlyCost;
    outputs.push(...tierOutputs(tier, name));
  }
  return { resources, outputs, monthlyCost };
}

function tierOutputs(tier: Tier, name: string): OutputValue[] {
  switch (tier) {
    case 'database':
      return [
        {
          name: 'database_endpoint',
          value: `${name}.cluster-c9akciq32.${REGION}.rds.amazonaws.com`,
          sensitive: false,
        },
        { name: 'database_port', value: 5432, sensitive: false },
        {
          name: 'database_secret_arn',
          value: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${name}/database-credentials-Xk2p9Q`,
          sensitive: false,
        },
        {
          // The stack outputs the generated password too (for other stacks'
          // remote state); the API never shows it in output lists.
          name: 'database_password',
          value: `sandbox-${hash({ name }).slice(0, 10)}`,
          sensitive: true,
        },
      ];
    case 'cache':
      return [
        {
          name: 'cache_endpoint',
          value: `clustercfg.${name}.x1y2z3.euc1.cache.amazonaws.com:6379`,
          sensitive: false,
        },
      ];
    case 'queue':
      return [
        {
          name: 'queue_url',
          value: `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${name}`,
          sensitive: false,
        },
        {
          name: 'dead_letter_queue_url',
          value: `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${name}-dlq`,
          sensitive: false,
        },
      ];
    default:
      return [];
  }
}

/** Counts of a plan that takes `current` to `desired`. */
export function diff(
  current: ResourceSet,
  desired: ResourceSet,
): { additions: number; changes: number; destructions: number } {
  let additions = 0;
  let changes = 0;
  for (const [address, settings] of desired) {
    const before = current.get(address);
    if (before === undefined) {
      additions += 1;
    } else if (before !== settings) {
      changes += 1;
    }
  }
  const destructions = [...current.keys()].filter(a => !desired.has(a)).length;
  return { additions, changes, destructions };
}
