import { Response, Router } from 'express';
import { TfcContext } from './context';
import { sendDocument, sendInvalidAttribute, sendNotFound } from './jsonApi';
import { attributesOf, requestData, wrongType } from './requestBody';
import { ConfigurationVersionRecord, newId } from './TfcStore';

/** Configuration versions; their uploads go to the archivist routes. */
export function configurationVersionRoutes(router: Router, ctx: TfcContext) {
  const { store, documents } = ctx;

  router.post('/workspaces/:workspaceId/configuration-versions', (req, res) => {
    const ws = store.workspaces.get(req.params.workspaceId);
    if (!ws) {
      sendNotFound(res);
      return;
    }
    // The body is optional in practice; its attributes all have defaults.
    const attributes = attributesOf(requestData(req.body) ?? {});
    const problem = wrongType(attributes, {
      'auto-queue-runs': 'boolean',
      speculative: 'boolean',
      provisional: 'boolean',
    });
    if (problem) {
      sendInvalidAttribute(res, problem.pointer, problem.detail);
      return;
    }
    const record: ConfigurationVersionRecord = {
      id: newId('cv'),
      workspaceId: ws.id,
      status: 'pending',
      error: null,
      errorMessage: null,
      autoQueueRuns: (attributes['auto-queue-runs'] as boolean) ?? true,
      speculative: (attributes.speculative as boolean) ?? false,
      provisional: (attributes.provisional as boolean) ?? false,
      timestamps: {},
    };
    store.configurationVersions.set(record.id, record);
    if (!record.provisional) {
      ws.latestConfigurationVersionId = record.id;
    }
    const uploadObjectId = store.newArchivistObject({
      kind: 'upload',
      configurationVersionId: record.id,
    });
    sendDocument(res, 201, {
      data: documents.configurationVersion(record, uploadObjectId),
    });
  });

  router.get('/configuration-versions/:configurationVersionId', (req, res) => {
    const record = store.configurationVersions.get(
      req.params.configurationVersionId,
    );
    if (!record) {
      sendNotFound(res);
      return;
    }
    sendDocument(res, 200, { data: documents.configurationVersion(record) });
  });

  // A temporary archivist URL for the archive, as Terraform Cloud redirects
  // to one; only once the version is uploaded (404 otherwise, as documented).
  const download = (
    configurationVersionId: string | undefined,
    res: Response,
  ) => {
    const record = configurationVersionId
      ? store.configurationVersions.get(configurationVersionId)
      : undefined;
    if (
      !record ||
      record.status !== 'uploaded' ||
      !ctx.archives.read(record.id)
    ) {
      sendNotFound(res);
      return;
    }
    const objectId = store.newArchivistObject({
      kind: 'archive',
      configurationVersionId: record.id,
    });
    res.redirect(302, `${ctx.urls.objectUrl}/${objectId}`);
  };

  router.get(
    '/configuration-versions/:configurationVersionId/download',
    (req, res) => download(req.params.configurationVersionId, res),
  );
  router.get('/runs/:runId/configuration-version/download', (req, res) =>
    download(store.runs.get(req.params.runId)?.configurationVersionId, res),
  );
}
