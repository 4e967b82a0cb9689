import { createHash } from 'node:crypto';
import { StateVersionRecord } from './TfcStore';

const AWS_PROVIDER = 'provider["registry.terraform.io/hashicorp/aws"]';

/** One resource of a state, from its address (`module.database.aws_rds_cluster.this`). */
export interface StateResource {
  address: string;
  /** `root`, or the module path (`module.database`). */
  module: string;
  type: string;
  name: string;
  provider: string;
}

export function stateResources(state: StateVersionRecord): StateResource[] {
  return [...state.resources.keys()].map(address => {
    const parts = address.split('.');
    const [type, name] = parts.slice(-2);
    const modulePath = parts.slice(0, -2).join('.');
    return {
      address,
      module: modulePath || 'root',
      type,
      name,
      provider: AWS_PROVIDER,
    };
  });
}

/**
 * The `modules` and `providers` attributes of a state version: resource
 * counts per module and per provider, types written with dashes as
 * Terraform Cloud writes them (`null-resource`).
 */
export function resourceCounts(resources: StateResource[]) {
  const modules: Record<string, Record<string, number>> = {};
  const providers: Record<string, Record<string, number>> = {};
  for (const r of resources) {
    const key = r.type.replace(/_/g, '-');
    modules[r.module] ??= {};
    modules[r.module][key] = (modules[r.module][key] ?? 0) + 1;
    providers[r.provider] ??= {};
    providers[r.provider][key] = (providers[r.provider][key] ?? 0) + 1;
  }
  return { modules, providers };
}

/**
 * The raw state (format version 4, as `terraform.tfstate`) behind
 * `hosted-state-download-url`: outputs with their values (sensitive ones
 * marked, as in a real state file) and one instance per resource.
 */
export function rawState(
  state: StateVersionRecord,
  serial: number,
  terraformVersion: string,
) {
  const lineage = createHash('sha256')
    .update(state.workspaceId)
    .digest('hex')
    .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12}).*$/, '$1-$2-$3-$4-$5');
  return {
    version: 4,
    terraform_version: terraformVersion,
    serial,
    lineage,
    outputs: Object.fromEntries(
      state.outputs.map(o => [
        o.name,
        {
          value: o.value,
          type: typeof o.value === 'number' ? 'number' : 'string',
          ...(o.sensitive && { sensitive: true }),
        },
      ]),
    ),
    resources: stateResources(state).map(r => ({
      ...(r.module !== 'root' && { module: r.module }),
      mode: 'managed',
      type: r.type,
      name: r.name,
      provider: r.provider,
      instances: [
        {
          schema_version: 0,
          // The simulated settings hash stands in for the resource's id.
          attributes: { id: state.resources.get(r.address) },
        },
      ],
    })),
  };
}
