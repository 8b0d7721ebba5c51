// The signature scheme (README "Issue 14: webhooks"): the server's signer against the receiver
// side written separately in test/support/webhook-receiver.ts, and the server's own checker.
import { expect, it } from 'vitest';
import { signatureHeader, verifySignature } from '../../server/webhooks/sign.js';
import { verify } from '../support/webhook-receiver.js';

it('t=…,v1=… verifies with the secret, not with another, not on a changed body, not when stale', () => {
  const body = JSON.stringify({ id: 'o:1:e', type: 'ticket.called', data: { service: 'Đất đai' } });
  const now = Math.floor(Date.now() / 1000);
  const header = signatureHeader('whsec_bí-mật', now, body);
  expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
  expect(verify('whsec_bí-mật', header, body)).toBe(true);
  expect(verifySignature('whsec_bí-mật', header, body)).toBe(true);
  expect(verify('whsec_other', header, body)).toBe(false);
  expect(verifySignature('whsec_bí-mật', header, body.replace('called', 'cancelled'))).toBe(false);
  const old = signatureHeader('whsec_bí-mật', now - 600, body);
  expect(verify('whsec_bí-mật', old, body)).toBe(false);
  expect(verifySignature('whsec_bí-mật', old, body)).toBe(false);
  expect(verifySignature('whsec_bí-mật', 'v1=abc', body)).toBe(false);
});
