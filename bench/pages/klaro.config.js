// Klaro on the benchmark page: the three categories every library gets (Klaro calls them
// purposes; each holds a service), with its default notice.
window.klaroConfig = {
  version: 1,
  elementID: 'klaro',
  storageMethod: 'cookie',
  cookieName: 'klaro',
  cookieExpiresAfterDays: 365,
  default: false,
  mustConsent: false,
  acceptAll: true,
  hideDeclineAll: false,
  lang: 'en',
  translations: {
    en: {
      privacyPolicyUrl: '/privacy.html',
      consentNotice: { description: 'We use cookies to measure how the site is used and to show relevant offers. Choose what you allow.' },
      purposes: {
        necessary: { title: 'Strictly necessary', description: 'Keeps the site secure and remembers your privacy choices.' },
        analytics: { title: 'Analytics', description: 'Counts visits and measures how pages are used.' },
        marketing: { title: 'Marketing', description: 'Personalised offers and advertising.' },
      },
    },
  },
  services: [
    { name: 'session', title: 'Session', purposes: ['necessary'], required: true },
    { name: 'site-analytics', title: 'Site analytics', purposes: ['analytics'], cookies: ['_demo_analytics'] },
    { name: 'ads', title: 'Advertising', purposes: ['marketing'], cookies: ['_demo_marketing_id'] },
  ],
};
