// Webhook endpoints of the office, for its admins (issue 14). The secret is shown when made
// (or changed) and afterwards only to an admin who asks for it; lists show its last characters.
import { randomBytes, randomUUID } from 'node:crypto';
import { Router } from 'express';
import { WEBHOOK_EVENTS, webhookCreateSchema, webhookUpdateSchema, type WebhookEndpoint } from '../../../shared/webhooks.js';
import type { ConfigData } from '../../store/config.js';
import { luotError, parse } from '../../validate.js';
import type { WebhookDispatcher } from '../../webhooks/dispatcher.js';
import type { HttpDeps } from '../app.js';
import { ok, requireRole } from '../respond.js';

const newSecret = () => `whsec_${randomBytes(24).toString('base64url')}`;

function find(d: ConfigData, id: string): WebhookEndpoint {
  const ep = d.webhooks?.find((w) => w.id === id);
  if (!ep) throw luotError('not_found', 'webhookNotFound');
  return ep;
}

export function webhookRoutes(deps: HttpDeps, webhooks: WebhookDispatcher): Router {
  const { office, now } = deps;
  const r = Router();
  r.use(requireRole(office, 'office_admin', now));
  /** Where a new (or re-enabled) endpoint's deliveries begin: after what the journal holds now. */
  const start = () => ({ startRev: office.engine.rev, startDay: office.engine.serviceDay });
  const view = async (id: string) => (await webhooks.views()).find((v) => v.id === id)!;
  // Not public: kiosks and displays never hear of webhooks (no config:changed).
  const change = async <T>(fn: (d: ConfigData) => T): Promise<T> => {
    const result = await office.updateConfig(fn, { public: false });
    await webhooks.changed();
    return result;
  };

  r.get('/', async (_req, res) => ok(res, { endpoints: await webhooks.views(), events: WEBHOOK_EVENTS }));
  r.post('/', async (req, res) => {
    const body = parse(webhookCreateSchema, req.body);
    const ep: WebhookEndpoint = {
      id: randomUUID(), url: body.url, events: body.events, secret: body.secret ?? newSecret(),
      enabled: body.enabled, description: body.description, createdAt: new Date(now()).toISOString(), ...start(),
    };
    await change((d) => void (d.webhooks = [...(d.webhooks ?? []), ep]));
    ok(res, { endpoint: await view(ep.id), secret: ep.secret }, 201);
  });
  r.put('/:id', async (req, res) => {
    const patch = parse(webhookUpdateSchema, req.body);
    const sent = new Set(Object.keys((req.body ?? {}) as object));
    await change((d) => {
      const ep = find(d, req.params.id as string);
      if (patch.url !== undefined) ep.url = patch.url;
      if (patch.events !== undefined) ep.events = patch.events;
      if (patch.enabled !== undefined && sent.has('enabled')) {
        // Switched on again: what happened while it was off is not sent.
        if (patch.enabled && !ep.enabled) Object.assign(ep, start());
        ep.enabled = patch.enabled;
      }
      if (patch.description !== undefined && sent.has('description')) ep.description = patch.description;
      if (patch.secret !== undefined) ep.secret = patch.secret;
    });
    ok(res, { endpoint: await view(req.params.id as string) });
  });
  r.delete('/:id', async (req, res) => {
    await change((d) => {
      find(d, req.params.id as string);
      d.webhooks = d.webhooks!.filter((w) => w.id !== req.params.id);
    });
    ok(res);
  });
  r.get('/:id/secret', (req, res) => {
    const ep = office.config.webhooks?.find((w) => w.id === req.params.id);
    if (!ep) throw luotError('not_found', 'webhookNotFound');
    res.set('cache-control', 'no-store');
    ok(res, { secret: ep.secret });
  });
  r.post('/:id/secret', async (req, res) => {
    const secret = newSecret();
    await change((d) => void (find(d, req.params.id as string).secret = secret));
    res.set('cache-control', 'no-store');
    ok(res, { secret }, 201);
  });
  r.post('/:id/test', async (req, res) => {
    const delivery = await webhooks.sendTest(req.params.id as string);
    if (!delivery) throw luotError('not_found', 'webhookNotFound');
    ok(res, { delivery });
  });
  return r;
}
