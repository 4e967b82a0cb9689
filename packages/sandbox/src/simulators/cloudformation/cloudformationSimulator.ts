import express, { Router } from 'express';
import path from 'node:path';
import { JsonStateFile } from '../../state/JsonStateFile';
import { SimulatorFactory } from '../types';
import { ACTIONS, unknownAction } from './actions';
import {
  API_VERSION,
  QueryError,
  QueryParams,
  sendError,
  sendResult,
} from './queryProtocol';
import { SandboxCredentials, verifySigV4 } from './sigv4';
import { StackOperations } from './StackOperations';
import { StackStore } from './StackStore';

/** Options of {@link cloudformationSimulator}. */
export interface CloudFormationSimulatorOptions {
  /** The one key pair requests must be signed with. */
  credentials?: SandboxCredentials;
  /** The account the ARNs name. Default 123456789012. */
  accountId?: string;
  /** Time between two steps of a change set or stack operation. Default 500 ms. */
  stepMs?: number;
  /** Events per DescribeStackEvents page. Default 100. */
  eventsPageSize?: number;
}

/** The sandbox's AWS key pair (AWS's documented example key, with a sandbox id). */
export const SANDBOX_AWS_CREDENTIALS: SandboxCredentials = {
  accessKeyId: 'AKIASANDBOXEXAMPLE01',
  secretAccessKey: 'sandbox/K7MDENG/bPxRfiCYEXAMPLEKEY',
};

/**
 * AWS CloudFormation (query protocol, API version 2010-05-15) for the
 * provisioning plugin's CloudFormation engine: change sets, their execution,
 * stacks moving through their real statuses on a clock, stack events and
 * outputs evaluated from the template. Requests must carry a valid AWS
 * Signature Version 4 made with the sandbox's key pair; any region works.
 */
export function cloudformationSimulator(
  options: CloudFormationSimulatorOptions = {},
): SimulatorFactory {
  const credentials = options.credentials ?? SANDBOX_AWS_CREDENTIALS;
  return {
    name: 'cloudformation',
    async create({ stateDir }) {
      const store = new StackStore(options.accountId ?? '123456789012');
      // Stacks, change sets and events survive a restart of the sandbox.
      const stateFile = new JsonStateFile<unknown>(
        path.join(stateDir, 'stacks.json'),
      );
      const save = () => stateFile.save(() => store.snapshot());
      const operations = new StackOperations(
        store,
        options.stepMs ?? 500,
        save,
      );
      const saved = stateFile.load();
      if (saved !== undefined) {
        try {
          store.restore(saved);
          operations.resume();
        } catch (error) {
          // A state file that does not fit must not stop the sandbox.
          console.error(
            `cloudformation simulator: ignoring the saved state in ${stateFile.file}`,
            error,
          );
          operations.reset();
          store.reset();
        }
      }
      const router = Router();
      router.use((req, res, next) => {
        if (req.method === 'POST') res.once('finish', save);
        next();
      });
      router.use(express.raw({ type: () => true, limit: '1mb' }));
      router.all('/', (req, res) => {
        try {
          if (req.method !== 'POST' && req.method !== 'GET') {
            throw new QueryError(
              'InvalidAction',
              `The ${req.method} method is not supported; send a POST`,
              405,
            );
          }
          const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
          const { region } = verifySigV4(
            {
              method: req.method,
              url: req.originalUrl,
              headers: req.headers,
              body,
            },
            credentials,
            'cloudformation',
          );
          const params = new QueryParams(
            req.method === 'GET'
              ? req.originalUrl.split('?')[1] ?? ''
              : body.toString('utf8'),
          );
          const action = params.get('Action');
          const handler = action !== undefined ? ACTIONS[action] : undefined;
          if (!handler) {
            throw unknownAction(action);
          }
          if (params.get('Version') !== API_VERSION) {
            throw new QueryError(
              'InvalidParameterValue',
              `Version must be ${API_VERSION}`,
            );
          }
          const result = handler({
            params,
            region,
            store,
            operations,
            eventsPageSize: options.eventsPageSize ?? 100,
          });
          sendResult(res, action!, result);
        } catch (error) {
          if (error instanceof QueryError) {
            sendError(res, error);
            return;
          }
          sendError(
            res,
            new QueryError(
              'InternalFailure',
              `The sandbox failed: ${String(
                (error as Error)?.message ?? error,
              )}`,
              500,
              'Receiver',
            ),
          );
        }
      });
      return {
        handler: router,
        reset() {
          operations.reset();
          store.reset();
          stateFile.clear();
        },
        close() {
          operations.reset();
          stateFile.flush();
        },
      };
    },
  };
}
