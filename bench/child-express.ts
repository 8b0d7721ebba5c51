// The restart bench's baseline: a bare express 5 app, one route, in its own process, loaded the
// same way as the Lượt child (node --import tsx). Prints `READY {"port":…}` once listening.
import type { AddressInfo } from 'node:net';
import express from 'express';

const startedAt = performance.now();
const app = express();
app.get('/', (_req, res) => {
  res.send('ok');
});
const server = app.listen(0, '127.0.0.1', () => {
  const port = (server.address() as AddressInfo).port;
  console.log(`READY ${JSON.stringify({ port, readyMs: performance.now() - startedAt, startServerMs: null })}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
process.on('disconnect', () => process.exit(0));
