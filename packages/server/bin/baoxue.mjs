#!/usr/bin/env -S node --max-semi-space-size=64
// The `baoxue` command: runs the TypeScript sources through tsx, so there is no build step.
// A young generation of 64 MB (V8's default is 16): a reconciliation or an import makes
// millions of short-lived cells and rows, and with the default most of them were copied
// by the collector before they died — at a million children 10–15 % of the CPU time.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli.ts');
const code = await main(process.argv.slice(2));
if (code !== 0 || process.argv[2] !== 'serve') process.exit(code);
