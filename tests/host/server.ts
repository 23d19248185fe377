import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createReadStream, createWriteStream, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, extname, join, resolve, sep } from 'node:path';
import { randomBytes } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import type { AddressInfo } from 'node:net';
import type { AppContext } from '../../src-main/ipc/context';
import { dispatch } from '../../src-main/ipc/dispatch';
import { AppError } from '../../src-shared/rpc/errors';
import { CONTENT_SECURITY_POLICY, contentTypeOf } from '../../src-main/window/window-options';

/**
 * The browser's stand-in for Electron's IPC (architecture.md "Testing without the Electron
 * binary"). It owns transport only: one `POST /rpc` that hands `{method, input}` to the same
 * `dispatch` the IPC handler uses, an event stream, and upload/download in place of native
 * file dialogs. There are deliberately no per-method routes and no business logic here, so the
 * HTTP and IPC paths cannot drift (tests/host/host.test.ts checks it).
 */

/** The Electron window's policy and content types: the browser sees what the app sees. */
export const CSP = CONTENT_SECURITY_POLICY;
const RPC_BODY_LIMIT = 1024 * 1024;
const UPLOAD_LIMIT = 200 * 1024 * 1024;
const COOKIE = 'bd_client';


export type Host = { url: string; close(): Promise<void> };

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

function clientIdOf(req: IncomingMessage): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, v] = part.trim().split('=');
    if (k === COOKIE && v && /^[A-Za-z0-9_-]{22,64}$/.test(v)) return v;
  }
  return null;
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw new HttpError(413, 'body too large');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const b = chunk as Buffer;
    size += b.length;
    if (size > limit) throw new HttpError(413, 'body too large');
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const data = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(data) });
  res.end(data);
}

function sendText(res: ServerResponse, status: number, text: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(text);
}

