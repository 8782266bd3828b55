// Builds the renderer into dist/renderer: one self-contained folder (Monaco and its worker, the
// DuckDB wasm and worker, fonts) that the browser shell serves and the Electron package loads.
// Relative asset paths, because Electron loads it from its own app protocol.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('./renderer', import.meta.url)),
  base: './',
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 8000,
    // Files are served locally: inlining saves nothing, and the CSP forbids data: scripts.
    assetsInlineLimit: 0,
    sourcemap: false,
    rollupOptions: {
      // zod's sources carry comments Rollup cannot place; they only cost a warning per build.
      onwarn(warning, warn) {
        if (warning.code !== 'INVALID_ANNOTATION') warn(warning);
      },
    },
  },
  worker: { format: 'es' },
  logLevel: 'warn',
});
