import { fileURLToPath } from 'node:url';

import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// The dev server forwards the API and the sockets to a locally running Fadmann server.
const apiTarget = process.env.FADMANN_API ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react()],
  // The contract (src/contract) is shared with the server: one definition of every shape.
  resolve: { alias: { '@contract': fileURLToPath(new URL('../src/contract', import.meta.url)) } },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  server: {
    // The Host header is kept, so the server sees the socket's Origin as its own.
    proxy: { '/api': { target: apiTarget, ws: true } },
  },
  test: {
    environment: 'jsdom',
    globals: true,
    setupFiles: ['src/test/setup.ts'],
    restoreMocks: true,
    unstubGlobals: true,
  },
});
