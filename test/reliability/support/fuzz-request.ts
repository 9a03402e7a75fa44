import { env } from 'cloudflare:test';
import fc from 'fast-check';
import { type Body, bodyCase, wellFormedBody } from './hostile-bodies.js';
import { exampleFor } from './examples.js';
import { encodeSegment, headerSafe, hostileSegment, hostileString } from './hostile-values.js';
import { fillPath, type Route } from './routes.js';
import { valueFor } from './schema-values.js';
import { clientAddress, type Tenant } from './tenants.js';

/** One generated request. */
export interface FuzzCase {
  route: string;
  /** The part of the request this case attacks; the others are mostly left valid, so it is reached. */
  focus: Focus;
  method: string;
  /** Path and query, encoded as sent. */
  url: string;
  headers: Record<string, string>;
  body: Body;
  bodyKind?: string;
  /** Which credential was sent (for failure reports). */
  auth: string;
}

/** The tenant the fuzz aims at, and another one whose keys and ids must get nowhere on it. */
export interface FuzzWorld {
  tenant: Tenant;
  other: Tenant;
}

// The body three times: it holds most of what a route parses, so most cases attack it.
const FOCUSES = ['body', 'body', 'body', 'path', 'query', 'auth', 'origin', 'content-type', 'method', 'everything'] as const;
type Focus = (typeof FOCUSES)[number];

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
const RANK = { public: 0, viewer: 1, operator: 2, admin: 3, root: 4 } as const;

/** A valid or a hostile value for one part of a request. */
interface Part<T> {
  valid: fc.Arbitrary<T>;
  hostile: fc.Arbitrary<T>;
}

/** Real values of each path parameter name: aimed at them, the fuzz reaches the handlers, not only the 404s. */
function pathValues({ tenant, other }: FuzzWorld): Record<string, { own: string[]; foreign: string[] }> {
  const { pending, unverified, verified, answered } = tenant.requests;
  return {
    siteId: { own: [tenant.siteId], foreign: [other.siteId, 'demo'] },
    subjectId: { own: [tenant.subjectId, tenant.erasableSubjectId], foreign: [other.subjectId] },
    requestId: { own: [pending.id, unverified.id, verified.id, answered.id], foreign: [other.requests.verified.id] },
    keyId: { own: tenant.spareKeyIds, foreign: [...tenant.revokedKeyIds, ...other.spareKeyIds] },
    locale: { own: ['en', 'de', 'pt-BR', 'zh-Hant-TW'], foreign: ['xx-invalid-tag', 'EN_us'] },
  };
}

/** Query parameters routes read without a documented schema (the requester's tokens, the outbox address), with real values. */
function undocumentedQuery({ tenant, other }: FuzzWorld): [string, string][] {
  const { pending, verified, answered } = tenant.requests;
  return [
    ['token', pending.statusToken],
    ['token', verified.statusToken],
    ['token', answered.statusToken],
    ['token', answered.downloadToken ?? ''],
    ['token', other.requests.answered.downloadToken ?? ''],
    ['to', pending.email],
  ];
}

const encodeQuery = (pairs: readonly (readonly [string, string])[]) => pairs.map(([name, value]) => `${encodeSegment(name)}=${encodeSegment(value)}`).join('&');

/** A route's example on the fuzzed tenant, with a fresh nonce per case (unique event ids and addresses). */
function examples(route: Route, world: FuzzWorld) {
  return fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 16, maxLength: 16 }).map((nonce) => {
    const example = exampleFor(route.key, world.tenant, nonce);
    if (!example) throw new Error(`${route.key} has no example in support/examples.ts`);
    return example;
  });
}

function pathPart(route: Route, world: FuzzWorld): Part<string> {
  const values = pathValues(world);
  const segment = (name: string, hostile: boolean) => {
    const known = values[name];
    if (!known) return hostileSegment;
    const own = fc.constantFrom(...known.own).map(encodeSegment);
    return hostile ? fc.oneof(hostileSegment, fc.constantFrom(...known.foreign).map(encodeSegment), own) : own;
  };
  const path = (hostile: boolean) => fc.record(Object.fromEntries(route.pathParams.map((name) => [name, segment(name, hostile)]))).map((segments) => fillPath(route.template, segments));
  const example = examples(route, world).map(({ params }) => fillPath(route.template, Object.fromEntries(Object.entries(params).map(([name, value]) => [name, encodeSegment(value)]))));
  return { valid: fc.oneof(example, path(false)), hostile: path(true) };
}

