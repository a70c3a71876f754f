export {};
// `npm run bench -- <name> [args]`: each benchmark prints its figures, its goal and its baseline.
const BENCHES: Record<string, () => Promise<{ main(args: string[]): Promise<void> }>> = {
  api: () => import('./api'),
  import: () => import('./import'),
  reconcile: () => import('./reconcile'),
  seed: () => import('./seed'),
};

async function run(): Promise<void> {
  const [name, ...args] = process.argv.slice(2);
  const load = name ? BENCHES[name] : undefined;
  if (!load) {
    console.error(`usage: npm run bench -- <${Object.keys(BENCHES).join('|')}> [args]`);
    process.exit(2);
  }
  await (await load()).main(args);
}

await run();
