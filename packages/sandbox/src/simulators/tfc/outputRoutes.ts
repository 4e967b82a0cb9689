import { Router } from 'express';
import { TfcContext } from './context';
import { sendDocument, sendErrors, sendNotFound } from './jsonApi';

/** The workspace's current state outputs. */
export function outputRoutes(router: Router, ctx: TfcContext) {
  const { store, documents } = ctx;

  router.get(
    '/workspaces/:workspaceId/current-state-version-outputs',
    (req, res) => {
      const ws = store.workspaces.get(req.params.workspaceId);
      const state = ws?.currentStateVersionId
        ? store.stateVersions.get(ws.currentStateVersionId)
        : undefined;
      if (!state) {
        sendNotFound(res); // no such workspace, or nothing applied yet
        return;
      }
      // Outputs of a new state are processed asynchronously; until then the
      // API answers 503 and clients retry.
      if (Date.now() < state.processedAt) {
        res.setHeader('Retry-After', '1');
        sendErrors(res, 503, [
          {
            title: 'Service Unavailable',
            detail:
              'State version outputs are being processed and are not ready. Retry the request.',
          },
        ]);
        return;
      }
      sendDocument(res, 200, {
        data: state.outputs.map(output => documents.stateVersionOutput(output)),
      });
    },
  );
}
