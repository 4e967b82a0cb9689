import { InputError } from '@backstage/errors';
import { z } from 'zod';

/** Stack variable names: what Terraform accepts as an identifier. */
const variableName = z
  .string()
  .regex(
    /^[A-Za-z_][A-Za-z0-9_-]{0,127}$/,
    'must be a Terraform variable name (letters, digits, _ and -)',
  );

/**
 * Values of the variables a request may set (which ones: the stack's
 * allow-list, checked by the service, so the message can name each).
 */
const variableValue = z.union([
  z.string().max(4096),
  z.number(),
  z.boolean(),
  z.record(
    variableName,
    z.union([z.string().max(1024), z.number(), z.boolean()]),
  ),
]);

export const requestBodySchema = z
  .object({
    entityRef: z.string().min(1).max(255),
    environments: z
      .array(
        z
          .string()
          .regex(
            /^[a-z][a-z0-9-]{0,31}$/,
            'must be an environment name like dev',
          ),
      )
      .min(1)
      .max(10)
      .refine(
        envs => new Set(envs).size === envs.length,
        'must not repeat an environment',
      ),
    tiers: z
      .object({
        database: z
          .enum(['none', 'rds-postgres', 'aurora-serverless-v2'])
          .optional(),
        cache: z.enum(['none', 'redis']).optional(),
        queue: z.enum(['none', 'sqs']).optional(),
        publicHttp: z.boolean().optional(),
      })
      .strict(),
    sizes: z
      .record(
        z
          .string()
          .regex(
            /^[a-z_]{1,64}$/,
            'must be a size name like database_min_capacity',
          ),
        z.union([z.string().max(64), z.number()]),
      )
      .optional(),
    variables: z.record(variableName, variableValue).optional(),
    sensitiveVariables: z.record(variableName, z.string().max(4096)).optional(),
    grant: z.string().min(1).max(200).optional(),
    idempotencyKey: z
      .string()
      .min(1)
      .max(200)
      .regex(/^[\w.:@/-]+$/, 'may hold letters, digits and . : @ / _ -')
      .optional(),
  })
  .strict();

export const grantBodySchema = z
  .object({
    entityRef: z.string().min(1).max(255),
    taskId: z
      .string()
      .min(1)
      .max(200)
      .regex(/^[\w.:@/-]+$/, 'must be a scaffolder task id'),
  })
  .strict();

export const bindingBodySchema = z
  .object({
    entityRef: z.string().min(1).max(255),
    comment: z
      .string()
      .trim()
      .min(1, 'a comment is required: say why')
      .max(1000),
  })
  .strict();

export const workspaceParamsSchema = z.object({
  engine: z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'must be an engine id'),
  workspaceName: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,89}$/, 'must be a workspace name'),
});

export const decisionBodySchema = z
  .object({
    comment: z
      .string()
      .trim()
      .min(1, 'a comment is required: say why')
      .max(1000),
  })
  .strict();

export const retryBodySchema = z
  .object({ comment: z.string().trim().max(1000).optional() })
  .strict();

export const historyQuerySchema = z.object({
  history: z.coerce.number().int().min(1).max(100).default(20),
});

export const runIdSchema = z.string().uuid('must be a run id (a UUID)');

/** Parses input, or throws an InputError (400) naming each bad field. */
export function parse<T>(
  schema: z.ZodType<T>,
  value: unknown,
  what: string,
): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const problems = result.error.issues
      .map(
        issue =>
          `${issue.path.length ? issue.path.join('.') : what}: ${
            issue.message
          }`,
      )
      .join('; ');
    throw new InputError(`Invalid ${what}: ${problems}`);
  }
  return result.data;
}
