import type { VariableCategory } from '@internal/api-tfc';
import { createHash } from 'node:crypto';
import { Router } from 'express';
import { TfcContext } from './context';
import { sendDocument, sendInvalidAttribute, sendNotFound } from './jsonApi';
import { typedRequestData } from './requestBody';
import { newId, VariableRecord } from './TfcStore';

// Workspaces hold Terraform and environment variables; the other categories
// belong to variable sets and policy sets.
const CATEGORIES: VariableCategory[] = ['terraform', 'env'];

const ATTRIBUTE_TYPES = {
  key: 'string',
  value: 'string',
  description: 'nullable-string',
  category: 'string',
  hcl: 'boolean',
  sensitive: 'boolean',
} as const;

function versionId(v: Pick<VariableRecord, 'key' | 'value' | 'category'>) {
  return createHash('sha1')
    .update(`${v.key}\0${v.value}\0${v.category}\0${Date.now()}`)
    .digest('hex')
    .slice(0, 36);
}

/** Workspace variables (`/workspaces/:id/vars`). */
export function variableRoutes(router: Router, ctx: TfcContext) {
  const { store, documents } = ctx;

  /** True when another variable of the workspace has the key in the category. */
  const duplicate = (
    workspaceId: string,
    key: string,
    category: string,
    self?: VariableRecord,
  ) =>
    store
      .variablesOf(workspaceId)
      .some(v => v !== self && v.key === key && v.category === category);

  router.get('/workspaces/:workspaceId/vars', (req, res) => {
    const ws = store.workspaces.get(req.params.workspaceId);
    if (!ws) {
      sendNotFound(res);
      return;
    }
    sendDocument(res, 200, {
      data: store.variablesOf(ws.id).map(v => documents.variable(v)),
    });
  });

  router.post('/workspaces/:workspaceId/vars', (req, res) => {
    const ws = store.workspaces.get(req.params.workspaceId);
    if (!ws) {
      sendNotFound(res);
      return;
    }
    const request = typedRequestData(req.body, ATTRIBUTE_TYPES, res);
    if (!request) {
      return;
    }
    const { attributes } = request;
    const key = attributes.key as string | undefined;
    const category = attributes.category as VariableCategory | undefined;
    if (!key?.trim()) {
      sendInvalidAttribute(res, '/data/attributes/key', "Key can't be blank");
      return;
    }
    if (!category || !CATEGORIES.includes(category)) {
      sendInvalidAttribute(
        res,
        '/data/attributes/category',
        'Category must be "terraform" or "env"',
      );
      return;
    }
    if (duplicate(ws.id, key, category)) {
      sendInvalidAttribute(
        res,
        '/data/attributes/key',
        'Key has already been taken',
      );
      return;
    }
    const record: VariableRecord = {
      id: newId('var'),
      workspaceId: ws.id,
      key,
      value: (attributes.value as string | undefined) ?? '',
      sensitive: (attributes.sensitive as boolean | undefined) ?? false,
      category,
      hcl: (attributes.hcl as boolean | undefined) ?? false,
      description: (attributes.description as string | null) ?? null,
      createdAt: new Date().toISOString(),
      versionId: '',
    };
    record.versionId = versionId(record);
    store.variables.set(record.id, record);
    sendDocument(res, 201, { data: documents.variable(record) });
  });

  router.patch('/workspaces/:workspaceId/vars/:variableId', (req, res) => {
    const record = store.variables.get(req.params.variableId);
    if (!record || record.workspaceId !== req.params.workspaceId) {
      sendNotFound(res);
      return;
    }
    const request = typedRequestData(req.body, ATTRIBUTE_TYPES, res);
    if (!request) {
      return;
    }
    const { attributes } = request;
    const key = (attributes.key as string | undefined) ?? record.key;
    const category =
      (attributes.category as VariableCategory | undefined) ?? record.category;
    if (!key.trim()) {
      sendInvalidAttribute(res, '/data/attributes/key', "Key can't be blank");
      return;
    }
    if (!CATEGORIES.includes(category)) {
      sendInvalidAttribute(
        res,
        '/data/attributes/category',
        'Category must be "terraform" or "env"',
      );
      return;
    }
    if (duplicate(record.workspaceId, key, category, record)) {
      sendInvalidAttribute(
        res,
        '/data/attributes/key',
        'Key has already been taken',
      );
      return;
    }
    // "If true then the variable is written once and not visible thereafter":
    // a sensitive value cannot be revealed by turning the flag off.
    if (record.sensitive && attributes.sensitive === false) {
      sendInvalidAttribute(
        res,
        '/data/attributes/sensitive',
        'A sensitive variable cannot be made non-sensitive',
      );
      return;
    }
    record.key = key;
    record.category = category;
    if (attributes.value !== undefined) {
      record.value = attributes.value as string;
    }
    if (attributes.description !== undefined) {
      record.description = attributes.description as string | null;
    }
    if (attributes.hcl !== undefined) {
      record.hcl = attributes.hcl as boolean;
    }
    if (attributes.sensitive !== undefined) {
      record.sensitive = attributes.sensitive as boolean;
    }
    record.versionId = versionId(record);
    sendDocument(res, 200, { data: documents.variable(record) });
  });

  // "Delete a Variable": 204, no body.
  router.delete('/workspaces/:workspaceId/vars/:variableId', (req, res) => {
    const record = store.variables.get(req.params.variableId);
    if (!record || record.workspaceId !== req.params.workspaceId) {
      sendNotFound(res);
      return;
    }
    store.variables.delete(record.id);
    res.status(204).end();
  });
}
