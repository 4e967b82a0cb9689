import express, { Router } from 'express';
import { inspectConfigurationArchive } from './configurationArchive';
import { TfcContext } from './context';
import { applyLog, planLog } from './logs';
import { ConfigurationVersionRecord } from './TfcStore';

/**
 * Processes an uploaded archive one step later, as Terraform Cloud does
 * asynchronously (clients poll the configuration version until it is no
 * longer pending). Also called after a restart for an upload that was
 * stored but not processed yet.
 */
export function processUpload(
  ctx: TfcContext,
  version: ConfigurationVersionRecord,
  archive: Buffer,
): void {
  const { store, engine } = ctx;
  const inspection = inspectConfigurationArchive(archive);
  engine.later(ctx.stepMs, () => {
    if (store.configurationVersions.get(version.id) !== version) {
      return; // reset meanwhile
    }
    const at = new Date().toISOString();
    if (inspection.ok) {
      version.status = 'uploaded';
      version.timestamps['uploaded-at'] = at;
    } else {
      version.status = 'errored';
      version.error = inspection.error;
      version.errorMessage = inspection.message;
      version.timestamps['errored-at'] = at;
    }
  });
}

/**
 * The blob storage ("archivist") behind upload, download and log URLs. Like
 * the real one it takes no bearer token: the unguessable object id in the
 * URL is the authorisation.
 */
export function archivistRoutes(router: Router, ctx: TfcContext) {
  const { store, archives } = ctx;

  router.put(
    '/archivist/v1/object/:objectId',
    express.raw({ type: () => true, limit: '50mb' }),
    (req, res) => {
      const object = store.archivist.get(req.params.objectId);
      if (object?.kind !== 'upload') {
        res.status(404).type('text/plain').send('object not found\n');
        return;
      }
      const version = store.configurationVersions.get(
        object.configurationVersionId,
      )!;
      // Upload URLs are single-use here.
      store.archivist.delete(req.params.objectId);
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      archives.write(version.id, body);
      processUpload(ctx, version, body);
      res.status(200).end();
    },
  );

  router.get('/archivist/v1/object/:objectId', (req, res) => {
    const object = store.archivist.get(req.params.objectId);
    const plan =
      object?.kind === 'plan-log' ? store.plans.get(object.planId) : undefined;
    const apply =
      object?.kind === 'apply-log'
        ? store.applies.get(object.applyId)
        : undefined;
    const state =
      object?.kind === 'state'
        ? store.stateVersions.get(object.stateVersionId)
        : undefined;
    const archive =
      object?.kind === 'archive'
        ? archives.read(object.configurationVersionId)
        : undefined;
    if (plan) {
      res.type('text/plain').send(planLog(store, plan));
    } else if (apply) {
      res.type('text/plain').send(applyLog(store, apply));
    } else if (state) {
      res
        .type('application/json')
        .send(JSON.stringify(ctx.documents.rawState(state)));
    } else if (archive) {
      res.type('application/x-gzip').send(archive);
    } else {
      res.status(404).type('text/plain').send('object not found\n');
    }
  });
}
