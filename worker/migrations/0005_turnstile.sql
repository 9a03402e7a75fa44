-- Optional Cloudflare Turnstile for a site's rights-request form: the secret, encrypted.
ALTER TABLE sites ADD COLUMN turnstile_secret_enc TEXT;
