-- The demo client site used by `npm start`, the end-to-end tests and the README.
-- Idempotent: running it again changes nothing. A database seeded before keeps the version 1 it
-- has (start from a fresh state directory to get this one); a config change is a new version row.
INSERT INTO sites (id, name, allowed_origins)
VALUES ('demo', 'NovoAIGen (demo)', '["http://localhost:8080","http://127.0.0.1:8080"]')
ON CONFLICT (id) DO NOTHING;

INSERT INTO site_config_versions (site_id, version, revision, config)
VALUES ('demo', 1, 1, json('{
  "siteId": "demo",
  "revision": 1,
  "version": 1,
  "expiryDays": 365,
  "locale": "en",
  "noticeUrl": "http://localhost:8080/privacy.html",
  "categories": [
    {
      "id": "necessary",
      "title": "Strictly necessary",
      "description": "Keeps the site secure and remembers your privacy choices. These cannot be switched off.",
      "required": true,
      "cookies": ["novo_consent"],
      "i18n": {
        "de": {
          "title": "Unbedingt erforderlich",
          "description": "Hält die Website sicher und speichert Ihre Datenschutzeinstellungen. Diese Cookies lassen sich nicht abschalten."
        },
        "ar": {
          "title": "ضرورية للغاية",
          "description": "تحافظ على أمان الموقع وتتذكر خياراتك المتعلقة بالخصوصية. لا يمكن إيقاف تشغيلها."
        }
      }
    },
    {
      "id": "analytics",
      "title": "Analytics",
      "description": "Counts visits and measures how pages are used, so we can improve the site. No data is sold.",
      "required": false,
      "cookies": ["_demo_analytics"],
      "services": [
        {
          "id": "demo-analytics",
          "name": "Demo Analytics",
          "vendor": "NovoAIGen",
          "purpose": "Counts visits and measures how pages are used, on our own servers.",
          "cookies": ["_demo_analytics"],
          "retention": "13 months"
        }
      ],
      "i18n": {
        "de": {
          "title": "Statistik",
          "description": "Zählt Besuche und misst, wie Seiten genutzt werden, damit wir die Website verbessern können. Es werden keine Daten verkauft."
        },
        "ar": {
          "title": "التحليلات",
          "description": "تحصي الزيارات وتقيس كيفية استخدام الصفحات حتى نتمكن من تحسين الموقع. لا تُباع أي بيانات."
        }
      }
    },
    {
      "id": "marketing",
      "title": "Marketing",
      "description": "Lets partners show you relevant offers on other sites and measure campaigns.",
      "required": false,
      "cookies": ["_demo_marketing*"],
      "gpcOptOut": true,
      "services": [
        {
          "id": "youtube",
          "name": "YouTube",
          "vendor": "Google Ireland Limited",
          "purpose": "Plays embedded videos and measures their use for advertising.",
          "cookies": ["YSC", "VISITOR_INFO1_LIVE"],
          "retention": "up to 6 months",
          "privacyPolicyUrl": "https://policies.google.com/privacy"
        }
      ],
      "i18n": {
        "de": {
          "title": "Marketing",
          "description": "Ermöglicht Partnern, Ihnen auf anderen Websites passende Angebote zu zeigen und Kampagnen zu messen."
        },
        "ar": {
          "title": "التسويق",
          "description": "تتيح للشركاء أن يعرضوا عليك عروضًا مناسبة على مواقع أخرى وأن يقيسوا أداء الحملات."
        }
      }
    }
  ],
  "messages": {
    "en": {
      "bannerTitle": "Your privacy choices",
      "bannerDescription": "NovoAIGen uses cookies that are strictly necessary to run this site. With your consent we would also like to use analytics and marketing cookies. You can change your mind at any time in Privacy settings."
    }
  },
  "regions": {
    "rules": [
      { "regions": ["EU", "EEA", "GB", "CH"], "regime": "opt-in" },
      { "regions": ["US-CA", "US-CO", "US-CT", "US-VA", "US-UT", "US-TX", "US-OR", "US-MT"], "regime": "opt-out" }
    ],
    "defaultRegime": "opt-in",
    "fallbackRegion": "DE"
  },
  "consentMode": { "enabled": true, "adsDataRedaction": true, "urlPassthrough": false }
}'))
ON CONFLICT (site_id, version) DO NOTHING;
