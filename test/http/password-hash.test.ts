// Password hashes after the argon2 parameters changed (issue 10: the library's default held 64 MiB
// at every login). New hashes carry the new parameters; a hash stored with the old default (every
// account made before) still logs in, because verify reads m, t and p from the stored hash.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LoginResult, UserPublic } from '../../shared/types.js';
import { startTestServer, type TestServer } from '../support/server.js';

const argon2 = createRequire(import.meta.url)('argon2') as typeof import('argon2');
const OLD_PASSWORD = 'mật-khẩu-cũ-2025';
let server: TestServer | null = null;
let dataDir = '';
afterAll(async () => {
  await server?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

type Stored = { users: { username: string; hash: string }[] };

describe('argon2 parameters', () => {
  it('hashes new passwords at m = 19 MiB, t = 12, p = 1; an account hashed with the old default still logs in', async () => {
    // A folder of the test's own: the server started again below must find the accounts written.
    dataDir = await mkdtemp(join(tmpdir(), 'luot-test-hash-'));
    server = await startTestServer({ dataDir });
    const admin = await server.login();
    const made = await server.api<{ user: UserPublic }>('POST', '/api/users', { username: 'canbo', name: 'Cán bộ mới', role: 'staff', password: 'mat-khau-can-bo' }, admin);
    expect(made.status).toBe(201);
    const path = join(dataDir, 'deployment.json');
    const stored = JSON.parse(await readFile(path, 'utf8')) as Stored;
    const fresh = stored.users.find((u) => u.username === 'canbo')!;
    expect(fresh.hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=12\$/);

    // The account as an older server stored it: the library's default parameters.
    const oldHash = await argon2.hash(OLD_PASSWORD, { type: argon2.argon2id });
    expect(oldHash).toMatch(/^\$argon2id\$v=19\$m=65536,p=4,t=3\$/);
    await server.stop();
    server = null;
    fresh.hash = oldHash;
    await writeFile(path, JSON.stringify(stored));
    server = await startTestServer({ dataDir });

    const good = await server.api<LoginResult>('POST', '/api/auth/login', { username: 'canbo', password: OLD_PASSWORD });
    expect(good.status, JSON.stringify(good.body)).toBe(200);
    const bad = await server.api<LoginResult>('POST', '/api/auth/login', { username: 'canbo', password: 'mat-khau-can-bo' });
    expect(bad.status).toBe(401);
  });
});
