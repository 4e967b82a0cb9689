import {
  ConflictError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  isUpstreamError,
  toBackstageError,
  upstreamError,
} from './upstreamError';

describe('upstreamError', () => {
  it('is an instance of the matching Backstage error and carries the upstream answer', () => {
    const error = upstreamError('Argo CD app missing', {
      system: 'Argo CD',
      operation: 'GET /api/v1/applications/x',
      kind: 'status',
      upstreamStatus: 404,
      upstreamMessage: 'not found',
      attempts: 1,
    });

    expect(error).toBeInstanceOf(NotFoundError);
    expect(NotFoundError.is(error)).toBe(true);
    expect(error.message).toBe('Argo CD app missing');
    expect(isUpstreamError(error)).toBe(true);
    expect(error.upstream.upstreamMessage).toBe('not found');
  });

  it('treats timeouts and lost connections as an unavailable system', () => {
    for (const kind of ['timeout', 'network', 'invalid-response'] as const) {
      expect(
        upstreamError('x', { system: 's', operation: 'o', kind, attempts: 1 }),
      ).toBeInstanceOf(ServiceUnavailableError);
    }
  });
});

describe('toBackstageError', () => {
  it("keeps a client error's message and cause, with the status the portal answers with", () => {
    const original = Object.assign(
      new Error('applyRun: transition not allowed'),
      {
        status: 409,
      },
    );

    const error = toBackstageError(original, {
      system: 'Terraform Cloud',
      operation: 'applyRun',
    });

    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toBe('applyRun: transition not allowed');
    expect(error.cause).toBe(original);
    expect(error.status).toBe(409);
    expect(error.upstream.upstreamStatus).toBe(409);
  });

  it('answers an upstream 5xx as 503 and a 422 as 400', () => {
    const bad = (status: number) =>
      toBackstageError(Object.assign(new Error('x'), { status }), {
        system: 's',
        operation: 'o',
      });
    expect(bad(502).status).toBe(503);
    expect(bad(422)).toMatchObject({ name: 'InputError', status: 400 });
  });

  it('calls an error without a status an unavailable system', () => {
    expect(
      toBackstageError(new Error('timed out'), { system: 's', operation: 'o' }),
    ).toBeInstanceOf(ServiceUnavailableError);
  });
});
