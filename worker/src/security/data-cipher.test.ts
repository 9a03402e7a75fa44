import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { DataCipher } from './data-cipher.js';

describe('DataCipher', () => {
  it('encrypts with the current key id and still decrypts data sealed under an older key', async () => {
    const before = new DataCipher({ ...env, DATA_KEY_ID: 'k1' });
    const old = await before.encrypt('dpo@old.example');
    expect(old).toMatch(/^k1\./);
    const now = new DataCipher(env);
    const fresh = await now.encrypt('dpo@old.example');
    expect(fresh).toMatch(/^k2\./);
    expect(fresh).not.toBe(await now.encrypt('dpo@old.example'));
    expect(await now.decrypt(old)).toBe('dpo@old.example');
    expect(await now.decrypt(fresh)).toBe('dpo@old.example');
  });

  it('refuses tampered ciphertexts and gives stable keyed lookup hashes', async () => {
    const cipher = new DataCipher(env);
    const sealed = await cipher.encrypt('secret');
    const tampered = `${sealed.slice(0, -2)}${sealed.endsWith('A') ? 'B' : 'A'}A`;
    await expect(cipher.decrypt(tampered)).rejects.toThrow();
    expect(await cipher.lookupHash('a@b.example')).toBe(await cipher.lookupHash('a@b.example'));
    expect(await cipher.lookupHash('a@b.example')).not.toBe(await cipher.lookupHash('c@b.example'));
    expect(await cipher.lookupHash('a@b.example')).toMatch(/^[0-9a-f]{64}$/);
  });
});
