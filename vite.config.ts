import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { type Plugin, createServer, defineConfig } from 'vite';

/**
 * Pages written out as HTML at build time, beside index.html, and served for their address (src/http/app.ts):
 * a phone on a slow connection paints them when the HTML and the stylesheet arrive, not after the JavaScript.
 * Only public pages can be: nobody is signed in at build time.
 */
export const PRERENDERED = [
  { href: '/sign-in', file: 'sign-in.html', title: 'Sign in' },
  // Every other address: the header, "Loading the page…" and the footer, the app's first render while it asks who is signed in.
  { href: '/', file: 'index.html', title: null },
];

/**
 * Each asset of 1 KB or more also as .br (brotli, best quality) and .gz (gzip -9): `cairn serve` sends the one
 * the browser accepts (@fastify/static's preCompressed), without compressing on every request. Brotli makes
 * the first download about a seventh smaller than gzip -6 did.
 */
function precompress(dir: string) {
  for (const name of readdirSync(dir)) {
    if (!/\.(js|css|svg|json)$/.test(name)) continue;
    const bytes = readFileSync(join(dir, name));
    if (bytes.length < 1024) continue;
    writeFileSync(
      join(dir, `${name}.br`),
      brotliCompressSync(bytes, {
        params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
      }),
    );
    writeFileSync(join(dir, `${name}.gz`), gzipSync(bytes, { level: 9 }));
  }
}

function prerenderAndCompress(): Plugin {
  let outDir = '';
  let root = '';
  return {
    name: 'cairn-prerender-and-compress',
    apply: 'build',
    configResolved(config) {
      root = config.root;
      outDir = resolve(config.root, config.build.outDir);
    },
    async closeBundle() {
      // The page's own modules, run in Node through Vite (TSX, CSS imports), rendered by react-dom/server.
      const server = await createServer({
        configFile: false,
        root,
        plugins: [react()],
        logLevel: 'error',
        appType: 'custom',
        server: { middlewareMode: true, hmr: false, ws: false },
        optimizeDeps: { noDiscovery: true, include: [] },
      });
      try {
        const { prerender: render } = (await server.ssrLoadModule('/src/prerender.tsx')) as { prerender: (href: string) => string };
        // The entry's stylesheet goes into the page itself: painting waits for it, and a first visit then
        // needs no second round trip before it can paint (CSP allows inline styles: src/http/app.ts).
        const shell = readFileSync(join(outDir, 'index.html'), 'utf8').replace(
          /<link rel="stylesheet" crossorigin href="\/(assets\/[^"]+\.css)">/,
          (_link, file: string) => `<style>${readFileSync(join(outDir, file), 'utf8').replaceAll('</', '<\\/')}</style>`,
        );
        if (!shell.includes('<style>')) throw new Error('could not find the stylesheet to put into the page');
        for (const page of PRERENDERED) {
          const html = shell
            .replace('<title>Cairn</title>', `<title>${page.title ? `${page.title} – ` : ''}Cairn</title>`)
            .replace('<div id="root"></div>', `<div id="root" data-prerendered="${page.href}">${render(page.href)}</div>`);
          if (!html.includes('data-prerendered')) throw new Error(`could not prerender ${page.href}`);
          writeFileSync(join(outDir, page.file), html);
        }
      } finally {
        await server.close();
      }
      precompress(join(outDir, 'assets'));
    },
  };
}

export default defineConfig({
  root: 'web',
  plugins: [react(), prerenderAndCompress()],
  // The prerender and the compression above take seconds by design; rolldown need not warn about it.
  build: { outDir: '../dist/web', emptyOutDir: true, sourcemap: false, rolldownOptions: { checks: { pluginTimings: false } } },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
