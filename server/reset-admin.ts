// Recovery for a lost admin password: run with the server stopped (one writer per config file).
// LUOT_ADMIN_PASSWORD='…' node --import tsx server/reset-admin.ts
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { hashPassword } from './auth.js';
import { ConfigStore } from './store/config.js';

const password = process.env.LUOT_ADMIN_PASSWORD;
if (!password || password.length < 8) {
  console.error('Đặt LUOT_ADMIN_PASSWORD (ít nhất 8 ký tự) / set LUOT_ADMIN_PASSWORD (8+ characters)');
  process.exit(2);
}
const dir = resolve(process.env.LUOT_DATA_DIR ?? './data');
const opened = await ConfigStore.open(dir, () => Promise.reject(new Error('empty'))).catch(() => null);
if (!opened) {
  console.error(`Không có config.json trong ${dir} / no config.json in ${dir}: start the server once instead`);
  process.exit(1);
}
const { store } = opened;
const hash = await hashPassword(password);
await store.update((d) => {
  const admin = d.users.find((u) => u.username === 'admin');
  // Enabled again too: recovery must give back a working admin whatever was set before.
  if (admin) Object.assign(admin, { hash, role: 'admin', mustChangePassword: false, disabled: false });
  else d.users.push({ id: randomUUID(), username: 'admin', name: 'Quản trị viên', role: 'admin', hash, mustChangePassword: false });
});
console.log(`Đã đặt lại mật khẩu của "admin" trong ${dir} / admin password reset`);
