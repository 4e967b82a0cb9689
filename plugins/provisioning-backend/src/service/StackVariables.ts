import fs from 'node:fs';
import { InputError } from '@backstage/errors';
import type { StackVariablesInfo } from '@internal/plugin-provisioning-common';

/** Variables the portal computes from the request itself (service, environment, tiers, sizes). */
export const PORTAL_VARIABLES = [
  'service_name',
  'environment',
  'tiers',
  'sizes',
] as const;

/**
 * The names of the `variable "name" { ... }` blocks of a Terraform file.
 * A small reader, not a parser: a block starts on its own line (as
 * `terraform fmt` writes it); comments and strings cannot start one.
 */
export function readVariableNames(hcl: string): string[] {
  const names: string[] = [];
  let inBlockComment = false;
  for (const line of hcl.split(/\r?\n/)) {
    if (inBlockComment) {
      if (line.includes('*/')) inBlockComment = false;
      continue;
    }
    if (/^\s*\/\*/.test(line) && !line.includes('*/')) {
      inBlockComment = true;
      continue;
    }
    const match = /^\s*variable\s+"([A-Za-z_][A-Za-z0-9_-]*)"\s*\{/.exec(line);
    if (match) names.push(match[1]);
  }
  return names;
}

export interface StackVariablesOptions {
  /** Every variable the stack declares (its variables.tf); undefined when unknown. */
  declared?: string[];
  /** Those a service may set in a request (`provisioning.variables.settable`). */
  settable: string[];
  /** Platform inputs per environment, from config only (`provisioning.variables.platform`). */
  platform: Record<string, Record<string, unknown>>;
}

/**
 * What a request may set of the stack's variables: an allow-list. The
 * stack's variables.tf says what exists; config says which of them a
 * service may set and the values of the platform's (VPC, cluster, account,
 * `allow_destroy`, ...). Everything else is refused with its name, in
 * `variables` and `sensitiveVariables` alike.
 */
export class StackVariables {
  private readonly declared?: Set<string>;
  private readonly settable: Set<string>;

  constructor(private readonly options: StackVariablesOptions) {
    this.declared = options.declared && new Set(options.declared);
    const problems = options.settable.filter(
      name =>
        (PORTAL_VARIABLES as readonly string[]).includes(name) ||
        (this.declared && !this.declared.has(name)),
    );
    if (problems.length > 0) {
      throw new Error(
        `provisioning.variables.settable names variables a service cannot set: ${problems.join(
          ', ',
        )} (the portal sets service_name, environment, tiers and sizes; the others must be declared in the stack's variables.tf)`,
      );
    }
    this.settable = new Set(options.settable);
    for (const [environment, values] of Object.entries(options.platform)) {
      for (const name of Object.keys(values)) {
        if (this.settable.has(name)) {
          throw new Error(
            `provisioning.variables.platform.${environment}.${name} is also settable by services; a variable is one or the other`,
          );
        }
      }
    }
  }

  /** Reads the stack's variables.tf at `file`; `declared` stays unknown when there is none. */
  static fromFile(
    file: string | undefined,
    options: Omit<StackVariablesOptions, 'declared'>,
  ): StackVariables {
    const declared =
      file && fs.existsSync(file)
        ? readVariableNames(fs.readFileSync(file, 'utf8'))
        : undefined;
    return new StackVariables({ ...options, declared });
  }

  info(): StackVariablesInfo {
    return {
      settable: [...this.settable].sort(),
      reserved: [
        ...new Set([
          ...PORTAL_VARIABLES,
          ...[...(this.declared ?? [])].filter(n => !this.settable.has(n)),
        ]),
      ].sort(),
    };
  }

  /** Throws an InputError (400) naming each variable a request may not set. */
  assertRequestable(
    variables: Record<string, unknown> | undefined,
    sensitiveVariables: Record<string, unknown> | undefined,
  ): void {
    const problems: string[] = [];
    const check = (map: Record<string, unknown> | undefined, field: string) => {
      for (const name of Object.keys(map ?? {})) {
        if (this.settable.has(name)) continue;
        if ((PORTAL_VARIABLES as readonly string[]).includes(name)) {
          problems.push(
            `${field}.${name}: set by the portal from the request (tiers, sizes), not by a variable`,
          );
        } else if (!this.declared || this.declared.has(name)) {
          problems.push(
            `${field}.${name}: a platform input; it comes from the portal's configuration`,
          );
        } else {
          problems.push(
            `${field}.${name}: the stack declares no such variable`,
          );
        }
      }
    };
    check(variables, 'variables');
    check(sensitiveVariables, 'sensitiveVariables');
    const both = Object.keys(variables ?? {}).filter(
      name => sensitiveVariables && name in sensitiveVariables,
    );
    for (const name of both) {
      problems.push(`${name}: in both variables and sensitiveVariables`);
    }
    if (problems.length > 0) {
      throw new InputError(
        `Invalid request: ${problems.join('; ')}. A service may set: ${
          [...this.settable].sort().join(', ') || 'nothing'
        }`,
      );
    }
  }

  /** The platform's inputs for an environment (from config). */
  platformVariables(environment: string): Record<string, unknown> {
    return { ...this.options.platform[environment] };
  }
}
