#!/usr/bin/env node
// Runs the TypeScript CLI through tsx's loader, so there is no build step between a checkout and
// `npx audit-workbench`.
import { register } from 'tsx/esm/api';

register();
const { main, processIo } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2), processIo);
