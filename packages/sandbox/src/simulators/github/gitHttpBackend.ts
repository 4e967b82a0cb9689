import { spawn } from 'node:child_process';
import { Request, Response } from 'express';

/**
 * Serves git's smart-HTTP protocol by running `git http-backend` as a CGI
 * program, as GitHub (and any Apache or nginx git server) does: clones,
 * fetches and pushes are real git, against real bare repositories.
 */
export function runGitHttpBackend(
  req: Request,
  res: Response,
  options: {
    /** The directory holding `<owner>/<repo>.git`. */
    projectRoot: string;
    /** e.g. `/acme/orders.git/git-receive-pack`. */
    pathInfo: string;
    /** The authenticated user; git refuses pushes without one. */
    remoteUser?: string;
  },
): Promise<void> {
  const query = req.originalUrl.includes('?')
    ? req.originalUrl.slice(req.originalUrl.indexOf('?') + 1)
    : '';
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GIT_PROJECT_ROOT: options.projectRoot,
    GIT_HTTP_EXPORT_ALL: '1',
    GATEWAY_INTERFACE: 'CGI/1.1',
    REQUEST_METHOD: req.method,
    PATH_INFO: options.pathInfo,
    QUERY_STRING: query,
    CONTENT_TYPE: req.headers['content-type'] ?? '',
    REMOTE_ADDR: req.socket.remoteAddress ?? '127.0.0.1',
    REMOTE_USER: options.remoteUser ?? '',
  };
  if (req.headers['content-length']) {
    env.CONTENT_LENGTH = req.headers['content-length'];
  }
  // Clients gzip upload-pack requests; http-backend inflates them itself.
  if (req.headers['content-encoding']) {
    env.HTTP_CONTENT_ENCODING = String(req.headers['content-encoding']);
  }
  if (req.headers['git-protocol']) {
    env.GIT_PROTOCOL = String(req.headers['git-protocol']);
  }

  return new Promise(resolve => {
    const child = spawn('git', ['http-backend'], { env });
    let head = Buffer.alloc(0);
    let headersDone = false;
    const stderr: Buffer[] = [];

    child.stderr.on('data', chunk => stderr.push(chunk));
    child.stdout.on('data', (chunk: Buffer) => {
      if (headersDone) {
        res.write(chunk);
        return;
      }
      head = Buffer.concat([head, chunk]);
      // CGI headers end with an empty line (git writes \r\n).
      let end = head.indexOf('\r\n\r\n');
      let separator = 4;
      if (end < 0) {
        end = head.indexOf('\n\n');
        separator = 2;
      }
      if (end < 0) {
        return;
      }
      headersDone = true;
      for (const line of head.subarray(0, end).toString().split(/\r?\n/)) {
        const colon = line.indexOf(':');
        if (colon < 0) continue;
        const name = line.slice(0, colon).trim();
        const value = line.slice(colon + 1).trim();
        if (name.toLowerCase() === 'status') {
          res.status(parseInt(value, 10));
        } else {
          res.setHeader(name, value);
        }
      }
      res.write(head.subarray(end + separator));
    });
    child.on('error', error => {
      if (!res.headersSent) {
        res.status(500).type('text/plain').send(String(error.message));
      }
      resolve();
    });
    child.on('close', code => {
      if (!headersDone && !res.headersSent) {
        res
          .status(500)
          .type('text/plain')
          .send(
            `git http-backend exited with ${code}: ${Buffer.concat(
              stderr,
            ).toString()}`,
          );
      } else {
        res.end();
      }
      resolve();
    });
    req.pipe(child.stdin);
  });
}
