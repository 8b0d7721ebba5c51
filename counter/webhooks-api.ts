// Typed calls of the webhook routes (/api/webhooks, issue 14) over the staff app's ApiClient,
// so the settings component never builds a request itself.
import type { Result } from '../shared/errors.js';
import type { WebhookDelivery, WebhookEndpointView, WebhookEventType } from '../shared/webhooks.js';
import type { ApiClient } from './api.js';

export interface NewWebhook {
  url: string;
  events: WebhookEventType[];
  description: string;
  secret?: string | undefined;
}

const path = (id: string, tail = '') => `/api/webhooks/${encodeURIComponent(id)}${tail}`;

export function webhooksApi(api: ApiClient) {
  return {
    list: (): Promise<Result<{ endpoints: WebhookEndpointView[] }>> => api.request('GET', '/api/webhooks'),
    create: (w: NewWebhook): Promise<Result<{ endpoint: WebhookEndpointView; secret: string }>> => api.request('POST', '/api/webhooks', w),
    update: (id: string, patch: Partial<NewWebhook> & { enabled?: boolean }): Promise<Result<{ endpoint: WebhookEndpointView }>> =>
      api.request('PUT', path(id), patch),
    remove: (id: string): Promise<Result<object>> => api.request('DELETE', path(id)),
    secret: (id: string): Promise<Result<{ secret: string }>> => api.request('GET', path(id, '/secret')),
    newSecret: (id: string): Promise<Result<{ secret: string }>> => api.request('POST', path(id, '/secret')),
    test: (id: string): Promise<Result<{ delivery: WebhookDelivery }>> => api.request('POST', path(id, '/test')),
  };
}
