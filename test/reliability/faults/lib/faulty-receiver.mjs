// A client's webhook receiver that misbehaves at random: it fails with a 5xx (before or after it
// processed the request), takes longer than the worker waits (10 s), answers slowly but in time, or
// cuts the connection. It checks every delivery as scripts/webhook-receiver.mjs does (Novo-Signature,
// timestamp tolerance) and keeps a log of every attempt, so the harness can count deliveries,
// redeliveries and losses after de-duplication by request id. Like a client's ticket system, it
// processes a new request by acknowledging it through the admin API (`acknowledge`) before it
// answers, so the worker's bookkeeping of the delivery meets a request that changed meanwhile.
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';

const TOLERANCE_SECONDS = 300;
/** Longer than the worker's webhook timeout (WEBHOOK_TIMEOUT_MS, 10 s in request-forwarding.ts). */
const HANG_MS = 15_000;

/** The receiver side of Novo-Signature, as the README documents it. */
function signatureValid(header, body, secret) {
  const { t, v1 } = Object.fromEntries(String(header).split(',').map((part) => part.split('=')));
  if (!t || !v1 || Math.abs(Date.now() / 1000 - Number(t)) > TOLERANCE_SECONDS) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  const given = Buffer.from(v1, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * How often each misbehaviour happens, per attempt (the rest are answered at once with 204).
 * @typedef {object} FaultRates
 * @property {number} error  5xx before processing: nothing kept
 * @property {number} errorAfterCommit  processed, then 5xx: the worker will send it again
 * @property {number} timeout  processed, then no answer for longer than the worker waits
 * @property {number} reset  the connection is cut before processing
 * @property {number} slow  processed, answered 1–6 s later (in time)
 */

/**
 * One attempt as the receiver saw it.
 * @typedef {object} Attempt
 * @property {string} id  the request id (body), '' when the signature was bad
 * @property {string} mode  ok | slow | error | errorAfterCommit | timeout | reset | badSignature
 * @property {boolean} processed  whether the receiver kept the request (a delivery)
 * @property {boolean} headerMatches  Novo-Request-Id equals the body's id
 */

/**
 * Starts the receiver on `port` (localhost), at POST /privacy-requests.
 * @param {object} options
 * @param {number} options.port
 * @param {string} options.secret  the site's webhook secret
 * @param {FaultRates} options.rates
 * @param {number} options.maxFaultsPerRequest  after this many faults a request is answered properly, so the run ends within its time
 * @param {() => number} options.random
 * @param {(request: { id: string, siteId: string }) => Promise<void>} [options.acknowledge]  called once per request id, when it is first processed, before the answer
 */
export function startFaultyReceiver({ port, secret, rates, maxFaultsPerRequest, random, acknowledge = async () => {} }) {
  /** @type {Attempt[]} */
  const attempts = [];
  /** @type {Map<string, object>} the first delivery of each request id, as received */
  const delivered = new Map();
  /** @type {string[]} acknowledgements that failed, with the reason */
  const acknowledgeErrors = [];
  const faults = new Map();
  const sockets = new Set();

  /** The misbehaviour for this attempt. */
  function pickMode(id) {
    if ((faults.get(id) ?? 0) >= maxFaultsPerRequest) return 'ok';
    let roll = random();
    for (const mode of ['error', 'errorAfterCommit', 'timeout', 'reset', 'slow']) {
      if (roll < rates[mode]) {
        if (mode !== 'slow') faults.set(id, (faults.get(id) ?? 0) + 1);
        return mode;
      }
      roll -= rates[mode];
    }
    return 'ok';
  }

  const server = http.createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== '/privacy-requests') {
      res.writeHead(404).end();
      return;
    }
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', async () => {
      if (!signatureValid(req.headers['novo-signature'], body, secret)) {
        attempts.push({ id: '', mode: 'badSignature', processed: false, headerMatches: false });
        res.writeHead(401).end();
        return;
      }
      const request = JSON.parse(body);
      const mode = pickMode(request.id);
      const processed = !['error', 'reset'].includes(mode);
      attempts.push({ id: request.id, mode, processed, headerMatches: req.headers['novo-request-id'] === request.id });
      if (processed && !delivered.has(request.id)) {
        delivered.set(request.id, request);
        await acknowledge(request).catch((error) => acknowledgeErrors.push(`${request.id}: ${error.message}`));
      }
      if (mode === 'reset') req.socket.destroy();
      else if (mode === 'error') res.writeHead([500, 502, 503][Math.floor(random() * 3)]).end();
      else if (mode === 'errorAfterCommit') res.writeHead(500).end();
      else if (mode === 'timeout') setTimeout(() => req.socket.destroy(), HANG_MS);
      else if (mode === 'slow') setTimeout(() => res.writeHead(204).end(), 1000 + random() * 5000);
      else res.writeHead(204).end();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, 'localhost', () =>
      resolve({
        url: `http://localhost:${port}/privacy-requests`,
        attempts,
        delivered,
        acknowledgeErrors,
        /** Stops listening and cuts any connection it still holds. */
        close() {
          for (const socket of sockets) socket.destroy();
          server.close();
        },
      }),
    );
  });
}
