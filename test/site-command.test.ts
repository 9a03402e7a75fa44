import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { API_ORIGIN } from './e2e/env.js';

const root = path.resolve(import.meta.dirname, '..');
const site = (...args: string[]) => execFileSync(process.execPath, ['scripts/site.mjs', ...args], { cwd: root, encoding: 'utf8' });

describe('npm run site', () => {
  it('creates a site, prints its admin key once, and updates its settings', async () => {
    const created = site('create', '--name', 'Command Shop', '--origin', 'https://command.example');
    const siteId = /Site created: (\S+)/.exec(created)?.[1];
    const adminKey = /(nck_\S+)/.exec(created)?.[1];
    expect(siteId).toMatch(/^command-shop-/);
    expect(created).toContain(`data-site="${siteId}"`);

    const settings = await fetch(`${API_ORIGIN}/v1/admin/sites/${siteId}`, { headers: { Authorization: `Bearer ${adminKey}` } });
    expect(settings.status).toBe(200);

    const updated = JSON.parse(site('update', siteId!, '--origin', 'https://www.command.example', '--deadline-days', '21', '--privacy-email', 'dpo@command.example')) as Record<string, unknown>;
    expect(updated).toMatchObject({ origins: ['https://www.command.example'], deadlineDays: 21, forwarding: { privacyEmail: 'dpo@command.example' } });
    expect(site('key', siteId!, '--role', 'viewer')).toMatch(/New viewer key for .+\n\s+nck_/);
  });
});
