// Source files find data beside them with `new URL('../x', import.meta.url)` (the bundled audit
// templates, the demo workbook). In a bundle each module's import.meta.url becomes the URL its
// source file has in the checkout or the app folder (<root>/node/templates.ts …), so those paths
// resolve in the bundle as they do from source. The code paths that name TypeScript (the worker
// threads) are relocated to their bundled JavaScript; the build fails if that code moves.
import { readFile } from 'node:fs/promises';
import { dirname, relative, sep } from 'node:path';

/** Source edits for the bundle: [file, exact text, replacement]; each must match exactly once. */
const RELOCATIONS = [
  ['node/evidence/runs-ingest.ts', "new URL('./runs-ingest-worker.ts', import.meta.url)", "new URL(__awBundleUrl('runs-ingest-worker'))"],
  ['node/evidence/paged-capture.ts', "new URL('./page-worker.ts', import.meta.url)", "new URL(__awBundleUrl('page-worker'))"],
];

/**
 * An esbuild plugin: `import.meta.url` of each source file becomes `__awSourceUrl("<path from the
 * root>")`, and the relocations are applied. The bundle's banner defines `__awSourceUrl` (the URL
 * the source file has beside the bundle) and `__awBundleUrl` (a file of the bundle, with the
 * bundle's extension).
 */
export function sourceUrls(root) {
  return {
    name: 'source-urls',
    setup(b) {
      b.onLoad({ filter: /\.(ts|mts|js|mjs)$/ }, async (args) => {
        if (args.path.split(sep).includes('node_modules')) return undefined;
        const rel = relative(root, args.path).split(sep).join('/');
        const original = await readFile(args.path, 'utf8');
        let text = original;
        for (const [file, from, to] of RELOCATIONS) {
          if (file !== rel) continue;
          if (text.split(from).length !== 2)
            throw new Error(`bundle: expected "${from}" once in ${file}; update RELOCATIONS in scripts/source-urls.mjs`);
          text = text.replace(from, to);
        }
        text = text.replaceAll('import.meta.url', `__awSourceUrl(${JSON.stringify(rel)})`);
        if (text === original) return undefined;
        return { contents: text, loader: args.path.endsWith('ts') ? 'ts' : 'js', resolveDir: dirname(args.path) };
      });
    },
  };
}
