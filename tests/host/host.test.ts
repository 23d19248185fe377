import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, TEST_PASSWORD, type TestApp } from '../helpers/app';
import { createHost, CSP, type Host } from './server';
import { METHOD_NAMES } from '../../src-shared/contract';
import type { RpcResult } from '../../src-shared/rpc/errors';
import type { FileInfo } from '../../src-shared/files/files.contract';

let t: TestApp;
let host: Host;
let staticDir: string;

beforeAll(async () => {
  t = await makeTestApp();
  staticDir = mkdtempSync(join(tmpdir(), 'bd-host-static-'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>BrokerDesk</title>');
  writeFileSync(join(staticDir, 'app.js'), 'export {};');
  host = await createHost({ app: t.app, staticDir });
});

afterAll(async () => {
  await host?.close();
  t?.close();
  rmSync(staticDir, { recursive: true, force: true });
});

/** A browser-like client: keeps the cookie the host issues and sends our own Origin. */
class Client {
  cookie = '';
  constructor(readonly origin: string = host.url) {}
  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookie) headers.set('cookie', this.cookie);
    if (this.origin) headers.set('origin', this.origin);
    const res = await fetch(host.url + path, { ...init, headers });
    const set = res.headers.get('set-cookie');
    if (set) this.cookie = set.split(';')[0]!;
    return res;
  }
  async rpc(method: string, input: unknown = {}): Promise<RpcResult<unknown>> {
    const res = await this.fetch('/rpc', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ method, input }) });
    expect(res.status).toBe(200);
    return (await res.json()) as RpcResult<unknown>;
  }
  async ok(method: string, input: unknown = {}): Promise<unknown> {
    const r = await this.rpc(method, input);
    if (!r.ok) throw new Error(`${method}: ${r.error.code}`);
    return r.value;
  }
}

const errorCode = (r: RpcResult<unknown>) => (r.ok ? 'ok' : r.error.code);