function queryPart(route: Route, world: FuzzWorld): Part<string> {
  const documented = route.query.map((param) => valueFor(param.schema).map((value) => [param.name, String(value)] as const));
  const undocumented = fc.constantFrom(...undocumentedQuery(world));
  // Strict query schemas refuse unknown parameters, so only routes without one get the undocumented ones as valid.
  const valid = documented.length > 0 ? fc.uniqueArray(fc.oneof(...documented), { maxLength: 3, selector: ([name]) => name }) : fc.array(undocumented, { maxLength: 1 });
  const anyPair = fc.oneof(
    ...documented,
    ...route.query.map((param) => hostileString.map((value) => [param.name, value] as const)),
    undocumented,
    fc.tuple(hostileString, hostileString),
  );
  const example = examples(route, world).map(({ query }) => encodeQuery(Object.entries(query)));
  return {
    valid: fc.oneof(example, valid.map(encodeQuery)),
    hostile: fc.oneof(
      { weight: 5, arbitrary: fc.array(anyPair, { minLength: 1, maxLength: 4 }).map(encodeQuery) },
      { weight: 1, arbitrary: fc.constantFrom('&&', '=', 'a', '%', '%zz=%zz', 'limit=1&limit=2', 'format=csv&format=jsonl', `x=${'y'.repeat(20_000)}`, 'token[]=1', '__proto__=1') },
    ),
  };
}

/** Credentials: valid means enough for the route; hostile is none, malformed, revoked, another site's, too weak. */
function authPart(route: Route, { tenant, other }: FuzzWorld): Part<{ label: string; header?: string }> {
  const bearer = (label: string, token: string) => ({ label, header: `Bearer ${token}` });
  const all = [bearer('viewer', tenant.keys.viewer), bearer('operator', tenant.keys.operator), bearer('admin', tenant.keys.admin), bearer('root', env.ADMIN_ROOT_KEY)];
  const enough = all.filter((credential) => RANK[credential.label as keyof typeof RANK] >= RANK[route.access]);
  return {
    valid: route.access === 'public' ? fc.constant({ label: 'none' }) : fc.constantFrom(...enough),
    hostile: fc.oneof(
      fc.constantFrom(
        ...all,
        { label: 'none' },
        bearer('revoked admin', tenant.revoked.admin),
        bearer('revoked viewer', tenant.revoked.viewer),
        bearer('other site admin', other.keys.admin),
        bearer('other site operator', other.keys.operator),
        bearer('shaped, unknown', 'nck_AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'),
        bearer('root with suffix', `${env.ADMIN_ROOT_KEY}x`),
        bearer('key with wrong secret', `${tenant.keys.admin.slice(0, -1)}${tenant.keys.admin.endsWith('A') ? 'B' : 'A'}`),
        { label: 'lowercase scheme', header: `bearer ${tenant.keys.admin}` },
        { label: 'two tokens', header: `Bearer ${tenant.keys.admin} ${tenant.keys.admin}` },
        { label: 'basic', header: `Basic ${btoa(`root:${env.ADMIN_ROOT_KEY}`)}` },
        { label: 'empty bearer', header: 'Bearer ' },
      ),
      hostileString.map((text) => ({ label: 'hostile', header: headerSafe(`Bearer ${text}`) })),
    ),
  };
}

/** Browser origins: valid is the site's own or none (a server); hostile is another tenant's, opaque, look-alikes, junk. */
function originPart({ tenant, other }: FuzzWorld): Part<string | undefined> {
  return {
    valid: fc.constantFrom(tenant.origin, undefined),
    hostile: fc.oneof(
      fc.constantFrom(other.origin, 'https://api.test', 'null', 'https://evil.example', `${tenant.origin}.evil.example`, `${tenant.origin}/`, tenant.origin.toUpperCase()),
      hostileString.map(headerSafe),
    ),
  };
}

