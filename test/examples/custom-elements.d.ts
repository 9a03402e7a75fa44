import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { NovoConsentToggle, NovoRightsRequest, NovoRightsRequestEvent } from '@novoaigen/consent-elements';

type Props<T extends HTMLElement, P> = DetailedHTMLProps<HTMLAttributes<T>, T> & P;

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'novo-consent-toggle': Props<NovoConsentToggle, { category: string }>;
      'novo-rights-request': Props<NovoRightsRequest, {
        site?: string;
        api?: string;
        texts?: NovoRightsRequest['texts'];
        'onnovo-rights-request'?: (event: NovoRightsRequestEvent) => void;
      }>;
    }
  }
}
