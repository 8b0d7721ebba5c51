// A real server serving the built apps and one Chromium page on it, watched for errors: the
// set-up most browser tests start from.
import type { Browser, Page } from 'playwright-core';
import { distDir, ensureBuilt, launch, watchErrors } from './browser.js';
import type { ServerOptions } from '../../server/server.js';
import { startTestServer, type TestServer } from './server.js';

export interface AppSession {
  server: TestServer;
  browser: Browser;
  page: Page;
  errors: string[];
  close(): Promise<void>;
}

export async function openAppSession(
  opts: { viewport?: { width: number; height: number }; server?: Partial<ServerOptions> } = {},
): Promise<AppSession> {
  ensureBuilt();
  const server = await startTestServer({ staticDir: distDir, ...opts.server });
  const browser = await launch();
  const page = await browser.newPage({ viewport: opts.viewport ?? { width: 1366, height: 900 } });
  return {
    server, browser, page, errors: watchErrors(page),
    async close() {
      await browser.close();
      await server.stop();
    },
  };
}