const CONTENT_TYPES = ['application/json; charset=utf-8', 'APPLICATION/JSON', 'application/json;charset=latin1', 'text/plain', 'text/csv', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx', 'application/vnd.api+json', ';', ''];
const contentTypePart: Part<string | undefined> = {
  valid: fc.constant('application/json'),
  hostile: fc.oneof(fc.constantFrom<string | undefined>(...CONTENT_TYPES, undefined), hostileString.map(headerSafe)),
};

/** Other headers the worker reads: GPC, language, user agent, conditional requests. */
const extraHeaders = fc.record(
  {
    'Sec-GPC': fc.constantFrom('1', '0', 'yes', ''),
    'Accept-Language': hostileString.map(headerSafe),
    'User-Agent': hostileString.map(headerSafe),
    'If-None-Match': fc.constantFrom('*', '"x"', 'W/"abc"', ''),
  },
  { requiredKeys: [] },
);

/** The valid or the hostile side of a part, by the case's focus (now and then hostile anyway). */
const pick = <T>(part: Part<T>, focused: boolean) => (focused ? part.hostile : fc.oneof({ weight: 9, arbitrary: part.valid }, { weight: 1, arbitrary: part.hostile }));

/**
 * Requests for one route. Each case attacks one part (body, path, query, credentials, origin,
 * content type, method) or all at once, and keeps the rest mostly valid, so the attack reaches
 * the code behind the checks that come first. Every case comes from a fresh client address, so the
 * per-client write limits do not hide the rest of the route.
 */
export function fuzzCase(route: Route, world: FuzzWorld): fc.Arbitrary<FuzzCase> {
  const path = pathPart(route, world);
  const query = queryPart(route, world);
  const auth = authPart(route, world);
  const origin = originPart(world);
  const method: Part<string> = { valid: fc.constant(route.method), hostile: fc.constantFrom(...METHODS.filter((m) => m !== route.method)) };
  // Well-formed bodies: the route's example (accepted as it is) or anything its schema allows.
  const wellFormed = fc.oneof(
    examples(route, world).map((example) => example.body ?? {}),
    route.body ? valueFor(route.body) : fc.jsonValue({ maxDepth: 2 }),
  );
  const body: Part<{ kind: string; body: Body }> = { valid: wellFormedBody(wellFormed), hostile: bodyCase(wellFormed) };
  return fc.constantFrom(...FOCUSES).chain((focus) => {
    const on = (part: Focus) => focus === part || focus === 'everything';
    return fc
      .record({
        method: on('method') ? method.hostile : method.valid,
        path: pick(path, on('path')),
        query: pick(query, on('query')),
        credential: pick(auth, on('auth')),
        origin: pick(origin, on('origin')),
        contentType: pick(contentTypePart, on('content-type')),
        extra: extraHeaders,
        body: on('body') ? body.hostile : body.valid,
      })
      .map(({ method, path, query, credential, origin, contentType, extra, body }): FuzzCase => {
        const headers: Record<string, string> = { ...extra, 'CF-Connecting-IP': clientAddress() };
        if (credential.header !== undefined) headers.Authorization = credential.header;
        if (origin !== undefined) headers.Origin = origin;
        if (contentType !== undefined) headers['Content-Type'] = contentType;
        const sendsBody = method !== 'GET' && method !== 'HEAD';
        const c: FuzzCase = {
          route: route.key,
          focus,
          method,
          url: `${path}${query ? `?${query}` : ''}`,
          headers,
          body: sendsBody ? body.body : null,
          bodyKind: sendsBody ? body.kind : undefined,
          auth: credential.label,
        };
        // fast-check prints counterexamples with this: the case in brief, not megabytes of body.
        return Object.assign(c, { [fc.toStringMethod]: () => describeCase(c) });
      });
  });
}

/** A case in brief, for failure reports (URL cut, body summarised, since some are megabytes). */
export function describeCase(c: FuzzCase): string {
  const body = c.body === null ? 'none' : `${c.bodyKind}, ${typeof c.body === 'string' ? c.body.length : c.body.byteLength} B: ${JSON.stringify(typeof c.body === 'string' ? c.body.slice(0, 200) : [...c.body.slice(0, 40)])}`;
  return `${c.method} ${c.url.slice(0, 300)}${c.url.length > 300 ? `… (${c.url.length} chars)` : ''} [focus: ${c.focus}, auth: ${c.auth}, headers: ${JSON.stringify(c.headers).slice(0, 300)}, body: ${body}]`;
}
