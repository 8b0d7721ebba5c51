// Integration tokens (issue 15 §1, shapes in shared/integration-tokens.ts): another system marks
// files ready with a named token an office admin makes in the settings, not a person's account.
// Only the SHA-256 of the token is kept: the token is 32 random bytes, so a plain hash is as
// good as a slow one, and a stolen config.json gives nothing to replay. Shown once; revoked by
// deleting it.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { IntegrationScope, IntegrationToken, IntegrationTokenView } from '../shared/integration-tokens.js';
import type { Office } from './office.js';
import { bearerToken, requireRole } from './http/respond.js';
import { luotError } from './validate.js';

const PREFIX = 'luot_int_';
/** A last-use time this fresh is not written again: a busy integration would write the config per call. */
const LAST_USE_STEP_MS = 60_000;

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

export function newIntegrationToken(name: string, scope: IntegrationScope, at: string): { token: string; record: IntegrationToken } {
  const token = `${PREFIX}${randomBytes(32).toString('base64url')}`;
  return { token, record: { id: randomUUID(), name, scope, hash: hashOf(token), createdAt: at, lastUsedAt: null } };
}

export function viewOf({ hash: _hash, ...view }: IntegrationToken): IntegrationTokenView {
  return view;
}

/**
 * A staff member's token, or an integration token of `scope`. An integration token is good for
 * the routes that take this guard and no other: requireRole never accepts it.
 */
export function staffOrIntegration(office: Office, scope: IntegrationScope, now: () => number): RequestHandler {
  const staff = requireRole(office, 'staff', now);
  return (req: Request, res: Response, next: NextFunction) => {
    const token = bearerToken(req);
    if (!token?.startsWith(PREFIX)) return staff(req, res, next);
    const hash = hashOf(token);
    const found = office.config.integrationTokens?.find((t) => t.hash === hash && t.scope === scope);
    if (!found) return next(luotError('unauthorized', 'unauthorized'));
    const at = now();
    if (!found.lastUsedAt || at - Date.parse(found.lastUsedAt) >= LAST_USE_STEP_MS) {
      void office.updateConfig((d) => {
        const t = d.integrationTokens?.find((x) => x.id === found.id);
        if (t) t.lastUsedAt = new Date(at).toISOString();
      }, { public: false }).catch(() => undefined);
    }
    next();
  };
}
