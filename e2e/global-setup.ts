import { rmSync } from 'node:fs';
import { openDatabase } from '../packages/server/src/server';
import { TEMPLATE_DIR } from './paths';

// Seeding the demo county takes a while; it is done once per run into a template folder that
// every journey copies, so each journey starts from the same untouched county.
export default async function setup(): Promise<void> {
  rmSync(TEMPLATE_DIR, { recursive: true, force: true });
  const { handle } = await openDatabase(
    {
      databaseUrl: undefined,
      dataDir: TEMPLATE_DIR,
      port: 0,
      host: '127.0.0.1',
      countyCode: '610727',
      https: false,
      trustProxy: false,
      sessionHours: 12,
    },
    { demo: true },
  );
  await handle.close();
}
