// The staff app's calls for integration tokens (issue 15 §1) on top of ApiClient.
import type { IntegrationTokenView } from '../shared/integration-tokens.js';
import type { ApiClient } from './api.js';

export function integrationTokensApi(api: ApiClient) {
  return {
    list: () => api.request<{ tokens: IntegrationTokenView[] }>('GET', '/api/integration-tokens'),
    create: (name: string) => api.request<{ token: IntegrationTokenView; secret: string }>('POST', '/api/integration-tokens', { name, scope: 'results' }),
    revoke: (id: string) => api.request<Record<string, never>>('DELETE', `/api/integration-tokens/${encodeURIComponent(id)}`),
  };
}
