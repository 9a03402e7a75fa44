// Shows, on the page, what the SDK and the gated scripts do.
const log = document.getElementById('activity-log');

window.demoLog = (text) => {
  const item = document.createElement('li');
  item.textContent = `${new Date().toLocaleTimeString()} — ${text}`;
  log.append(item);
};

document.getElementById('open-preferences').addEventListener('click', () => window.NovoConsent?.showPreferences());

document.addEventListener('novo-consent-change', (event) => {
  const granted = Object.entries(event.detail.categories)
    .filter(([, on]) => on)
    .map(([id]) => id);
  window.demoLog(`Consent recorded (${event.detail.method}): ${granted.join(', ')}.`);
});

window.NovoConsent?.ready.then((state) => {
  window.demoLog(state ? `Welcome back: your choice from ${new Date(state.updatedAt).toLocaleDateString()} applies.` : 'No choice yet: the banner asks.');
});

// What Google tags would read: the Consent Mode commands the SDK put in the dataLayer.
const consentCommands = () => (window.dataLayer ?? []).map((entry) => Array.from(entry)).filter(([command]) => command === 'consent');
window.NovoConsent?.ready.then(() => {
  for (const [, kind, keys] of consentCommands()) {
    const granted = Object.entries(keys).filter(([, value]) => value === 'granted').map(([key]) => key);
    window.demoLog(`Google Consent Mode ${kind}: granted ${granted.join(', ') || 'nothing'}.`);
  }
});
