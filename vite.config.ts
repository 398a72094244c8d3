import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The renderer is served from files (Electron's app:// protocol) or from
// localhost in browser mode, so every asset path must be relative.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  worker: { format: 'es' },
  build: {
    outDir: '../dist-renderer',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 4000,
  },
  server: { port: 5173, strictPort: false, host: '127.0.0.1' },
  preview: { port: 4173, strictPort: true, host: '127.0.0.1' },
});
