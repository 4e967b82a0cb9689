import { Request, Response, Router } from 'express';
import { TfcContext } from './context';
import { paginate, sendDocument, sendErrors, sendNotFound } from './jsonApi';
import { StateVersionRecord } from './TfcStore';

/** The relationships `?include=` may name on a state version. */
const STATE_VERSION_INCLUDES = new Set(['outputs']);

/**
 * State versions and their outputs: the workspace's current state (as a
 * state version or as its outputs), a state version by id, its outputs, one
 * output (which reveals a sensitive value), and the raw state download.
 */
export function outputRoutes(router: Router, ctx: TfcContext) {
  const { store, documents } = ctx;

  const currentState = (workspaceId: string) => {
    const ws = store.workspaces.get(workspaceId);
    return ws?.currentStateVersionId
      ? store.stateVersions.get(ws.currentStateVersionId)
      : undefined;
  };

  /** Answers 503 while a new state's outputs are processed; true when it did. */
  const stillProcessing = (state: StateVersionRecord, res: Response) => {
    if (Date.now() >= state.processedAt) {
      return false;
    }
    // Outputs of a new state are processed asynchronously; until then the
    // API answers 503 and clients retry.
    res.setHeader('Retry-After', '1');
    sendErrors(res, 503, [
      {
        title: 'Service Unavailable',
        detail:
          'State version outputs are being processed and are not ready. Retry the request.',
      },
    ]);
    return true;
  };

  const sendStateVersion = (
    state: StateVersionRecord | undefined,
    req: Request,
    res: Response,
  ) => {
    if (!state) {
      sendNotFound(res); // no such workspace or state, or nothing applied yet
      return;
    }
    const includes = String(req.query.include ?? '')
      .split(',')
      .map(name => name.trim())
      .filter(Boolean);
    const unknown = includes.find(name => !STATE_VERSION_INCLUDES.has(name));
    if (unknown) {
      sendErrors(res, 400, [
        {
          title: 'Invalid include parameter',
          detail: `"${unknown}" is not a relationship of state-versions`,
          source: { parameter: 'include' },
        },
      ]);
      return;
    }
    const processed = Date.now() >= state.processedAt;
    sendDocument(res, 200, {
      data: documents.stateVersion(state),
      ...(includes.includes('outputs') && {
        included: processed
          ? state.outputs.map(o => documents.stateVersionOutput(o))
          : [],
      }),
    });
  };

  router.get('/workspaces/:workspaceId/current-state-version', (req, res) =>
    sendStateVersion(currentState(req.params.workspaceId), req, res),
  );

  router.get('/state-versions/:stateVersionId', (req, res) =>
    sendStateVersion(
      store.stateVersions.get(req.params.stateVersionId),
      req,
      res,
    ),
  );

  // A workspace's state versions, newest first (filters as documented:
  // both names required, status optional).
  router.get('/state-versions', (req, res) => {
    const filter = (req.query.filter ?? {}) as Record<string, any>;
    const organization = filter.organization?.name;
    const workspaceName = filter.workspace?.name;
    for (const [value, parameter] of [
      [workspaceName, 'filter[workspace][name]'],
      [organization, 'filter[organization][name]'],
    ]) {
      if (typeof value !== 'string' || value === '') {
        sendErrors(res, 400, [
          {
            title: 'bad request',
            detail: `${parameter} is required`,
            source: { parameter },
          },
        ]);
        return;
      }
    }
    const ws = store.findWorkspaceByName(organization, workspaceName);
    if (!ws) {
      sendNotFound(res);
      return;
    }
    const statuses =
      typeof filter.status === 'string'
        ? filter.status.split(',').map((s: string) => s.trim())
        : undefined;
    // Every state the simulator writes is finalized.
    const states =
      statuses && !statuses.includes('finalized')
        ? []
        : store.stateVersionsOf(ws.id).slice().reverse();
    sendDocument(
      res,
      200,
      paginate(
        states.map(state => documents.stateVersion(state)),
        req,
        `${ctx.urls.apiUrl}/state-versions`,
      ),
    );
  });

  router.get('/state-versions/:stateVersionId/outputs', (req, res) => {
    const state = store.stateVersions.get(req.params.stateVersionId);
    if (!state) {
      sendNotFound(res);
      return;
    }
    if (stillProcessing(state, res)) {
      return;
    }
    sendDocument(
      res,
      200,
      paginate(
        state.outputs.map(o => documents.stateVersionOutput(o)),
        req,
        `${ctx.urls.apiUrl}/state-versions/${state.id}/outputs`,
      ),
    );
  });

  router.get('/state-version-outputs/:outputId', (req, res) => {
    for (const state of store.stateVersions.values()) {
      const output = state.outputs.find(o => o.id === req.params.outputId);
      if (output && Date.now() >= state.processedAt) {
        sendDocument(res, 200, {
          data: documents.stateVersionOutput(output, true),
        });
        return;
      }
    }
    sendNotFound(res);
  });

  router.get(
    '/workspaces/:workspaceId/current-state-version-outputs',
    (req, res) => {
      const state = currentState(req.params.workspaceId);
      if (!state) {
        sendNotFound(res); // no such workspace, or nothing applied yet
        return;
      }
      if (stillProcessing(state, res)) {
        return;
      }
      sendDocument(res, 200, {
        data: state.outputs.map(output => documents.stateVersionOutput(output)),
      });
    },
  );
}
