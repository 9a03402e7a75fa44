// vanilla-cookieconsent v3 on the benchmark page: the three categories every library gets
// (necessary: required; analytics; marketing), with its default layout.
CookieConsent.run({
  // Its default hides the banner from automated browsers (navigator.webdriver), which the benchmark's
  // Chromium is: a real visitor gets the banner, so the benchmark must too.
  hideFromBots: false,
  categories: {
    necessary: { enabled: true, readOnly: true },
    analytics: {},
    marketing: {},
  },
  language: {
    default: 'en',
    translations: {
      en: {
        consentModal: {
          title: 'Your privacy',
          description: 'We use cookies to measure how the site is used and to show relevant offers. Choose what you allow.',
          acceptAllBtn: 'Accept all',
          acceptNecessaryBtn: 'Reject all',
          showPreferencesBtn: 'Choose',
        },
        preferencesModal: {
          title: 'Privacy preferences',
          acceptAllBtn: 'Accept all',
          acceptNecessaryBtn: 'Reject all',
          savePreferencesBtn: 'Save choices',
          closeIconLabel: 'Close',
          sections: [
            { title: 'Strictly necessary', description: 'Keeps the site secure and remembers your privacy choices.', linkedCategory: 'necessary' },
            { title: 'Analytics', description: 'Counts visits and measures how pages are used.', linkedCategory: 'analytics' },
            { title: 'Marketing', description: 'Personalised offers and advertising.', linkedCategory: 'marketing' },
          ],
        },
      },
    },
  },
});
