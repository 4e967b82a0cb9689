import type { ExecutionMode, WorkspaceAttributes } from '@internal/api-tfc';
import { Request, Response, Router } from 'express';
import { TfcContext } from './context';
import { sendDocument, sendInvalidAttribute, sendNotFound } from './jsonApi';
import { attributesOf, requestData, wrongType } from './requestBody';
import { newId, WorkspaceRecord } from './TfcStore';

const NAME = /^[A-Za-z0-9_-]{1,90}$/;
// Tag binding keys and values (workspaces docs, "Add/update tag-bindings").
const TAG_CHARS = /^[A-Za-z0-9_.=+\-@:]*$/;
const MAX_TAGS = 10;
const TAGS_POINTER = '/data/relationships/tag-bindings';
const TOO_MANY_TAGS = `A workspace can have at most ${MAX_TAGS} tags`;
const EXECUTION_MODES: ExecutionMode[] = ['remote', 'local', 'agent'];
const DEFAULT_TERRAFORM_VERSION = '1.9.8';

const ATTRIBUTE_TYPES = {
  name: 'string',
  'allow-destroy-plan': 'boolean',
  'auto-apply': 'boolean',
  'assessments-enabled': 'boolean',
  description: 'nullable-string',
  'execution-mode': 'string',
  'file-triggers-enabled': 'boolean',
  'global-remote-state': 'boolean',
  'queue-all-runs': 'boolean',
  'source-name': 'nullable-string',
  'source-url': 'nullable-string',
  'speculative-enabled': 'boolean',
  'terraform-version': 'string',
  'working-directory': 'nullable-string',
} as const;

type TagInput = { key: string; value: string };
type Problem = { pointer: string; detail: string };

/** The tag bindings of a request, or the 422 to answer. */
function parseTags(
  data: Record<string, unknown>,
): { tags: TagInput[] } | Problem {
  const relationship = (
    data.relationships as Record<string, any> | undefined
  )?.['tag-bindings'];
  if (relationship === undefined) {
    return { tags: [] };
  }
  const pointer = TAGS_POINTER;
  if (!Array.isArray(relationship?.data)) {
    return { pointer, detail: 'tag-bindings must be a list' };
  }
  const tags: TagInput[] = [];
  for (const item of relationship.data) {
    const key = item?.attributes?.key;
    const value = item?.attributes?.value ?? '';
    if (item?.type !== 'tag-bindings') {
      return { pointer, detail: 'type must be "tag-bindings"' };
    }
    if (typeof key !== 'string' || !key || key.length > 128) {
      return { pointer, detail: 'Key must be 1 to 128 characters' };
    }
    if (typeof value !== 'string' || value.length > 256) {
      return { pointer, detail: 'Value must be at most 256 characters' };
    }
    if (!TAG_CHARS.test(key) || !TAG_CHARS.test(value)) {
      return {
        pointer,
        detail: `Tag "${key}" may only contain letters, digits and _ . = + - @ :`,
      };
    }
    if (/^hcp?:/.test(key)) {
      return { pointer, detail: `Tag key "${key}" uses a reserved prefix` };
    }
    tags.push({ key, value });
  }
  return { tags };
}

/** Checks attributes for create (`creating`) or update; returns the 422 to answer, if any. */
function invalidAttributes(
  ctx: TfcContext,
  organization: string,
  attributes: Record<string, unknown>,
  creating: boolean,
  self?: WorkspaceRecord,
): Problem | undefined {
  const typeError = wrongType(attributes, ATTRIBUTE_TYPES);
  if (typeError) {
    return typeError;
  }
  const name = attributes.name as string | undefined;
  if (creating && !name) {
    return { pointer: '/data/attributes/name', detail: "Name can't be blank" };
  }
  if (name !== undefined) {
    if (!NAME.test(name)) {
      return {
        pointer: '/data/attributes/name',
        detail:
          'Name is invalid: only letters, numbers, - and _ are allowed (at most 90)',
      };
    }
    const existing = ctx.store.findWorkspaceByName(organization, name);
    if (existing && existing !== self) {
      return {
        pointer: '/data/attributes/name',
        detail: 'Name has already been taken',
      };
    }
  }
  const mode = attributes['execution-mode'] as ExecutionMode | undefined;
  if (mode !== undefined && !EXECUTION_MODES.includes(mode)) {
    return {
      pointer: '/data/attributes/execution-mode',
      detail:
        'Execution mode is not included in the list (remote, local, agent)',
    };
  }
  if (mode === 'agent') {
    // The simulator has no agent pools to pick from.
    return {
      pointer: '/data/attributes/agent-pool-id',
      detail: 'Agent pool must be specified when execution mode is agent',
    };
  }
  return undefined;
}

