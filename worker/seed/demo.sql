-- The demo client site used by `npm start`, the end-to-end tests and the README.
-- Idempotent: running it again changes nothing. A config change is a new version row.
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
      "cookies": ["novo_consent"]
    },
    {
      "id": "analytics",
      "title": "Analytics",
      "description": "Counts visits and measures how pages are used, so we can improve the site. No data is sold.",
      "required": false,
      "cookies": ["_demo_analytics"]
    },
    {
      "id": "marketing",
      "title": "Marketing",
      "description": "Lets partners show you relevant offers on other sites and measure campaigns.",
      "required": false,
      "cookies": ["_demo_marketing*"]
    }
  ],
  "texts": {
    "bannerTitle": "Your privacy choices",
    "bannerDescription": "NovoAIGen uses cookies that are strictly necessary to run this site. With your consent we would also like to use analytics and marketing cookies. You can change your mind at any time in Privacy settings."
  }
}'))
ON CONFLICT (site_id, version) DO NOTHING;
