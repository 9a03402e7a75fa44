// tarteaucitron on the benchmark page. It groups services by type rather than by category: the
// required category is its "mandatory" line, analytics and marketing are one service each, of the
// types "analytic" and "ads". Shown as a bottom bar like the others (its default is a centred box).
tarteaucitron.init({
  privacyUrl: '/privacy.html',
  hashtag: '#tarteaucitron',
  cookieName: 'tarteaucitron',
  orientation: 'bottom',
  showAlertSmall: false,
  cookieslist: false,
  showIcon: false,
  adblocker: false,
  DenyAllCta: true,
  AcceptAllCta: true,
  highPrivacy: true,
  handleBrowserDNTRequest: false,
  removeCredit: false,
  moreInfoLink: true,
  useExternalCss: false,
  mandatory: true,
  mandatoryCta: true,
});
const noop = () => {};
tarteaucitron.services.siteanalytics = { key: 'siteanalytics', type: 'analytic', name: 'Site analytics', uri: '/privacy.html', needConsent: true, cookies: ['_demo_analytics'], js: noop, fallback: noop };
tarteaucitron.services.ads = { key: 'ads', type: 'ads', name: 'Advertising', uri: '/privacy.html', needConsent: true, cookies: ['_demo_marketing_id'], js: noop, fallback: noop };
(tarteaucitron.job = tarteaucitron.job || []).push('siteanalytics', 'ads');
