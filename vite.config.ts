import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The renderer is built once and served both by Electron (file://) and by the local web host.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    chunkSizeWarningLimit: 4000,
  },
});
