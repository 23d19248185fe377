import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The dev server injects an inline React Refresh preamble and talks to its HMR socket, which
 * the strict CSP in index.html forbids. Relax it for `vite serve` only; the built renderer
 * (Electron, the test host) keeps the strict policy.
 */
const devCsp: Plugin = {
  name: 'brokerdesk-dev-csp',
  apply: 'serve',
  transformIndexHtml: (html) => html.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'").replace("connect-src 'self'", "connect-src 'self' ws: wss:"),
};

/**
 * The renderer bundle. `base: './'` because Electron loads it from file:// (no server root);
 * the test host serves the same files from dist-renderer.
 */
export default defineConfig({
  root: '.',
  base: './',
  plugins: [react(), devCsp],
  build: {
    outDir: 'dist-renderer',
    emptyOutDir: true,
    // Electron's Chromium and Debian's are current: no legacy transforms.
    target: 'chrome120',
    chunkSizeWarningLimit: 2000,
  },
  server: { strictPort: true },
});
