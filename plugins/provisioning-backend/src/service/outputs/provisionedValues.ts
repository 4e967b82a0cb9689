import type {
  RunOutput,
  ServiceTiers,
} from '@internal/plugin-provisioning-common';
import { isMap, parseDocument } from 'yaml';

/** One value of the chart's `provisioned:` block: its path and what to write. */
export interface ProvisionedValue {
  path: string[];
  value: string | number;
}

function plain(outputs: RunOutput[]): Map<string, unknown> {
  const values = new Map<string, unknown>();
  for (const output of outputs) {
    // Sensitive outputs never reach git, whatever the engine sent with them.
    if (output.sensitive) continue;
    if (output.value === null || output.value === undefined) continue;
    values.set(output.name, output.value);
  }
  return values;
}

/** `host:port` (RDS' `endpoint` attribute, a Redis configuration endpoint) split in two. */
function hostAndPort(
  endpoint: unknown,
): { host: string; port?: number } | undefined {
  if (typeof endpoint !== 'string' || !endpoint) return undefined;
  const match = /^(.*):(\d{1,5})$/.exec(endpoint);
  return match
    ? { host: match[1], port: Number(match[2]) }
    : { host: endpoint };
}

/** The region of the first regional ARN among the outputs (IAM ARNs have none). */
function regionOfArns(values: unknown[]): string | undefined {
  for (const value of values) {
    const match =
      typeof value === 'string' &&
      /^arn:aws[a-z-]*:[a-z0-9-]+:([a-z]{2}(-[a-z]+)+-\d):\d{12}:/.exec(value);
    if (match) return match[1];
  }
  return undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value ? value : undefined;
}

function port(value: unknown): number | undefined {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : undefined;
}

/**
 * The `provisioned:` values of the chart (see the template's
 * `values-<env>.yaml`) from the outputs of the service-tiers stack
 * (`infra/stacks/service-tiers/outputs.tf`). Only outputs that are there,
 * not null and not sensitive become values; a tier that was not requested
 * gets none.
 */
export function provisionedValues(
  outputs: RunOutput[],
  tiers: ServiceTiers,
): ProvisionedValue[] {
  const out = plain(outputs);
  const result: ProvisionedValue[] = [];
  const add = (path: string[], value: string | number | undefined) => {
    if (value !== undefined)
      result.push({ path: ['provisioned', ...path], value });
  };
  const environmentVariables = out.get('environment_variables') as
    | Record<string, unknown>
    | undefined;
  add(
    ['awsRegion'],
    text(out.get('region')) ??
      text(environmentVariables?.AWS_REGION) ??
      regionOfArns([...out.values()]),
  );
  add(['roleArn'], text(out.get('service_role_arn')));

  if (tiers.database && tiers.database !== 'none') {
    const endpoint = hostAndPort(out.get('database_endpoint'));
    add(['database', 'host'], endpoint?.host);
    add(['database', 'port'], port(out.get('database_port')) ?? endpoint?.port);
    add(['database', 'name'], text(out.get('database_name')));
    add(['database', 'secretArn'], text(out.get('database_secret_arn')));
  }
  if (tiers.cache && tiers.cache !== 'none') {
    const endpoint = hostAndPort(out.get('cache_endpoint'));
    add(['cache', 'host'], endpoint?.host);
    add(['cache', 'port'], port(out.get('cache_port')) ?? endpoint?.port);
  }
  if (tiers.queue && tiers.queue !== 'none') {
    add(['queue', 'url'], text(out.get('queue_url')));
    add(['queue', 'deadLetterUrl'], text(out.get('dead_letter_queue_url')));
  }
  return result;
}

/**
 * The values file with the provisioned values set, keeping its comments,
 * order and every other key (YAML Document API). Returns the text as it
 * was when every value is there already, so a second pass commits nothing.
 */
export function writeProvisionedValues(
  current: string,
  values: ProvisionedValue[],
): string {
  const doc = parseDocument(current);
  if (doc.errors.length > 0) {
    throw new Error(`it is not valid YAML: ${doc.errors[0].message}`);
  }
  if (doc.contents !== null && !isMap(doc.contents)) {
    throw new Error('it is not a YAML mapping');
  }
  const changed = values.filter(v => doc.getIn(v.path) !== v.value);
  if (changed.length === 0) return current;
  for (const { path, value } of changed) {
    doc.setIn(path, value);
  }
  // No folding: an ARN split over two lines is hard to read in a diff.
  return doc.toString({ lineWidth: 0 });
}
