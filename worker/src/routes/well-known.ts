import { Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { ReceiptSigner } from '../security/receipt-signer.js';

/**
 * The Global Privacy Control support resource the GPC specification defines: this service honours
 * the signal. `lastUpdate` is when the way it honours GPC last changed; move it only then.
 */
const GPC_SUPPORT = { gpc: true, lastUpdate: '2026-11-25' } as const;

/**
 * `GET /.well-known/jwks.json`: the public keys that verify consent receipts;
 * `GET /.well-known/gpc.json`: that this service honours Global Privacy Control.
 * Public, cacheable, any origin.
 */
export const wellKnownRoutes = new Hono<AppEnv>()
  .get('/jwks.json', (c) => {
    c.header('Cache-Control', 'public, max-age=3600');
    c.header('Access-Control-Allow-Origin', '*');
    return c.json(new ReceiptSigner(c.env).jwks());
  })
  .get('/gpc.json', (c) => {
    c.header('Cache-Control', 'public, max-age=86400');
    c.header('Access-Control-Allow-Origin', '*');
    return c.json(GPC_SUPPORT);
  });