export async function createHost(opts: { app: AppContext; staticDir: string; port?: number; host?: string }): Promise<Host> {
  const { app } = opts;
  const staticRoot = resolve(opts.staticDir);
  // Loopback only: the host speaks for whoever holds a cookie, so it must not face a network.
  const bindHost = opts.host ?? '127.0.0.1';
  if (!['127.0.0.1', '::1', 'localhost'].includes(bindHost)) throw new Error(`the test host binds to loopback only, not ${bindHost}`);
  const uploadDir = mkdtempSync(join(tmpdir(), 'bd-host-uploads-'));
  // The host's file dialogs: there is no native one, so opening is an upload (below) and a save
  // goes to a fresh folder of its own that the page then downloads from `/files/<handle>`.
  if (app.platform.kind === 'node') {
    let saves = 0;
    app.platform = {
      ...app.platform,
      chooseSaveFile: (_clientId, o) => {
        const dir = join(uploadDir, `save-${++saves}`);
        mkdirSync(dir);
        return Promise.resolve(join(dir, basename(o.suggestedName) || 'file'));
      },
    };
  }
  const eventStreams = new Set<ServerResponse>();
  let origin = '';

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin);
    // CSRF: a browser names the page that sent a request; only our own pages may call us.
    const from = req.headers.origin;
    if (from !== undefined && from !== origin) throw new HttpError(403, 'cross-origin request refused');
    if (req.method !== 'GET' && req.method !== 'HEAD' && from === undefined && req.headers['sec-fetch-site'] && req.headers['sec-fetch-site'] !== 'same-origin') {
      throw new HttpError(403, 'cross-site request refused');
    }

    let clientId = clientIdOf(req);
    if (!clientId) {
      clientId = randomBytes(24).toString('base64url');
      res.setHeader('set-cookie', `${COOKIE}=${clientId}; HttpOnly; SameSite=Strict; Path=/`);
    }

    if (url.pathname === '/rpc') {
      if (req.method !== 'POST') throw new HttpError(405, 'POST only');
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) throw new HttpError(415, 'JSON only');
      let msg: unknown;
      try {
        msg = JSON.parse((await readBody(req, RPC_BODY_LIMIT)).toString('utf8'));
      } catch (e) {
        if (e instanceof HttpError) throw e;
        throw new HttpError(400, 'bad JSON');
      }
      if (typeof msg !== 'object' || msg === null || typeof (msg as { method?: unknown }).method !== 'string') throw new HttpError(400, 'expected {method, input}');
      const { method, input } = msg as { method: string; input?: unknown };
      sendJson(res, 200, await dispatch(app, clientId, method, input));
      return;
    }

    if (url.pathname === '/events') {
      if (req.method !== 'GET') throw new HttpError(405, 'GET only');
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write(': connected\n\n');
      eventStreams.add(res);
      const unsubscribe = app.events.subscribe(clientId, (name, payload) => {
        res.write(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`);
      });
      // A comment every 15 s keeps proxies and the browser from timing the stream out.
      const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
      const stop = () => {
        clearInterval(ping);
        unsubscribe();
        eventStreams.delete(res);
      };
      req.on('close', stop);
      res.on('close', stop);
      return;
    }

    if (url.pathname === '/files') {
      if (req.method !== 'POST') throw new HttpError(405, 'POST only');
      const name = basename(url.searchParams.get('name') ?? 'upload').slice(0, 200) || 'upload';
      const declared = Number(req.headers['content-length'] ?? 0);
      if (declared > UPLOAD_LIMIT) throw new HttpError(413, 'file too large');
      const path = join(uploadDir, `${randomBytes(12).toString('hex')}${extname(name).slice(0, 12)}`);
      let size = 0;
      const cap = new Transform({
        transform(chunk: Buffer, _enc, cb) {
          size += chunk.length;
          cb(size > UPLOAD_LIMIT ? new HttpError(413, 'file too large') : null, chunk);
        },
      });
      try {
        await pipeline(req, cap, createWriteStream(path, { mode: 0o600 }));
      } catch (e) {
        rmSync(path, { force: true });
        throw e instanceof HttpError ? e : new HttpError(400, 'upload failed');
      }
      sendJson(res, 200, app.files.issue(clientId, path, 'read', name));
      return;
    }

    const download = /^\/files\/(fh_[A-Za-z0-9_-]{22})$/.exec(url.pathname);
    if (download) {
      if (req.method !== 'GET') throw new HttpError(405, 'GET only');
      let file: { path: string; name: string };
      try {
        file = app.files.resolve(download[1]!, clientId, 'write');
        statSync(file.path);
      } catch (e) {
        if (e instanceof AppError && e.code === 'FORBIDDEN') throw new HttpError(403, 'not a download handle');
        throw new HttpError(404, 'no such file');
      }
      res.writeHead(200, {
        'content-type': 'application/octet-stream',
        'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`,
        'cache-control': 'no-store',
      });
      await pipeline(createReadStream(file.path), res);
      return;
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(404, 'not found');
    serveStatic(url.pathname, req, res);
  }

  function serveStatic(pathname: string, req: IncomingMessage, res: ServerResponse): void {
    let rel: string;
    try {
      rel = decodeURIComponent(pathname);
    } catch {
      throw new HttpError(400, 'bad path');
    }
    if (rel.includes('\0')) throw new HttpError(400, 'bad path');
    if (rel === '/' || rel === '') rel = '/index.html';
    const file = resolve(staticRoot, `.${rel}`);
    if (file !== staticRoot && !file.startsWith(staticRoot + sep)) throw new HttpError(404, 'not found');
    let size: number;
    try {
      const st = statSync(file);
      if (!st.isFile()) throw new Error('not a file');
      size = st.size;
    } catch {
      throw new HttpError(404, 'not found');
    }
    res.writeHead(200, {
      'content-type': contentTypeOf(file),
      'content-length': size,
      'content-security-policy': CSP,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-cache',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(file).pipe(res);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (e instanceof HttpError) sendText(res, e.status, e.message);
      else {
        console.error(`[host] ${req.method} ${req.url?.split('?')[0]} failed: ${e instanceof Error ? e.message : 'unknown error'}`);
        sendText(res, 500, 'internal error');
      }
    });
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port ?? 0, bindHost, () => ok());
  });
  const addr = server.address() as AddressInfo;
  const hostPart = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  origin = `http://${hostPart}:${addr.port}`;

  return {
    url: origin,
    async close() {
      for (const res of eventStreams) res.end();
      eventStreams.clear();
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
      rmSync(uploadDir, { recursive: true, force: true });
    },
  };
}
