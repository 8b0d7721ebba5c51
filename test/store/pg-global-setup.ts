// Global setup of the PostgreSQL run: PostgreSQL must answer (a run that cannot reach it fails,
// it is never skipped), and every database the run made is dropped at its end.
import { randomBytes } from 'node:crypto';
import { dropRunDatabases, pgAvailable } from '../support/pg.js';

export default async function setup(): Promise<() => Promise<void>> {
  if (!(await pgAvailable())) throw new Error('PostgreSQL does not answer on 127.0.0.1:5432 (the PostgreSQL run needs it)');
  const run = randomBytes(4).toString('hex');
  // Read by the workers' test/support/pg.ts.
  process.env.LUOT_TEST_PG_RUN = run;
  return async () => {
    await dropRunDatabases(run);
  };
}
