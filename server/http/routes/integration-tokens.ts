// Integration tokens of the office, for its admins (issue 15 §1): made with a name and a scope,
// the token shown once in the answer to the POST, listed by name and last use, revoked by DELETE.
import { Router } from 'express';
import { integrationTokenCreateSchema } from '../../../shared/integration-tokens.js';
import { newIntegrationToken, viewOf } from '../../integration-tokens.js';
import { luotError, parse } from '../../validate.js';
import type { HttpDeps } from '../app.js';
import { ok, requireRole } from '../respond.js';

export function integrationTokenRoutes(deps: HttpDeps): Router {
  const { office, now } = deps;
  const r = Router();
  r.use(requireRole(office, 'office_admin', now));
  // Not public: kiosks and displays never hear of tokens (no config:changed).
  const change = <T>(fn: Parameters<typeof office.updateConfig<T>>[0]) => office.updateConfig(fn, { public: false });

  r.get('/', (_req, res) => ok(res, { tokens: (office.config.integrationTokens ?? []).map(viewOf) }));
  r.post('/', async (req, res) => {
    const { name, scope } = parse(integrationTokenCreateSchema, req.body);
    const { token, record } = newIntegrationToken(name, scope, new Date(now()).toISOString());
    await change((d) => void (d.integrationTokens = [...(d.integrationTokens ?? []), record]));
    res.set('cache-control', 'no-store');
    ok(res, { token: viewOf(record), secret: token }, 201);
  });
  r.delete('/:id', async (req, res) => {
    await change((d) => {
      const before = d.integrationTokens ?? [];
      if (!before.some((t) => t.id === req.params.id)) throw luotError('not_found', 'integrationTokenNotFound');
      d.integrationTokens = before.filter((t) => t.id !== req.params.id);
    });
    ok(res);
  });
  return r;
}
