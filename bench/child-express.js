// The restart bench's baseline: a bare express 5 app, one route, in its own process — plain
// JavaScript run by node, as a minimal express app runs (the Lượt side runs its compiled
// dist-server/ the same way; neither goes through tsx). Prints `READY {"port":…}` once listening.
import express from 'express';

const startedAt = performance.now();
const app = express();
app.get('/', (_req, res) => {
  res.send('ok');
});
const server = app.listen(0, '127.0.0.1', () => {
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  console.log(`READY ${JSON.stringify({ port, readyMs: performance.now() - startedAt, startServerMs: null })}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
process.on('disconnect', () => process.exit(0));
