import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

import react from '@vitejs/plugin-react';
import { viteStaticCopy } from 'vite-plugin-static-copy';
import { defineConfig } from 'vitest/config';

// The emoji picker's data (Emojibase) is served by Fadmann itself, never from a CDN.
const emojibase = dirname(createRequire(import.meta.url).resolve('emojibase-data/package.json'));

// The dev server forwards the API and the sockets to a locally running Fadmann server.
const apiTarget = process.env.FADMANN_API ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [
    react(),
    viteStaticCopy({
      targets: [
        {
          src: ['data.json', 'messages.json'].map((file) => `${emojibase}/en/${file}`),
          dest: 'emojibase/en',
        },
      ],
    }),
  ],
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
