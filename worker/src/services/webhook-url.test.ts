import { describe, expect, it } from 'vitest';
import { webhookUrlProblem } from './webhook-url.js';

const production = { ENVIRONMENT: 'production' };
const development = { ENVIRONMENT: 'development' };

describe('webhook URL rules', () => {
  it('accepts an https URL of a public DNS name', () => {
    expect(webhookUrlProblem('https://hooks.acme.example/privacy?x=1', production)).toBeNull();
    expect(webhookUrlProblem('https://api.acme.com:8443/hooks', production)).toBeNull();
  });

  it('requires https outside development', () => {
    expect(webhookUrlProblem('http://hooks.acme.example/privacy', production)).toBe('must use https:');
    expect(webhookUrlProblem('ftp://hooks.acme.example/privacy', production)).toBe('must use https:');
    expect(webhookUrlProblem('not a url', production)).toBe('must be an absolute URL');
  });

  it('refuses IP literals in every spelling', () => {
    for (const url of [
      'https://127.0.0.1/',
      'https://10.0.0.8/hook',
      'https://169.254.169.254/latest/meta-data',
      'https://2130706433/',
      'https://0x7f.0.0.1/',
      'https://0x7f000001/',
      'https://017700000001/',
      'https://0177.0.0.1/',
      'https://127.1/',
      'https://[::1]/',
      'https://[::ffff:127.0.0.1]/',
      'https://[fd00::1]:8443/',
    ]) {
      expect(webhookUrlProblem(url, production), url).toBe('must name a host by its DNS name, not an IP address');
    }
  });

  it('refuses reserved and single-label names', () => {
    for (const url of ['https://localhost/', 'https://LOCALHOST./', 'https://api.localhost/', 'https://printer.local/', 'https://db.internal/', 'https://router.home.arpa/', 'https://intranet/', 'https://metadata/']) {
      expect(webhookUrlProblem(url, production), url).toMatch(/^must name a public host/);
    }
  });

  it('refuses credentials in the URL', () => {
    expect(webhookUrlProblem('https://user:pass@hooks.acme.example/', production)).toMatch(/user name or password/);
  });

  it('allows the local receiver in development only, and nothing else local', () => {
    for (const url of ['http://localhost:8790/privacy-requests', 'http://127.0.0.1:8790/', 'http://[::1]:8790/']) {
      expect(webhookUrlProblem(url, development), url).toBeNull();
      expect(webhookUrlProblem(url, production), url).not.toBeNull();
    }
    expect(webhookUrlProblem('http://10.0.0.8/', development)).toBe('must use https:');
    expect(webhookUrlProblem('https://printer.local/', development)).toMatch(/^must name a public host/);
    expect(webhookUrlProblem('https://hooks.acme.example/', {})).toBeNull();
    expect(webhookUrlProblem('http://localhost:8790/', {})).toBe('must use https:');
  });
});
