import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { Answer, Witness } from './witness';

/**
 * The witness's HTTP door (c2sp.org/tlog-witness): POST /add-checkpoint and
 * GET /<sha256 hex of origin>/checkpoint, on the same prefix. Nothing else is
 * served; there is no authentication beyond the log's signature on the checkpoint.
 */

/** 63 proof lines, a checkpoint and up to 64 signature lines come to well under this; more is not a request. */
export const MAX_BODY_BYTES = 64 * 1024;

const MONITORING_PATH = /^\/([0-9a-f]{64})\/checkpoint$/;

export function witnessServer(witness: Witness): Server {
  const server = createServer((request, response) => {
    route(witness, request, response).catch((error: unknown) => {
      // A failed fsync or a full disk: the checkpoint is not cosigned, and the caller is told so.
      process.stderr.write(`witness: ${(error as Error).stack ?? String(error)}\n`);
      if (!response.headersSent) send(response, { status: 500, contentType: 'text/plain; charset=utf-8', body: 'the witness could not record the checkpoint; nothing was cosigned\n' });
      else response.destroy();
    });
  });
  // Keep-alive as the specification recommends, but no slow client holds a socket for ever.
  server.keepAliveTimeout = 30_000;
  server.requestTimeout = 15_000;
  server.headersTimeout = 10_000;
  return server;
}

async function route(witness: Witness, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const path = new URL(request.url ?? '/', 'http://witness').pathname;
  if (path === '/add-checkpoint') {
    if (request.method !== 'POST') return send(response, methodNotAllowed('POST'));
    const body = await readBody(request);
    if (body === 'too-big') {
      send(response, { status: 413, contentType: 'text/plain; charset=utf-8', body: `an add-checkpoint request is at most ${MAX_BODY_BYTES} bytes\n` });
      return;
    }
    if (body === 'not-utf8') return send(response, { status: 400, contentType: 'text/plain; charset=utf-8', body: 'the request body must be UTF-8 text\n' });
    return send(response, witness.addCheckpoint(body));
  }
  const monitoring = MONITORING_PATH.exec(path);
  if (monitoring) {
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(response, methodNotAllowed('GET'));
    return send(response, witness.checkpointByOriginHash(monitoring[1]));
  }
  send(response, { status: 404, contentType: 'text/plain; charset=utf-8', body: 'a witness answers POST /add-checkpoint and GET /<sha256 hex of origin>/checkpoint\n' });
}

function readBody(request: IncomingMessage): Promise<string | 'too-big' | 'not-utf8'> {
  return new Promise((resolve, reject) => {
    if (Number(request.headers['content-length'] ?? 0) > MAX_BODY_BYTES) {
      request.resume();
      resolve('too-big');
      return;
    }
    const chunks: Buffer[] = [];
    let length = 0;
    let over = false;
    request.on('data', (chunk: Buffer) => {
      length += chunk.length;
      if (length > MAX_BODY_BYTES) over = true;
      else chunks.push(chunk);
    });
    request.on('end', () => {
      if (over) return resolve('too-big');
      try {
        resolve(new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks)));
      } catch {
        resolve('not-utf8');
      }
    });
    request.on('error', reject);
  });
}

function methodNotAllowed(allowed: string): Answer {
  return { status: 405, contentType: 'text/plain; charset=utf-8', body: `only ${allowed} here\n` };
}

function send(response: ServerResponse, answer: Answer): void {
  response.writeHead(answer.status, { 'content-type': answer.contentType, 'content-length': Buffer.byteLength(answer.body), 'cache-control': 'no-store' });
  response.end(answer.body);
}
