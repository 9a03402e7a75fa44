// Serves the demo client site on http://localhost:8080: demo/ for pages, dist/ for the SDK bundle.
import http from 'node:http';
import sirv from 'sirv';

const port = Number(process.env.DEMO_PORT ?? 8080);
const options = { dev: true, etag: true };
const pages = sirv('demo', options);
const sdk = sirv('dist', options);

http
  .createServer((req, res) =>
    pages(req, res, () =>
      sdk(req, res, () => {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('Not found');
      }),
    ),
  )
  .listen(port, 'localhost', () => console.log(`Demo site: http://localhost:${port}`));
