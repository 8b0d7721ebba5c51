// `node --import tsx scripts/pg-bench.ts [processes]`: the cost of ordering commands through
// PostgreSQL (store/pg/journal.ts). N "processes" (deployments with their own pools and LISTEN
// connections, in this one Node process) on a fresh database: 200 issues one at a time spread
// over them, then 1,000 at once. Prints ms per issue and issues per second.
import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { seedConfig } from '../server/demo.js';
import { Office } from '../server/office.js';
import { openPgDeployment } from '../server/store/pg/deployment.js';
import { tokenSource } from '../server/tokens.js';
import { createTestDatabase } from '../test/support/pg.js';
import { RecordingPrinter } from '../test/support/server.js';

async function main(processes: number): Promise<void> {
  const db = await createTestDatabase();
  try {
    const procs = [];
    for (let i = 0; i < processes; i++) {
      const { store } = await openPgDeployment(db.url, async () => (await seedConfig({ demo: true, adminPassword: 'mat-khau-quan-tri' })).config);
      const office = await Office.open({
        store: await store.openOffice(store.deployment.data.offices[0]!.id),
        printer: new RecordingPrinter(),
        now: () => new Date(),
        newId: () => randomUUID(),
        newToken: tokenSource(),
        baseUrl: 'http://127.0.0.1',
        log: pino({ level: 'silent' }),
      });
      procs.push({ store, office });
    }
    const service = procs[0]!.office.config.services[0]!.id;
    let t = performance.now();
    for (let i = 0; i < 200; i++) await procs[i % processes]!.office.issue({ serviceId: service });
    console.log(`${processes} process(es): one at a time ${((performance.now() - t) / 200).toFixed(1)} ms per issue`);
    t = performance.now();
    await Promise.all(Array.from({ length: 1000 }, (_, i) => procs[i % processes]!.office.issue({ serviceId: service })));
    console.log(`${processes} process(es): 1,000 at once ${(1000 / ((performance.now() - t) / 1000)).toFixed(0)} issues/s`);
    for (const p of procs) {
      await p.office.close();
      await p.store.close();
    }
  } finally {
    await db.drop();
  }
}

void main(Number(process.argv[2] ?? 1));
