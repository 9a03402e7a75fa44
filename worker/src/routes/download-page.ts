import { html } from 'hono/html';

/**
 * The page a download link opens: it asks for a fresh code by email, then fetches the answer file.
 * Served by the worker with a strict CSP; its one script and style carry the nonce. Values reach the
 * script through `data-*` attributes, which `html` escapes: interpolated into the script they would
 * be HTML-escaped too, and no longer JavaScript.
 */
export function downloadPage(nonce: string, siteName: string, base: string, token: string) {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>Your data from ${siteName}</title>
        <style nonce="${nonce}">
          body { font: 17px/1.6 system-ui, sans-serif; max-width: 34rem; margin: 3rem auto; padding: 0 1rem; color: #111827; }
          button { font: inherit; font-weight: 600; padding: 0.6em 1.2em; border-radius: 8px; border: 0; background: #1d4ed8; color: #fff; cursor: pointer; }
          input { font: inherit; font-size: 1.4em; letter-spacing: 0.3em; width: 8ch; padding: 0.3em; }
          [hidden] { display: none; }
          #message { font-weight: 600; }
        </style>
      </head>
      <body>
        <main data-base="${base}" data-token="${token}">
          <h1>Your data from ${siteName}</h1>
          <p>To protect your data we first confirm it is you: we email a 6-digit code to the address you used.</p>
          <p><button id="send" type="button">Email me a code</button></p>
          <form id="code-form" hidden>
            <p><label for="code">Code</label><br /><input id="code" inputmode="numeric" autocomplete="one-time-code" maxlength="6" required /></p>
            <p><button type="submit">Download my data</button></p>
          </form>
          <p id="message" role="status" aria-live="polite"></p>
        </main>
        <script nonce="${nonce}">
          const { base, token } = document.querySelector('main').dataset;
          const message = document.getElementById('message');
          const post = (path, body) => fetch(base + path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
          document.getElementById('send').addEventListener('click', async () => {
            const res = await post('/download-code', { token });
            if (res.ok) {
              document.getElementById('code-form').hidden = false;
              document.getElementById('code').focus();
              message.textContent = 'We sent you a code. It works for 15 minutes.';
            } else message.textContent = (await res.json()).error.message;
          });
          document.getElementById('code-form').addEventListener('submit', async (event) => {
            event.preventDefault();
            const res = await post('/download', { token, code: document.getElementById('code').value.trim() });
            if (!res.ok) {
              message.textContent = (await res.json()).error.message;
              return;
            }
            const link = document.createElement('a');
            link.href = URL.createObjectURL(await res.blob());
            link.download = 'my-data.json';
            link.click();
            message.textContent = 'Your download has started.';
          });
        </script>
      </body>
    </html>`;
}
