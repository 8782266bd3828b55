#!/usr/bin/env node
// Runs the TypeScript CLI through tsx's loader, so there is no build step between a checkout and
// `npx audit-workbench`.
import { register } from 'tsx/esm/api';

// The AWS SDK warns on every S3 call that its releases after January 2027 need Node 22; the
// lockfile pins a release that supports this Node, so the notice is noise in an audit's output.
const emitWarning = process.emitWarning;
process.emitWarning = (warning, ...rest) => {
  if (String(warning).startsWith('NodeVersionSupportWarning')) return;
  return emitWarning.call(process, warning, ...rest);
};

register();
const { main, processIo } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2), processIo);
