import { MAIN_TF, tarball } from '../tarball';

export const TOKEN = 'sandbox-tfc-token';

export interface ApiAnswer {
  status: number;
  headers: Headers;
  /** Parsed JSON, the text when it is not JSON, undefined when empty. */
  body: any;
}

/**
 * Plain HTTP calls to a simulator mounted at `mountUrl`, and the few steps
 * every run test needs. Deliberately not the real client: these tests check
 * the simulator's wire format.
 */
export function tfcApi(mountUrl: string) {
  const call = async (
    method: string,
    path: string,
    body?: unknown,
    options: { token?: string | null } = {},
  ): Promise<ApiAnswer> => {
    const token = options.token === undefined ? TOKEN : options.token;
    const res = await fetch(`${mountUrl}/api/v2${path}`, {
      method,
      headers: {
        ...(token !== null && { authorization: `Bearer ${token}` }),
        ...(body !== undefined && {
          'content-type': 'application/vnd.api+json',
        }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text || undefined;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // keep the text
    }
    return { status: res.status, headers: res.headers, body: parsed };
  };

  const createWorkspace = async (
    name: string,
    attributes: Record<string, unknown> = {},
    organization = 'acme',
  ) => {
    const res = await call(
      'POST',
      `/organizations/${organization}/workspaces`,
      {
        data: { type: 'workspaces', attributes: { name, ...attributes } },
      },
    );
    if (res.status !== 201) {
      throw new Error(
        `create workspace: ${res.status} ${JSON.stringify(res.body)}`,
      );
    }
    return res.body.data;
  };

  const setVariable = async (
    workspaceId: string,
    key: string,
    value: string,
    extra: Record<string, unknown> = {},
  ) => {
    const res = await call('POST', `/workspaces/${workspaceId}/vars`, {
      data: {
        type: 'vars',
        attributes: { key, value, category: 'terraform', ...extra },
      },
    });
    if (res.status !== 201) {
      throw new Error(
        `set variable: ${res.status} ${JSON.stringify(res.body)}`,
      );
    }
    return res.body.data;
  };

  /** Polls until `predicate` holds for the document at `path`. */
  const waitFor = async (
    path: string,
    predicate: (data: any) => boolean,
    timeoutMs = 5000,
  ) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const res = await call('GET', path);
      if (res.status === 200 && predicate(res.body.data)) {
        return res.body;
      }
      if (Date.now() > deadline) {
        throw new Error(
          `timed out waiting on ${path}; last answer ${
            res.status
          } ${JSON.stringify(res.body?.data?.attributes?.status ?? res.body)}`,
        );
      }
      await new Promise(resolve => setTimeout(resolve, 10));
    }
  };

  /** A configuration version with an uploaded (and processed) archive. */
  const uploadConfiguration = async (
    workspaceId: string,
    archive: Buffer = tarball({ 'main.tf': MAIN_TF }),
  ) => {
    const created = await call(
      'POST',
      `/workspaces/${workspaceId}/configuration-versions`,
      {
        data: {
          type: 'configuration-versions',
          attributes: { 'auto-queue-runs': false },
        },
      },
    );
    const cv = created.body.data;
    const upload = await fetch(cv.attributes['upload-url'], {
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream' },
      body: archive,
    });
    if (upload.status !== 200) {
      throw new Error(`upload: ${upload.status}`);
    }
    await waitFor(
      `/configuration-versions/${cv.id}`,
      data => data.attributes.status !== 'pending',
    );
    return cv;
  };

  const createRun = async (
    workspaceId: string,
    attributes: Record<string, unknown> = {},
    configurationVersionId?: string,
  ) => {
    const res = await call('POST', '/runs', {
      data: {
        type: 'runs',
        attributes,
        relationships: {
          workspace: { data: { type: 'workspaces', id: workspaceId } },
          ...(configurationVersionId && {
            'configuration-version': {
              data: {
                type: 'configuration-versions',
                id: configurationVersionId,
              },
            },
          }),
        },
      },
    });
    if (res.status !== 201) {
      throw new Error(`create run: ${res.status} ${JSON.stringify(res.body)}`);
    }
    return res.body.data;
  };

  const waitForRun = (
    runId: string,
    predicate: (run: any) => boolean,
    timeoutMs?: number,
  ) => waitFor(`/runs/${runId}`, predicate, timeoutMs).then(doc => doc.data);

  return {
    call,
    createWorkspace,
    setVariable,
    waitFor,
    uploadConfiguration,
    createRun,
    waitForRun,
  };
}
