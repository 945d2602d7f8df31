import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { webPages } from './web-pages.js';

const root = mkdtempSync(join(tmpdir(), 'cairn-web-pages-'));
writeFileSync(join(root, 'index.html'), '<html><head><title>Cairn</title></head><body>shell</body></html>');
writeFileSync(join(root, 'sign-in.html'), '<html><head></head><body>sign in</body></html>');

async function get(url: string, signedIn: boolean) {
  const app = Fastify();
  const pages = webPages(root)!;
  app.get('/*', (req, reply) => {
    const [path, query] = req.url.split('?') as [string, string | undefined];
    return pages.send(req, reply, path, query, signedIn);
  });
  const res = await app.inject({ method: 'GET', url });
  await app.close();
  return res;
}

describe('the web UI’s pages', () => {
  it('names the API answers a signed-in person’s page asks for first as preloads', async () => {
    const res = await get('/programmes/pbsa/partnerships?q=a%22b', true);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-cache');
    const links = [...res.body.matchAll(/<link rel="preload" href="([^"]+)" as="fetch" crossorigin="anonymous" \/>/g)].map((m) => m[1]);
    expect(links).toEqual([
      '/api/v1/programmes/pbsa',
      '/api/v1/programmes/pbsa/places?pageSize=200',
      '/api/v1/programmes/pbsa/partnerships?q=a%22b&amp;page=1&amp;pageSize=25',
    ]);
    expect(res.body).toMatch(/<\/head><body>shell/);
  });

  it('preloads nothing for someone not signed in, or on a page that asks for nothing first; the sign-in page as made', async () => {
    expect((await get('/programmes/pbsa/partnerships', false)).body).toBe(
      '<html><head><title>Cairn</title></head><body>shell</body></html>',
    );
    expect((await get('/programmes', true)).body).not.toContain('preload');
    expect((await get('/sign-in', false)).body).toContain('sign in');
  });
});