describe('test host', () => {
  it('serves exactly the contract: every method reaches dispatch, an unknown one is UNKNOWN_METHOD', async () => {
    const c = new Client();
    for (const m of METHOD_NAMES) {
      // No session and empty input: each answers with its own refusal, never UNKNOWN_METHOD.
      expect(errorCode(await c.rpc(m, {})), m).not.toBe('UNKNOWN_METHOD');
    }
    expect(errorCode(await c.rpc('users.dropEverything', {}))).toBe('UNKNOWN_METHOD');
    expect(errorCode(await c.rpc('__proto__', {}))).toBe('UNKNOWN_METHOD');
    expect(errorCode(await c.rpc('constructor', {}))).toBe('UNKNOWN_METHOD');
  });

  it('has no per-method route or logic: its source names no contract method', () => {
    const src = readFileSync(join(import.meta.dirname, 'server.ts'), 'utf8');
    for (const m of METHOD_NAMES) expect(src.includes(m), m).toBe(false);
    expect(src).not.toMatch(/src-shared\/contract/);
    expect(src.match(/dispatch\(/g)).toHaveLength(1);
  });

  it('issues an HttpOnly, SameSite=Strict client cookie once', async () => {
    const res = await fetch(`${host.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(CSP);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^bd_client=[A-Za-z0-9_-]{32}; HttpOnly; SameSite=Strict; Path=\/$/);
    const again = await fetch(`${host.url}/app.js`, { headers: { cookie: cookie.split(';')[0]! } });
    expect(again.headers.get('set-cookie')).toBeNull();
    expect(again.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it("one client's login does not authenticate another", async () => {
    const a = new Client();
    const b = new Client();
    await a.ok('auth.login', { login: 'am1', password: TEST_PASSWORD });
    await b.fetch('/');
    expect(a.cookie).not.toBe(b.cookie);
    const sa = (await a.ok('auth.status')) as { session: { user: { login: string } } | null };
    const sb = (await b.ok('auth.status')) as { session: unknown };
    expect(sa.session?.user.login).toBe('am1');
    expect(sb.session).toBeNull();
    expect(errorCode(await b.rpc('customers.list', {}))).toBe('UNAUTHENTICATED');
    expect(errorCode(await a.rpc('customers.list', {}))).toBe('ok');
  });

  it('refuses a cross-origin POST before it reaches dispatch', async () => {
    const evil = new Client('http://evil.example');
    const res = await evil.fetch('/rpc', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ method: 'auth.login', input: { login: 'am1', password: TEST_PASSWORD } }) });
    expect(res.status).toBe(403);
    // Same cookie, own origin: still signed out, so the refused call did nothing.
    const same = new Client();
    same.cookie = evil.cookie;
    const s = (await same.ok('auth.status')) as { session: unknown };
    expect(s.session).toBeNull();
    const upload = await evil.fetch('/files?name=x.txt', { method: 'POST', body: 'x' });
    expect(upload.status).toBe(403);
  });

  it('answers 404 for unknown paths, 405 for GET /rpc, 413 for an oversized body, 400 for bad JSON', async () => {
    const c = new Client();
    expect((await c.fetch('/nope')).status).toBe(404);
    expect((await c.fetch('/../../etc/passwd')).status).toBe(404);
    expect((await c.fetch('/%2e%2e/%2e%2e/etc/passwd')).status).toBe(404);
    expect((await c.fetch('/rpc')).status).toBe(405);
    expect((await c.fetch('/api/users', { method: 'POST', body: '{}' })).status).toBe(404);
    const big = JSON.stringify({ method: 'auth.status', input: { pad: 'x'.repeat(1024 * 1024 + 10) } });
    expect((await c.fetch('/rpc', { method: 'POST', headers: { 'content-type': 'application/json' }, body: big })).status).toBe(413);
    expect((await c.fetch('/rpc', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{not json' })).status).toBe(400);
  });

  it('an upload becomes a read handle that only its own client can use', async () => {
    const a = new Client();
    const b = new Client();
    await a.ok('auth.login', { login: 'op1', password: TEST_PASSWORD });
    await b.ok('auth.login', { login: 'bm1', password: TEST_PASSWORD });
    const res = await a.fetch(`/files?name=${encodeURIComponent('客户 导入.xlsx')}`, { method: 'POST', body: 'PK fake workbook' });
    expect(res.status).toBe(200);
    const info = (await res.json()) as FileInfo;
    expect(info).toEqual({ handle: expect.stringMatching(/^fh_[A-Za-z0-9_-]{22}$/), name: '客户 导入.xlsx', size: 16, mode: 'read' });
    expect(await a.ok('files.stat', { handle: info.handle })).toEqual(info);
    const other = await b.rpc('files.stat', { handle: info.handle });
    expect(other.ok ? 'ok' : other.error.message).toBe('error.files.unknownHandle');
    // A read handle is not a download.
    expect((await a.fetch(`/files/${info.handle}`)).status).toBe(403);
  });

  it("a write handle downloads as an attachment, to its own client only", async () => {
    const a = new Client();
    const b = new Client();
    await a.fetch('/');
    await b.fetch('/');
    const dir = mkdtempSync(join(tmpdir(), 'bd-host-dl-'));
    const path = join(dir, 'export.csv');
    writeFileSync(path, 'a,b\n1,2\n');
    const clientId = a.cookie.split('=')[1]!;
    const info = t.app.files.issue(clientId, path, 'write', '客户导出.csv');
    const res = await a.fetch(`/files/${info.handle}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename*=UTF-8''${encodeURIComponent('客户导出.csv')}`);
    expect(await res.text()).toBe('a,b\n1,2\n');
    expect((await b.fetch(`/files/${info.handle}`)).status).toBe(404);
    rmSync(dir, { recursive: true, force: true });
  });

  it("streams a client's events to that client only", async () => {
    const a = new Client();
    const b = new Client();
    await a.ok('auth.login', { login: 'cs1', password: TEST_PASSWORD });
    await b.ok('auth.login', { login: 'comp1', password: TEST_PASSWORD });
    const read = async (c: Client, ms: number) => {
      const ctrl = new AbortController();
      const res = await c.fetch('/events', { signal: ctrl.signal });
      expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
      const reader = res.body!.getReader();
      let text = '';
      const timer = setTimeout(() => ctrl.abort(), ms);
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          text += new TextDecoder().decode(value);
          if (text.includes('event: session.locked')) break;
        }
      } catch {
        // aborted: the time is up
      }
      clearTimeout(timer);
      ctrl.abort();
      return text;
    };
    const pa = read(a, 3000);
    const pb = read(b, 800);
    await new Promise((r) => setTimeout(r, 100));
    await a.ok('auth.lock', { reason: 'user' });
    expect(await pa).toContain('event: session.locked\ndata: {"reason":"user"}\n\n');
    expect(await pb).not.toContain('session.locked');
  });
});
