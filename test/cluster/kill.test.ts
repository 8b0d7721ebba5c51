// SIGKILL one of three processes under load, a few rounds (test/cluster/kill.ts); the long
// suite runs 20 rounds (test/reliability/long/cluster-kill.long.ts).
import { describe, it } from 'vitest';
import { clusterKillRounds } from './kill.js';

const ROUNDS = Number(process.env.LUOT_CLUSTER_KILL_ROUNDS ?? 3);

describe(`three processes, one SIGKILLed under load, ${ROUNDS} rounds`, () => {
  it('clients move to another process, nothing acknowledged is lost, numbering goes on', async () => {
    await clusterKillRounds(ROUNDS);
  }, 240_000);
});
