// Integration tokens (issue 15 §1): named tokens an office admin makes for another system (the
// one-stop-shop software) to mark files ready. The stored record keeps only the token's SHA-256;
// admins see the view (name, scope, when made and last used), the token itself only once.
import { z } from 'zod';

export const INTEGRATION_SCOPES = ['results'] as const;
export type IntegrationScope = (typeof INTEGRATION_SCOPES)[number];

export const integrationTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  scope: z.enum(INTEGRATION_SCOPES),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
});
export type IntegrationToken = z.infer<typeof integrationTokenSchema>;
/** What admins see: never the hash. */
export type IntegrationTokenView = Omit<IntegrationToken, 'hash'>;

export const integrationTokenCreateSchema = z.object({
  name: z.string().trim().min(1).max(80),
  scope: z.enum(INTEGRATION_SCOPES).default('results'),
});
