// A load generator on node:http: each virtual client sends one request, waits for the answer,
// thinks a while (as a visitor between page views; no thinking makes it a closed loop that
// saturates the server), sends the next, until the time is up; then every request in flight is
// allowed to finish.
// That last point is why it is not autocannon: autocannon cuts the connections in flight when its
// time is up, and a write the worker still completes afterwards would be a ledger row nobody saw
// accepted, making "ledger rows = accepted writes" unprovable.
import http from 'node:http';
import { performance } from 'node:perf_hooks';

/** How long one request may take before it counts as timed out (autocannon's default too). */
const REQUEST_TIMEOUT_MS = 10_000;

/**
 * One request to send.
 * @typedef {object} Request
 * @property {string} method
 * @property {string} path
 * @property {Record<string, string>} headers
 * @property {string} [body]
 */

/**
 * A kind of client: `clients` of them, each asking `next()` for its next request.
 * @typedef {object} Stream
 * @property {string} name
 * @property {number} clients
 * @property {() => Request} next
 */

/**
 * What one stream did.
 * @typedef {object} StreamResult
 * @property {number} requests  answers received
 * @property {Record<string, number>} statuses  answers by HTTP status
 * @property {number} errors  requests with no answer: network errors and timeouts
 * @property {Record<string, number>} errorMessages  those errors by message
 * @property {Record<string, string>} refusals  for each non-2xx status, the body of its first answer
 * @property {number} perSecond  answers per second
 * @property {{ p50: number, p99: number, max: number }} latencyMs
 */

/** The p-th percentile (0–100) of sorted values, nearest rank. */
function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** p50, p99 and max of response times in ms, rounded to 0.1 ms. */
function latency(times) {
  const sorted = Float64Array.from(times).sort();
  const round = (ms) => Math.round(ms * 10) / 10;
  return { p50: round(percentile(sorted, 50)), p99: round(percentile(sorted, 99)), max: round(sorted[sorted.length - 1] ?? NaN) };
}

/**
 * Sends one request; resolves with its status, or with an error message (never rejects).
 * @returns {Promise<{ status?: number, body?: string, error?: string, ms: number }>}
 */
function send(agent, origin, request) {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = http.request(new URL(request.path, origin), { method: request.method, headers: request.headers, agent }, (res) => {
      // The body of a refusal says why; a success's body is not needed.
      let body = '';
      if ((res.statusCode ?? 0) >= 300) res.on('data', (chunk) => (body = (body + chunk).slice(0, 300)));
      else res.resume();
      res.once('end', () => resolve({ status: res.statusCode, body, ms: performance.now() - started }));
      res.once('error', (error) => resolve({ error: String(error), ms: performance.now() - started }));
    });
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error('timed out')));
    req.once('error', (error) => resolve({ error: String(error), ms: performance.now() - started }));
    req.end(request.body);
  });
}

/**
 * Runs every stream's clients at the same time for `seconds` against `origin`, then waits for the
 * requests in flight.
 * @param {string} origin
 * @param {Stream[]} streams
 * @param {number} seconds
 * @param {{ thinkMs?: number }} [pacing]  mean pause of a client between answer and next request
 *   (uniform in ½–1½ times it); 0 (the default) for none
 * @returns {Promise<{ streams: Record<string, StreamResult>, all: { requests: number, errors: number, perSecond: number, latencyMs: { p50: number, p99: number, max: number }, inFlight: { mean: number, max: number } } }>}
 */
export async function runLoad(origin, streams, seconds, { thinkMs = 0 } = {}) {
  const think = () => new Promise((resolve) => setTimeout(resolve, thinkMs * (0.5 + Math.random())));
  const clients = streams.reduce((sum, stream) => sum + stream.clients, 0);
  // One keep-alive socket per client, as each browser would hold its own connection.
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const allTimes = [];
  let allErrors = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  const results = await Promise.all(
    streams.map(async (stream) => {
      const times = [];
      const statuses = {};
      const errorMessages = new Map();
      const refusals = {};
      const client = async () => {
        // Clients start spread over one think time, as visitors arrive, not all in the same millisecond.
        if (thinkMs > 0) await new Promise((resolve) => setTimeout(resolve, Math.random() * thinkMs));
        while (performance.now() < deadline) {
          inFlight += 1;
          maxInFlight = Math.max(maxInFlight, inFlight);
          const answer = await send(agent, origin, stream.next());
          inFlight -= 1;
          if (answer.error) errorMessages.set(answer.error, (errorMessages.get(answer.error) ?? 0) + 1);
          else {
            times.push(answer.ms);
            allTimes.push(answer.ms);
            statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
            if (answer.body && !(answer.status in refusals)) refusals[answer.status] = answer.body;
          }
          if (thinkMs > 0 && performance.now() < deadline) await think();
        }
      };
      await Promise.all(Array.from({ length: stream.clients }, client));
      const errors = [...errorMessages.values()].reduce((sum, count) => sum + count, 0);
      allErrors += errors;
      return [stream.name, { requests: times.length, statuses, errors, errorMessages: Object.fromEntries(errorMessages), refusals, perSecond: times.length / seconds, latencyMs: latency(times) }];
    }),
  );
  agent.destroy();
  // Little's law: the mean number of requests in flight is the total time spent in flight over the
  // run's length (including the wait for the last answers after the time was up).
  const meanInFlight = allTimes.reduce((sum, ms) => sum + ms, 0) / (performance.now() - started);
  return {
    streams: Object.fromEntries(results),
    all: { requests: allTimes.length, errors: allErrors, perSecond: allTimes.length / seconds, latencyMs: latency(allTimes), inFlight: { mean: meanInFlight, max: maxInFlight } },
  };
}
