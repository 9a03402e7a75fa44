// A stand-in for a client's system receiving forwarded rights requests (npm start runs it on
// http://localhost:8790). It checks the Novo-Signature, refuses stale timestamps, de-duplicates
// by request id, prints what arrived, and lists it at GET /deliveries for the end-to-end tests.
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';

const port = Number(process.env.WEBHOOK_PORT ?? 8790);
const secret = process.env.DEMO_WEBHOOK_SECRET ?? '';
const TOLERANCE_SECONDS = 300;
const received = new Map();

/** The receiver side of Novo-Signature: `t=<unix>,v1=<hex HMAC-SHA256 of "t.body">`. */
function signatureValid(header, body) {
  const { t, v1 } = Object.fromEntries(String(header).split(',').map((part) => part.split('=')));
  if (!t || !v1 || Math.abs(Date.now() / 1000 - Number(t)) > TOLERANCE_SECONDS) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  const given = Buffer.from(v1, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

http
  .createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/deliveries') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify([...received.values()]));
      return;
    }
    if (req.method !== 'POST' || req.url !== '/privacy-requests') {
      res.writeHead(404).end();
      return;
    }
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      if (!signatureValid(req.headers['novo-signature'], body)) {
        console.log('✖ webhook: refused a delivery with a bad or stale signature');
        res.writeHead(401).end();
        return;
      }
      const request = JSON.parse(body);
      const duplicate = received.has(request.id);
      if (!duplicate) received.set(request.id, { id: request.id, type: request.type, dueAt: request.dueAt, receivedAt: new Date().toISOString() });
      console.log(`${duplicate ? '↺' : '✔'} webhook: ${duplicate ? 'duplicate of' : 'received'} rights request ${request.id} (${request.type}), due ${request.dueAt}`);
      res.writeHead(204).end();
    });
  })
  .listen(port, 'localhost', () => console.log(`Webhook receiver: http://localhost:${port}/privacy-requests`));
