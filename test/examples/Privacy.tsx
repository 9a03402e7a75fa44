import { useEffect, useState } from 'react';
import type { NovoRightsRequestEvent } from '@novoaigen/consent-elements';
import { consent, loadRightsRequest } from './consent';

/** Whether `category` may be used now, following every decision. */
function useConsent(category: string): boolean {
  const [granted, setGranted] = useState(() => consent.has(category));
  useEffect(() => {
    const update = () => setGranted(consent.has(category));
    void consent.ready.then(update); // the stored decision, once loaded
    document.addEventListener('novo-consent-change', update);
    return () => document.removeEventListener('novo-consent-change', update);
  }, [category]);
  return granted;
}

export function Privacy() {
  const analytics = useConsent('analytics');
  // Rendered once defined, so that React 19 sets `texts` as a property, not as an attribute.
  const [formReady, setFormReady] = useState(false);
  useEffect(() => void loadRightsRequest().then(() => setFormReady(true)), []);
  return (
    <section>
      <novo-consent-toggle category="analytics">Usage statistics</novo-consent-toggle>
      {analytics && <p>Thank you for helping us improve.</p>}
      <button onClick={() => consent.showPreferences()}>Privacy settings</button>
      {/* React 19: objects become properties, `on<event>` props become listeners. */}
      {formReady && (
        <novo-rights-request
          texts={{ rightsTitle: 'Your privacy rights' }}
          onnovo-rights-request={(event: NovoRightsRequestEvent) => console.log(event.detail.requestId)}
        />
      )}
    </section>
  );
}
