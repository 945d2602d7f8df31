import type { LightMyRequestResponse } from 'fastify';
import { loadConfig } from '../../src/config.js';
import type { Database } from '../../src/db/database.js';
import type { App } from '../../src/http/app-type.js';
import { buildApp } from '../../src/http/app.js';
import { systemActor } from '../../src/modules/audit/audit.js';
import { createUser } from '../../src/modules/accounts/service.js';
import { freshDatabase } from './database.js';
import { closeWhenFileEnds } from './file-end.js';

export const TEST_PASSWORD = 'correct horse battery';

/** A browser-like client over fastify.inject: it keeps cookies and sends the CSRF token on writes. */
export class Client {
  private cookies = new Map<string, string>();
  private csrf: string | undefined;

  constructor(readonly app: App) {}

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keepCookies(res: LightMyRequestResponse) {
    for (const c of res.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      const gone = c.value === '' || (c.expires && c.expires.getTime() < Date.now());
      if (gone) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
  }

  async request(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: unknown, headers: Record<string, string> = {}) {
    if (method !== 'GET' && !this.csrf) await this.refreshCsrf();
    const payload = body === undefined ? undefined : typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
    const res = await this.app.inject({
      method,
      url,
      payload,
      headers: {
        cookie: this.cookieHeader(),
        ...(payload !== undefined && !headers['content-type'] ? { 'content-type': 'application/json' } : {}),
        ...(method !== 'GET' && this.csrf ? { 'x-csrf-token': this.csrf } : {}),
        ...headers,
      },
    });
    this.keepCookies(res);
    return res;
  }

  async refreshCsrf() {
    const res = await this.app.inject({ method: 'GET', url: '/api/v1/auth/session', headers: { cookie: this.cookieHeader() } });
    this.keepCookies(res);
    this.csrf = (res.json() as { csrfToken: string }).csrfToken;
  }

  get = (url: string) => this.request('GET', url);
  post = (url: string, body?: unknown) => this.request('POST', url, body ?? {});
  put = (url: string, body?: unknown) => this.request('PUT', url, body ?? {});
  patch = (url: string, body?: unknown) => this.request('PATCH', url, body ?? {});
  delete = (url: string) => this.request('DELETE', url);

  async login(email: string, password = TEST_PASSWORD) {
    const res = await this.post('/api/v1/auth/login', { email, password });
    if (res.statusCode !== 200) throw new Error(`login failed for ${email}: ${res.statusCode} ${res.body}`);
    await this.refreshCsrf();
    return this;
  }
}

export interface TestContext {
  app: App;
  database: Database;
  /** A new anonymous client. */
  anonymous(): Client;
  /** A new client signed in as the user with this email. */
  as(email: string): Promise<Client>;
  /** Makes an account with TEST_PASSWORD. */
  makeUser(email: string, opts?: { isAdmin?: boolean; name?: string }): Promise<{ id: string; email: string }>;
}

/** One app over one fresh database for a test file; closed after the file's tests. */
export async function startTestApp(): Promise<TestContext> {
  const database = await freshDatabase();
  const config = loadConfig({}, { loginAttemptsPer15Min: 1000, loginAttemptsPerAddressPer15Min: 1000, publicUrl: 'http://cairn.test' });
  const app = await buildApp({ database, config });
  await app.ready();
  closeWhenFileEnds(async () => {
    await app.close();
    await database.close();
  });
  return {
    app,
    database,
    anonymous: () => new Client(app),
    as: (email) => new Client(app).login(email),
    makeUser: (email, opts = {}) =>
      createUser(database.db, systemActor('test'), {
        email,
        name: opts.name ?? email.split('@')[0]!,
        password: TEST_PASSWORD,
        isAdmin: opts.isAdmin ?? false,
      }),
  };
}
