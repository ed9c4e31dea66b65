import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// In development the console runs on Vite's server and reaches the API through this proxy,
// so the browser only ever talks to one origin (the same as in production, where the API serves dist/).
const apiOrigin = 'http://127.0.0.1:3000';
const proxiedPaths = ['/trpc', '/exports', '/health', '/ready', '/csp-report'];

export default defineConfig({
  plugins: [react()],
  server: {
    host: '127.0.0.1',
    port: 5173,
    strictPort: true,
    proxy: Object.fromEntries(proxiedPaths.map((path) => [path, { target: apiOrigin }])),
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
  },
});
