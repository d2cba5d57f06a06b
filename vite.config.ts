import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

// The renderer is built to static files loaded by Electron (file://) and served by browser mode.
export default defineConfig({
  root: fileURLToPath(new URL('./src-renderer', import.meta.url)),
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    // A desktop app loads its bundle from disk once; one ~700 kB file (libphonenumber's metadata, zod, React)
    // is fine, so the web-oriented chunk warning is set above it rather than split for nothing.
    chunkSizeWarningLimit: 1024,
  },
});
