// Three processes over one database, six counters racing for the same queues (test/cluster/race.ts).
// 150 calls here; the long suite runs 10,000 (test/reliability/long/cluster-race.long.ts).
import { describe, it } from 'vitest';
import { clusterRace } from './race.js';

const CALLS = Number(process.env.LUOT_CLUSTER_RACE_CALLS ?? 150);

describe(`three processes, six racing counters, ${CALLS} calls`, () => {
  it('no ticket called twice, none skipped, no number reused, every display gets every call once and in order', async () => {
    await clusterRace(CALLS);
  }, 180_000);
});
