// Recovery for a lost admin password: run with the server stopped (one writer per data folder).
// LUOT_ADMIN_PASSWORD='…' node --import tsx server/reset-admin.ts
// The account is the province admin (accounts belong to the deployment: deployment.json; a data
// folder of one office not yet upgraded is upgraded first).
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pino } from 'pino';
import { hashPassword } from './auth.js';
import { openFileDeployment } from './store/deployment.js';

const password = process.env.LUOT_ADMIN_PASSWORD;
if (!password || password.length < 8) {
  console.error('Đặt LUOT_ADMIN_PASSWORD (ít nhất 8 ký tự) / set LUOT_ADMIN_PASSWORD (8+ characters)');
  process.exit(2);
}
const dir = resolve(process.env.LUOT_DATA_DIR ?? './data');
if (!existsSync(join(dir, 'config.json'))) {
  console.error(`Không có config.json trong ${dir} / no config.json in ${dir}: start the server once instead`);
  process.exit(1);
}
const { store } = await openFileDeployment(dir, () => Promise.reject(new Error('empty')), pino({ level: 'warn' }));
const hash = await hashPassword(password);
await store.deployment.update((d) => {
  const admin = d.users.find((u) => u.username === 'admin');
  // Enabled again too, and province-wide: recovery must give back a working admin whatever was set before.
  if (admin) Object.assign(admin, { hash, role: 'admin', mustChangePassword: false, disabled: false, officeId: null });
  else d.users.push({ id: randomUUID(), username: 'admin', name: 'Quản trị viên', role: 'admin', hash, mustChangePassword: false, officeId: null });
});
await store.close();
console.log(`Đã đặt lại mật khẩu của "admin" trong ${dir} / admin password reset`);
