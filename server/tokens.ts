// Citizen ticket tokens: 9 random bytes (72 bits), base64url. One randomFillSync per ticket was
// ~5 % of the server's CPU when issuing at full speed (issue 10): the bytes are now drawn from
// the OS's CSPRNG a pool at a time, each byte handed out once, as randomUUID() already does.
import { randomFillSync } from 'node:crypto';

const TOKEN_BYTES = 9;
const POOL_TOKENS = 256;

export function tokenSource(bytes = TOKEN_BYTES, perFill = POOL_TOKENS): () => string {
  const pool = Buffer.alloc(bytes * perFill);
  let at = pool.length;
  return () => {
    if (at === pool.length) {
      randomFillSync(pool);
      at = 0;
    }
    const token = pool.toString('base64url', at, at + bytes);
    // Spent bytes are wiped: a token never lingers in the pool after it is handed out.
    pool.fill(0, at, at + bytes);
    at += bytes;
    return token;
  };
}
