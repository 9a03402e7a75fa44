import { Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { ReceiptSigner } from '../security/receipt-signer.js';

/** `GET /.well-known/jwks.json`: the public keys that verify consent receipts. Public, cacheable, any origin. */
export const wellKnownRoutes = new Hono<AppEnv>().get('/jwks.json', (c) => {
  c.header('Cache-Control', 'public, max-age=3600');
  c.header('Access-Control-Allow-Origin', '*');
  return c.json(new ReceiptSigner(c.env).jwks());
});
