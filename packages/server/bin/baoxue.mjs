#!/usr/bin/env node
// The `baoxue` command: runs the TypeScript sources through tsx, so there is no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli.ts');
const code = await main(process.argv.slice(2));
if (code !== 0 || process.argv[2] !== 'serve') process.exit(code);
