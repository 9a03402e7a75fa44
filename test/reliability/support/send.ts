import { request } from '../../../worker/test/fixtures.js';
import type { Example } from './examples.js';
import { encodeSegment } from './hostile-values.js';
import { fillPath, type Route } from './routes.js';
import { clientAddress } from './tenants.js';

/** How a call is made: which key, from which browser origin (none: a server). */
export interface Caller {
  key?: string;
  origin?: string;
}

/** Sends a route's example (or any request in the same parts) as the caller. */
export function send(route: Route, example: Required<Example>, caller: Caller = {}): Promise<Response> {
  const params = Object.fromEntries(Object.entries(example.params).map(([name, value]) => [name, encodeSegment(value)]));
  const query = new URLSearchParams(example.query).toString();
  // A fresh client per call, as the fuzzer does: the per-client limits (the code routes take 10 calls
  // a minute) must not answer 429 where a test looks at what the route itself answers.
  const headers: Record<string, string> = { 'CF-Connecting-IP': clientAddress() };
  if (caller.key) headers.Authorization = `Bearer ${caller.key}`;
  if (caller.origin) headers.Origin = caller.origin;
  if (example.body !== undefined) headers['Content-Type'] = 'application/json';
  return request(`${fillPath(route.template, params)}${query ? `?${query}` : ''}`, {
    method: route.method,
    headers,
    origin: null,
    body: example.body === undefined ? undefined : JSON.stringify(example.body),
  });
}

/** A body as text, whatever its type (`Response#text()` warns on types that are not text, such as NDJSON). */
export async function bodyText(res: Response): Promise<string> {
  return new TextDecoder().decode(await res.arrayBuffer());
}
