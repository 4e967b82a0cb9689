import type { LoggerService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { actionContext } from '../__testUtils__/actionContext';
import { withMessageOnlyErrors } from './messageOnlyErrors';

describe('withMessageOnlyErrors', () => {
  const warn = jest.fn();
  const logger = { warn } as unknown as LoggerService;
  const failing = (error: unknown) =>
    withMessageOnlyErrors(
      createTemplateAction({
        id: 'test:fail',
        schema: { input: {} },
        async handler() {
          throw error;
        },
      }),
      logger,
    );
  const run = (action: ReturnType<typeof failing>) =>
    action.handler(actionContext({ input: {}, workspacePath: '/x' }).ctx);

  beforeEach(() => warn.mockClear());

  it('fails with the message only: no frames, no server paths in the stack the task log shows', async () => {
    const original = new InputError("The name 'payments-api' is taken");
    expect(original.stack).toMatch(/\n\s+at .*messageOnlyErrors\.test\.ts/);

    const error = await run(failing(original)).catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe("The name 'payments-api' is taken");
    // What NunjucksWorkflowRunner writes into the task's events.
    expect(String(error.stack)).toBe(
      "InputError: The name 'payments-api' is taken",
    );
    expect(String(error.stack)).not.toMatch(/\/|\bat\b/);
  });

  it('keeps the full error for the backend log', async () => {
    const original = new Error('Argo CD POST /api/v1/applications failed');
    const { stack } = original;
    await run(failing(original)).catch(() => {});
    expect(warn).toHaveBeenCalledWith(
      'Scaffolder action test:fail failed',
      original,
    );
    expect(stack).toMatch(/\n\s+at /);
  });

  it('passes results and non-Error throws through unchanged', async () => {
    await expect(run(failing('plain string'))).rejects.toBe('plain string');
    const ok = withMessageOnlyErrors(
      createTemplateAction({
        id: 'test:ok',
        schema: { input: {} },
        async handler(ctx) {
          ctx.output('done', true);
        },
      }),
      logger,
    );
    const { ctx, outputs } = actionContext({ input: {}, workspacePath: '/x' });
    await ok.handler(ctx);
    expect(outputs).toEqual({ done: true });
  });
});
