import type { Plugin } from 'esbuild';

/** Shared esbuild options of the bundles that run in Node (see node-bundle.mjs). */
export declare const NODE_BUNDLE: { platform: 'node'; target: string; mainFields: string[]; plugins: Plugin[] };
