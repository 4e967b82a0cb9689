import { InputError } from '@backstage/errors';
import { z } from 'zod';

/** Stack variable names: what Terraform accepts as an identifier. */
const variableName = z
  .string()
  .regex(
    /^[A-Za-z_][A-Za-z0-9_-]{0,127}$/,
    'must be a Terraform variable name (letters, digits, _ and -)',
  );

/** Names the portal sets itself; a request may not override them. */
const RESERVED = ['service_name', 'environment', 'tiers', 'sizes'];

const plainVariables = z
  .record(variableName, z.string().max(4096))
  .refine(
    vars => Object.keys(vars).every(key => !RESERVED.includes(key)),
    `must not set ${RESERVED.join(', ')} (the portal sets them)`,
  );

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
    variables: plainVariables.optional(),
    sensitiveVariables: z.record(variableName, z.string().max(4096)).optional(),
    idempotencyKey: z
      .string()
      .min(1)
      .max(200)
      .regex(/^[\w.:@/-]+$/, 'may hold letters, digits and . : @ / _ -')
      .optional(),
  })
  .strict();

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
