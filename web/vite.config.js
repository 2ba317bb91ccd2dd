import { defineConfig } from 'vite';

// `npm run dev` proxies the API to a running `kg serve` (KG_URL, default
// http://127.0.0.1:8099); `npm run build` writes dist/ with relative asset
// paths so `kg serve --web web/dist` can serve it from any prefix.
const api = process.env.KG_URL || 'http://127.0.0.1:8099';

export default defineConfig({
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
  },
  server: {
    proxy: { '/api': api, '/healthz': api },
  },
});
