import { InputError } from '@backstage/errors';
import type { Parameter } from '@aws-sdk/client-cloudformation';
import type { EngineTarget } from '../engine/ProvisioningEngine';

/**
 * Turns a target's variables (the Terraform stack's inputs:
 * `tiers`, `sizes`, `options`, see infra/stacks/service-tiers/variables.tf)
 * into the parameters of infra/cloudformation/service-tiers.yaml. That
 * template holds the queue tier only, so a target asking for a database, a
 * cache or public HTTP is refused with a message naming the Terraform Cloud
 * engine instead of silently provisioning less than asked. Variables only
 * the Terraform stack uses (region, VPC and cluster ids, ...) are ignored.
 */
export function serviceTierParameters(target: EngineTarget): Parameter[] {
  const tiers = objectVariable(target, 'tiers');
  const sizes = objectVariable(target, 'sizes');
  const options = objectVariable(target, 'options');

  for (const tier of ['database', 'cache'] as const) {
    const value = tiers[tier];
    if (value !== undefined && value !== null && value !== 'none') {
      throw new InputError(
        `The CloudFormation engine provisions the queue tier only; tiers.${tier} "${String(
          value,
        )}" needs the Terraform Cloud engine for ${target.service} in ${
          target.environment
        }`,
      );
    }
  }
  if (tiers.public_http === true || tiers.public_http === 'true') {
    throw new InputError(
      `The CloudFormation engine provisions the queue tier only; tiers.public_http needs the Terraform Cloud engine for ${target.service} in ${target.environment}`,
    );
  }
  const queue = tiers.queue ?? 'none';
  if (queue !== 'none' && queue !== 'sqs') {
    throw new InputError(
      `tiers.queue must be none or sqs, not "${String(queue)}"`,
    );
  }

  const parameters: Record<string, string> = {
    ServiceName: target.service,
    Environment: target.environment,
    QueueTier: String(queue),
    QueueFifo:
      options.queue_fifo === true || options.queue_fifo === 'true'
        ? 'true'
        : 'false',
    QueueVisibilityTimeoutSeconds: wholeNumber(
      sizes,
      'queue_visibility_timeout_seconds',
      0,
      43200,
    ),
    QueueMessageRetentionSeconds: wholeNumber(
      sizes,
      'queue_message_retention_seconds',
      60,
      1209600,
    ),
    QueueMaxReceiveCount: wholeNumber(
      sizes,
      'queue_max_receive_count',
      1,
      1000,
    ),
  };
  return Object.entries(parameters).map(([ParameterKey, ParameterValue]) => ({
    ParameterKey,
    ParameterValue,
  }));
}

/** An object variable, given as an object or as its JSON (HCL-style variables arrive as strings). */
function objectVariable(
  target: EngineTarget,
  name: string,
): Record<string, unknown> {
  const value = target.variables[name];
  if (value === undefined || value === null) {
    return {};
  }
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      throw new InputError(`Variable ${name} must be an object or its JSON`);
    }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new InputError(`Variable ${name} must be an object`);
  }
  return parsed as Record<string, unknown>;
}

/** A size as the template's string parameter; empty takes the environment preset. */
function wholeNumber(
  sizes: Record<string, unknown>,
  key: string,
  min: number,
  max: number,
): string {
  const value = sizes[key];
  if (value === undefined || value === null || value === '') {
    return '';
  }
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new InputError(
      `sizes.${key} must be a whole number from ${min} to ${max}, not ${JSON.stringify(
        value,
      )}`,
    );
  }
  return String(n);
}