/** The attributes and tags of a create or update request, or the 422 to answer. */
function parseRequest(
  ctx: TfcContext,
  body: unknown,
  organization: string,
  self?: WorkspaceRecord,
):
  | { attributes: Record<string, unknown>; tags: TagInput[] }
  | { problem: Problem } {
  const data = requestData(body);
  if (!data) {
    return {
      problem: { pointer: '/data', detail: 'The request has no data object' },
    };
  }
  const attributes = attributesOf(data);
  const problem = invalidAttributes(ctx, organization, attributes, !self, self);
  if (problem) {
    return { problem };
  }
  const tags = parseTags(data);
  if ('pointer' in tags) {
    return { problem: tags };
  }
  return { attributes, tags: tags.tags };
}

function applyTags(ws: WorkspaceRecord, tags: TagInput[]) {
  const now = new Date().toISOString();
  for (const { key, value } of tags) {
    const existing = ws.tagBindings.get(key);
    ws.tagBindings.set(key, {
      id: existing?.id ?? newId('tb'),
      value,
      createdAt: existing?.createdAt ?? now,
    });
  }
}

/** Organizations, workspaces and their tag bindings. */
export function workspaceRoutes(router: Router, ctx: TfcContext) {
  const { store, documents } = ctx;

  const organizationOf = (req: Request, res: Response) => {
    const org = store.organizations.get(req.params.organization);
    if (!org) {
      sendNotFound(res);
    }
    return org;
  };

  const update = (ws: WorkspaceRecord, req: Request, res: Response) => {
    const parsed = parseRequest(ctx, req.body, ws.organization, ws);
    if ('problem' in parsed) {
      sendInvalidAttribute(res, parsed.problem.pointer, parsed.problem.detail);
      return;
    }
    const { attributes, tags } = parsed;
    const tagKeys = new Set([
      ...ws.tagBindings.keys(),
      ...tags.map(t => t.key),
    ]);
    if (tagKeys.size > MAX_TAGS) {
      sendInvalidAttribute(res, TAGS_POINTER, TOO_MANY_TAGS);
      return;
    }
    for (const key of Object.keys(ATTRIBUTE_TYPES)) {
      if (attributes[key] !== undefined) {
        (ws.attributes as unknown as Record<string, unknown>)[key] =
          attributes[key];
      }
    }
    applyTags(ws, tags);
    ws.attributes['updated-at'] = new Date().toISOString();
    sendDocument(res, 200, { data: documents.workspace(ws) });
  };

  router.get('/organizations/:organization', (req, res) => {
    const org = organizationOf(req, res);
    if (org) {
      sendDocument(res, 200, { data: documents.organization(org) });
    }
  });

  router.post('/organizations/:organization/workspaces', (req, res) => {
    const org = organizationOf(req, res);
    if (!org) {
      return;
    }
    const parsed = parseRequest(ctx, req.body, org.name);
    if ('problem' in parsed) {
      sendInvalidAttribute(res, parsed.problem.pointer, parsed.problem.detail);
      return;
    }
    const { attributes, tags } = parsed;
    if (new Set(tags.map(t => t.key)).size > MAX_TAGS) {
      sendInvalidAttribute(res, TAGS_POINTER, TOO_MANY_TAGS);
      return;
    }
    const now = new Date().toISOString();
    const a = attributes as Partial<WorkspaceAttributes>;
    const ws: WorkspaceRecord = {
      id: newId('ws'),
      organization: org.name,
      attributes: {
        name: a.name!,
        'allow-destroy-plan': a['allow-destroy-plan'] ?? true,
        'assessments-enabled': a['assessments-enabled'] ?? false,
        'auto-apply': a['auto-apply'] ?? false,
        'auto-apply-run-trigger': false,
        'auto-destroy-activity-duration': null,
        'auto-destroy-at': null,
        'auto-destroy-status': null,
        'created-at': now,
        description: a.description ?? null,
        environment: 'default',
        'execution-mode': a['execution-mode'] ?? 'remote',
        'file-triggers-enabled': a['file-triggers-enabled'] ?? true,
        'global-remote-state': a['global-remote-state'] ?? false,
        'latest-change-at': now,
        locked: false,
        'locked-reason': '',
        operations: (a['execution-mode'] ?? 'remote') === 'remote',
        permissions: {
          'can-update': true,
          'can-destroy': true,
          'can-queue-run': true,
          'can-read-run': true,
          'can-read-variable': true,
          'can-update-variable': true,
          'can-read-state-versions': true,
          'can-read-state-outputs': true,
          'can-create-state-versions': true,
          'can-queue-apply': true,
          'can-lock': true,
          'can-unlock': true,
          'can-force-unlock': true,
          'can-read-settings': true,
          'can-manage-tags': true,
          'can-manage-run-tasks': true,
          'can-force-delete': true,
          'can-manage-assessments': true,
          'can-manage-ephemeral-workspaces': false,
          'can-read-assessment-results': true,
          'can-queue-destroy': true,
        },
        actions: { 'is-destroyable': true },
        'queue-all-runs': a['queue-all-runs'] ?? false,
        'resource-count': 0,
        source: 'tfe-api',
        'source-name': a['source-name'] ?? null,
        'source-url': a['source-url'] ?? null,
        'speculative-enabled': a['speculative-enabled'] ?? true,
        'structured-run-output-enabled': true,
        'tag-names': [],
        'terraform-version':
          a['terraform-version'] ?? DEFAULT_TERRAFORM_VERSION,
        'trigger-prefixes': [],
        'trigger-patterns': [],
        'updated-at': now,
        'vcs-repo': null,
        'vcs-repo-identifier': null,
        'working-directory': a['working-directory'] ?? null,
        'setting-overwrites': { 'execution-mode': true, 'agent-pool': true },
      },
      tagBindings: new Map(),
    };
    applyTags(ws, tags);
    store.workspaces.set(ws.id, ws);
    sendDocument(res, 201, { data: documents.workspace(ws) });
  });

  router.get('/organizations/:organization/workspaces/:name', (req, res) => {
    const org = organizationOf(req, res);
    if (!org) {
      return;
    }
    const ws = store.findWorkspaceByName(org.name, req.params.name);
    if (!ws) {
      sendNotFound(res);
      return;
    }
    sendDocument(res, 200, { data: documents.workspace(ws) });
  });

  router.patch('/organizations/:organization/workspaces/:name', (req, res) => {
    const org = organizationOf(req, res);
    if (!org) {
      return;
    }
    const ws = store.findWorkspaceByName(org.name, req.params.name);
    if (!ws) {
      sendNotFound(res);
      return;
    }
    update(ws, req, res);
  });

  router.get('/workspaces/:workspaceId', (req, res) => {
    const ws = store.workspaces.get(req.params.workspaceId);
    if (!ws) {
      sendNotFound(res);
      return;
    }
    sendDocument(res, 200, { data: documents.workspace(ws) });
  });

  router.patch('/workspaces/:workspaceId', (req, res) => {
    const ws = store.workspaces.get(req.params.workspaceId);
    if (!ws) {
      sendNotFound(res);
      return;
    }
    update(ws, req, res);
  });

  router.get(
    '/workspaces/:workspaceId/relationships/tag-bindings',
    (req, res) => {
      const ws = store.workspaces.get(req.params.workspaceId);
      if (!ws) {
        sendNotFound(res);
        return;
      }
      sendDocument(res, 200, { data: documents.tagBindings(ws) });
    },
  );
}
