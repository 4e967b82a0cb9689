import {
  isTerraformCloudNotFound,
  TerraformCloudError,
} from './TerraformCloudError';

const call = 'getWorkspace (GET /organizations/acme/workspaces/payments-dev)';

describe('TerraformCloudError.fromResponse', () => {
  it('explains a 404 as "missing, or invisible to the token"', () => {
    const error = TerraformCloudError.fromResponse({
      call,
      status: 404,
      errors: [{ status: '404', title: 'not found' }],
      attempts: 1,
    });

    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('TerraformCloudError');
    expect(error.message).toBe(
      `${call}: not found, or the token cannot see it (Terraform Cloud answers 404 for no access): not found`,
    );
    expect(isTerraformCloudNotFound(error)).toBe(true);
    expect(isTerraformCloudNotFound(new Error('404'))).toBe(false);
  });

  it('explains a 409 as an illegal transition and keeps the detail', () => {
    const error = TerraformCloudError.fromResponse({
      call: 'applyRun (POST /runs/run-1/actions/apply)',
      status: 409,
      errors: [
        {
          status: '409',
          title: 'transition not allowed',
          detail: 'Run was not paused for confirmation; apply not allowed.',
        },
      ],
      attempts: 1,
    });

    expect(error.message).toBe(
      'applyRun (POST /runs/run-1/actions/apply): transition not allowed; the run is not in a state that allows this action (e.g. applying a run that is not waiting for confirmation): transition not allowed: Run was not paused for confirmation; apply not allowed.',
    );
  });

  it('lists every validation error of a 422 with where it points', () => {
    const error = TerraformCloudError.fromResponse({
      call: 'createWorkspace (POST /organizations/acme/workspaces)',
      status: 422,
      errors: [
        {
          status: '422',
          title: 'invalid attribute',
          detail: 'Name has already been taken',
          source: { pointer: '/data/attributes/name' },
        },
        { status: '422', title: 'invalid attribute', detail: 'Bad mode' },
      ],
      attempts: 1,
    });

    expect(error.message).toBe(
      'createWorkspace (POST /organizations/acme/workspaces): rejected as invalid: invalid attribute: Name has already been taken (/data/attributes/name); invalid attribute: Bad mode',
    );
    expect(error.errors).toHaveLength(2);
  });

  it('says when a failed call was not retried on purpose', () => {
    const error = TerraformCloudError.fromResponse({
      call: 'createRun (POST /runs)',
      status: 502,
      errors: [],
      attempts: 1,
      notRetried: true,
    });

    expect(error.message).toBe(
      'createRun (POST /runs): Terraform Cloud answered HTTP 502 after 1 attempt (not retried: Terraform Cloud may have acted on the request; read its state before trying again)',
    );
  });
});

describe('TerraformCloudError.timeout and network', () => {
  it('names the call, the timeout and the attempts', () => {
    const error = TerraformCloudError.timeout({
      call,
      timeoutMs: 200,
      attempts: 3,
    });

    expect(error.kind).toBe('timeout');
    expect(error.status).toBeUndefined();
    expect(error.message).toBe(`${call}: timed out after 200 ms (3 attempts)`);
  });

  it('keeps the cause of a network error', () => {
    const cause = new TypeError('fetch failed');
    const error = TerraformCloudError.network({ call, attempts: 1, cause });

    expect(error.cause).toBe(cause);
    expect(error.message).toBe(
      `${call}: could not reach Terraform Cloud (1 attempt); caused by TypeError: fetch failed`,
    );
  });
});
