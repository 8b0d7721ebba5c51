// Composition root: environment → running server, URLs printed, clean shutdown on signals.
import { resolve } from 'node:path';
import { pino } from 'pino';
import { ROOT } from './root.js';
import { lanAddress, startServer } from './server.js';

const env = process.env;
const log = pino({ level: env.LOG_LEVEL ?? 'info' });

async function main(): Promise<void> {
  const startAt = performance.now();
  const server = await startServer({
    dataDir: resolve(env.LUOT_DATA_DIR ?? './data'),
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? '0.0.0.0',
    demo: env.LUOT_DEMO !== '0',
    demoOffices: Number(env.LUOT_DEMO_OFFICES ?? 1) || 1,
    adminPassword: env.LUOT_ADMIN_PASSWORD || undefined,
    printer: env.LUOT_PRINTER || undefined,
    staticDir: resolve(ROOT, 'dist'),
    log,
  });
  // How long a start takes (performance.now() counts from the process's start): the restart bench reads it.
  log.info({ port: server.port, startServerMs: Math.round(performance.now() - startAt), sinceProcessStartMs: Math.round(performance.now()) }, 'serving');

  const base = `http://${env.HOST && env.HOST !== '0.0.0.0' ? env.HOST : lanAddress()}:${server.port}`;
  const lines = [
    '',
    `Lượt đang chạy — ${server.office.settings.officeName.vi}`,
    `  Lắp đặt / Setup             ${base}/`,
    `  Ki-ốt lấy số / Kiosk        ${base}/kiosk/`,
    `  Màn hình gọi số / Display   ${base}/display/`,
    `  Quầy (cán bộ) / Counter     ${base}/counter/`,
    `  Trên máy này / This PC      http://localhost:${server.port}/`,
  ];
  if (server.generatedPassword) {
    lines.push('', `  Tài khoản quản trị / Admin login: admin / ${server.generatedPassword}`, '  (chỉ hiện một lần — đổi mật khẩu khi đăng nhập lần đầu / shown once: change it at first login)');
  }
  process.stdout.write(lines.join('\n') + '\n\n');

  let stopping = false;
  async function stop(signal: string) {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping: flushing the journal');
    const force = setTimeout(() => process.exit(1), 5000);
    force.unref();
    await server.close().catch((e) => log.error({ err: e }, 'shutdown error'));
    process.exit(0);
  }
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

// Not a top-level await: the production build is CommonJS (scripts/build-server.ts says why).
main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
