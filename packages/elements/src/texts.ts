import type { BannerTexts, SiteConfig } from '@novo-consent/core';

/** English defaults for every text a site's config may override. */
export const DEFAULT_TEXTS: Required<BannerTexts> = {
  bannerTitle: 'We value your privacy',
  bannerDescription: 'We use cookies that are strictly necessary to run this site. With your consent we would also use optional cookies. You can change your choice at any time.',
  acceptAll: 'Accept all',
  rejectAll: 'Reject all',
  customize: 'Customize',
  save: 'Save choices',
  close: 'Close',
  preferencesTitle: 'Privacy preferences',
  preferencesDescription: 'Choose which kinds of cookies we may use. Strictly necessary ones are always on because the site cannot work without them.',
  alwaysOn: 'Always on',
  privacyNotice: 'Privacy notice',
  settings: 'Privacy settings',
  receipt: 'Download the receipt of your choice',
  noticeChanged: 'Our privacy notice changed on {date}, so we are asking again.',
};

/** The texts to show for a config: the site's words where it has them, the defaults elsewhere. */
export function textsFor(config: SiteConfig | null | undefined): Required<BannerTexts> {
  return { ...DEFAULT_TEXTS, ...config?.texts };
}
