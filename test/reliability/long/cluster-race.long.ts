// Three server processes over one PostgreSQL database, 10,000 racing calls by 6 counters spread
// over the second and third process, kiosks on the first, displays on all three (issue 11).
import { describe, it } from 'vitest';
import { clusterRace } from '../../cluster/race.js';

const CALLS = Number(process.env.LUOT_CLUSTER_RACE_CALLS ?? 10_000);

describe(`three processes, six racing counters, ${CALLS.toLocaleString('en')} calls`, () => {
  it('no ticket called twice, none skipped, no number reused, every display gets every call once and in order', async () => {
    await clusterRace(CALLS);
  }, 1_800_000);
});
