// The floor for the worker benchmark: one Hono route and nothing else, on the same runtime
// (wrangler dev, its local proxy, workerd) as the product, so the ratio shows what our routes cost.
import { Hono } from 'hono';

export default new Hono().get('/', (c) => c.json({ ok: true }));
