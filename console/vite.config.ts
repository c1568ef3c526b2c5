/// <reference types="vitest/config" />
import { fileURLToPath, URL } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const django = 'http://127.0.0.1:8000';
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  base: '/console/',
  plugins: [react()],
  resolve: {
    alias: {
      '@api': here('../clients/typescript/src'),
      // the browser SDK's source (the console reports its own use); its dependencies come from console/node_modules
      '@telemetry': here('../clients/telemetry/src/index.ts'),
      '@': here('./src'),
    },
    dedupe: ['web-vitals', '@rrweb/record'],
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: django, changeOrigin: false },
      // SSE: no buffering, no timeout on the long-lived response
      '/events': { target: django, changeOrigin: false, timeout: 0, proxyTimeout: 0 },
      '/admin': { target: django, changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    emptyOutDir: true,
    sourcemap: false,
    target: 'es2022',
    rollupOptions: {
      output: {
        entryFileNames: 'assets/[name]-[hash].js',
        chunkFileNames: 'assets/[name]-[hash].js',
        assetFileNames: 'assets/[name]-[hash][extname]',
      },
    },
  },
  test: {
    environment: 'jsdom',
    globals: true,
    setupFiles: ['./src/test/setup.ts'],
    css: false,
    // A shared 2-core machine: typing tests take seconds under load.
    testTimeout: 20_000,
    include: ['src/**/*.test.{ts,tsx}'],
  },
});
