// Three server processes over one PostgreSQL database behind a round-robin balancer; one is
// killed with SIGKILL and started again, 20 rounds, while kiosks issue and counters call (issue 11).
import { describe, it } from 'vitest';
import { clusterKillRounds } from '../../cluster/kill.js';

const ROUNDS = Number(process.env.LUOT_CLUSTER_KILL_ROUNDS ?? 20);

describe(`three processes, one SIGKILLed under load, ${ROUNDS} rounds`, () => {
  it('clients move to another process, nothing acknowledged is lost, numbering goes on', async () => {
    await clusterKillRounds(ROUNDS);
  }, 900_000);
});
