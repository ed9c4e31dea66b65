import { defineConfig } from 'tsup';

// JavaScript only: the declarations are bundled by rollup.dts.config.mjs (see there why).
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  target: 'es2022',
  platform: 'neutral',
  external: ['@trpc/client', '@trpc/server', 'eventsource'],
  dts: false,
  // Overwrite in place: other packages may read dist while the packaging test rebuilds it.
  clean: false,
});
