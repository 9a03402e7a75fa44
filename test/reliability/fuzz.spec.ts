import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { EXAMPLES } from './support/examples.js';
import { FuzzFigures } from './support/figures.js';
import { fuzzCase, type FuzzWorld } from './support/fuzz-request.js';
import { runCase } from './support/fuzz-run.js';
import { apiRoutes, servedRouteKeys } from './support/routes.js';
import { fuzzSeed, runScale } from './support/scale.js';
import { createTenant, forwardingSettled } from './support/tenants.js';

const scale = runScale();
const seed = fuzzSeed();
const routes = apiRoutes();
const casesPerRoute = Math.max(scale.minCasesPerRoute, Math.ceil(scale.fuzzCases / routes.length));
const figures = new FuzzFigures();

/**
 * Property-based fuzzing of every route of the worker, public and admin, derived from the app's
 * own OpenAPI document: bad JSON, wrong types, huge strings, deep nesting, unicode edge cases, wrong
 * content types and methods, bad path parameters and query strings, every kind of credential.
 * Each answer must keep the error contract and each refusal must leave the database as it was.
 */
describe('fuzzing every route', () => {
  // The routes come from the app, so a new route is in the list below by itself; it fails here until
  // support/examples.ts has an accepted request for it to start from.
  it('fuzzes every route the app serves, each from an accepted example', () => {
    expect(routes.map((route) => route.key).sort()).toEqual(servedRouteKeys());
    expect(routes.filter((route) => !EXAMPLES[route.key]).map((route) => route.key)).toEqual([]);
    expect(routes.length * casesPerRoute).toBeGreaterThanOrEqual(scale.fuzzCases);
  });

  for (const route of routes) {
    it(`${route.key} (${route.access})`, async () => {
      // A fresh pair of tenants per route: what one route's valid cases change (a revoked key, new
      // origins, an erased subject) does not narrow what the next route's cases reach.
      const world: FuzzWorld = { tenant: await createTenant('fuzz-a'), other: await createTenant('fuzz-b') };
      await forwardingSettled(world.tenant, world.other);
      await fc.assert(
        fc.asyncProperty(fuzzCase(route, world), (c) => runCase(c, figures)),
        // Inside `npm test` a failure is reported as found; the stress run shrinks it to its smallest form.
        { numRuns: casesPerRoute, seed, endOnFailure: scale.name === 'bounded' },
      );
    });
  }

  it('ran its share of cases on every route, and got no 5xx', () => {
    for (const key of servedRouteKeys()) expect(figures.perRoute.get(key)?.total ?? 0, key).toBeGreaterThanOrEqual(casesPerRoute);
    expect(figures.serverErrors).toBe(0);
  });

  afterAll(() => {
    console.log(figures.report(scale.name, seed));
  });
});
