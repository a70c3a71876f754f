import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

// Two fixed vendor groups: echarts is only reached from the overview page (and loads after
// it), react and friends change least and are cached apart from app code. antd is left to
// the bundler on purpose: one antd group measured 335 kB gzip, all of it on the login
// page; split by use, the date picker, tree and table arrive only with the pages using them.
const VENDOR_GROUPS: { name: string; test: RegExp; priority: number }[] = [
  { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/, priority: 30 },
  { name: 'react', test: /node_modules[\\/](react|react-dom|react-router|scheduler|@tanstack)[\\/]/, priority: 20 },
];

const NODE_MODULES = /[\\/]node_modules[\\/]/;

const COMPRESSIBLE = /\.(js|css|html|svg|json)$/;
const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

/**
 * Brotli and gzip copies beside each text file of the build, which the server sends to
 * browsers that take them (packages/server/src/plugins/web-app.ts): compressed once here, at
 * the best ratio, rather than per request. Files under 1 kB gain nothing worth a copy.
 */
function precompress(): Plugin {
  return {
    name: 'baoxue-precompress',
    apply: 'build',
    async writeBundle(options, bundle) {
      const dir = options.dir ?? 'dist';
      const files = Object.keys(bundle).filter((name) => COMPRESSIBLE.test(name));
      await Promise.all(
        files.map(async (name) => {
          const path = join(dir, name);
          const content = await readFile(path);
          if (content.length < 1024) return;
          const [br, gz] = await Promise.all([
            brotli(content, { params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY } }),
            gzipped(content, { level: 9 }),
          ]);
          await Promise.all([writeFile(`${path}.br`, br), writeFile(`${path}.gz`, gz)]);
        }),
      );
    },
  };
}

export default defineConfig({
  plugins: [react(), precompress()],
  server: {
    port: 5173,
    proxy: { '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false } },
  },
  preview: {
    proxy: { '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false } },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 900,
    rolldownOptions: {
      // The shared package is a library of declarations, schemas and pure helpers; the web
      // app uses only its enums and a few helpers. Declaring it side-effect free lets the
      // bundler drop the Zod schemas and pinyin-pro the server needs.
      treeshake: {
        // Returning undefined leaves every other module to its package.json `sideEffects`.
        moduleSideEffects: (id: string) =>
          /packages[\\/]shared[\\/]|node_modules[\\/](zod|pinyin-pro)[\\/]/.test(id) ? false : undefined,
      },
      output: {
        codeSplitting: { groups: VENDOR_GROUPS },
        // Shared chunks are named after their first module, which for an antd-heavy chunk
        // can be an app file (feedback.ts); mark the mostly-vendor ones so sizes read right.
        chunkFileNames: (chunk) => {
          const vendor = chunk.moduleIds.filter((id) => NODE_MODULES.test(id)).length;
          const mostlyVendor = !chunk.isDynamicEntry && vendor * 2 > chunk.moduleIds.length;
          return mostlyVendor && !chunk.name.startsWith('vendor') ? 'assets/vendor-[name]-[hash].js' : 'assets/[name]-[hash].js';
        },
      },
    },
  },
});
