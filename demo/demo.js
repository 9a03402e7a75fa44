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
