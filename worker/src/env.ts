/** The worker's bindings, as declared in `wrangler.toml`. */
export interface Bindings {
  DB: D1Database;
}

/** Values the site middleware puts on the context for the routes below it. */
export interface Variables {
  site: import('./db/sites.js').Site;
}

/** The Hono environment of every route. */
export interface AppEnv {
  Bindings: Bindings;
  Variables: Variables;
}
