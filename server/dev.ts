// `npm run dev`: the server in watch mode on :3001 and Vite's dev server on :3000 proxying to it.
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const apiPort = process.env.LUOT_API_PORT ?? '3001';
const env = { ...process.env, LUOT_API_PORT: apiPort };
const children = [
  spawn(process.execPath, ['--import', 'tsx', '--watch', join(root, 'server/main.ts')], { cwd: root, stdio: 'inherit', env: { ...env, PORT: apiPort } }),
  spawn(process.execPath, [join(root, 'node_modules/vite/bin/vite.js')], { cwd: root, stdio: 'inherit', env }),
];
const stop = () => {
  for (const c of children) c.kill('SIGTERM');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const c of children) c.on('exit', stop);
