#!/usr/bin/env node
// Runs the CLI: the bundle in dist/cli/ (built by `npm ci` and `npm test`, scripts/build-cli.mjs)
// while no source it was built from is newer, else the TypeScript sources through tsx's loader — so
// a checkout works without a build step and an edited source is never shadowed by a stale bundle.
import { existsSync, readFileSync, statSync } from 'node:fs';

// The AWS SDK warns on every S3 call that its releases after January 2027 need Node 22; the
// lockfile pins a release that supports this Node, so the notice is noise in an audit's output.
const emitWarning = process.emitWarning;
process.emitWarning = (warning, ...rest) => {
  if (String(warning).startsWith('NodeVersionSupportWarning')) return;
  return emitWarning.call(process, warning, ...rest);
};

function bundleIsFresh() {
  try {
    const { builtAt, inputs } = JSON.parse(readFileSync(new URL('../dist/cli/inputs.json', import.meta.url), 'utf8'));
    const root = new URL('../', import.meta.url);
    return inputs.every((input) => statSync(new URL(input, root)).mtimeMs <= builtAt);
  } catch {
    return false; // no bundle, or a source it was built from is gone
  }
}

// Installed without its sources (the container image, see Dockerfile): the bundle is all there is.
const hasSources = existsSync(new URL('../cli/main.ts', import.meta.url));

let cli;
if (!hasSources || bundleIsFresh()) cli = await import('../dist/cli/main.mjs');
else {
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import('../cli/main.ts');
}
process.exitCode = await cli.main(process.argv.slice(2), cli.processIo);
