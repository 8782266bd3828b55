// What every esbuild bundle that runs in Node shares (the CLI, Electron's main, the crash tests'
// children): Node 20, and packages' ES module builds before their `main` — jsonc-parser's UMD main
// requires its parts at run time by relative paths, which no bundle can follow.
import { fileURLToPath } from 'node:url';

/** core/sha256.ts (pure TypeScript, for the renderer and tests) becomes node/sha256.ts (OpenSSL). */
const opensslSha256 = {
  name: 'openssl-sha256',
  setup(build) {
    const nodeSha256 = fileURLToPath(new URL('../node/sha256.ts', import.meta.url));
    build.onResolve({ filter: /^\.\/sha256$/ }, (args) =>
      /[\\/]core[\\/]hash\.ts$/.test(args.importer) ? { path: nodeSha256 } : undefined,
    );
  },
};

export const NODE_BUNDLE = {
  platform: 'node',
  target: 'node20',
  mainFields: ['module', 'main'],
  plugins: [opensslSha256],
};
