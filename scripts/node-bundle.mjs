// What every esbuild bundle that runs in Node shares (the CLI, Electron's main, the crash tests'
// children): Node 20, and packages' ES module builds before their `main` — jsonc-parser's UMD main
// requires its parts at run time by relative paths, which no bundle can follow.
export const NODE_BUNDLE = { platform: 'node', target: 'node20', mainFields: ['module', 'main'] };
