// Builds the web app when its sources are newer than the last build, so `npm start` on a fresh
// clone serves the UI and later starts do not pay for a rebuild.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const web = 'packages/web';
const stamp = join(web, 'dist', 'index.html');
const sources = [
  join(web, 'src'),
  join(web, 'index.html'),
  join(web, 'vite.config.ts'),
  'packages/shared/src',
];

function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newest(join(path, name))), stat.mtimeMs);
}

const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
if (built > Math.max(...sources.map(newest))) process.exit(0);
console.log('正在构建网页 / building the web app…');
const result = spawnSync('npm', ['run', 'build', '-w', '@baoxue/web'], { stdio: 'inherit' });
process.exit(result.status ?? 1);
