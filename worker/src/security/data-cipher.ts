import type { Bindings } from '../env.js';
import { fromBase64, randomBytes, toBase64Url, toHex } from './encoding.js';

/**
 * Encrypts personal data and secrets at rest with AES-256-GCM. Ciphertexts carry the key id
 * (`k1.<iv>.<ciphertext>`), so keys rotate by adding a new id to `DATA_KEYS`, switching
 * `DATA_KEY_ID`, and keeping the old key until old rows are re-encrypted or purged.
 * Lookups never compare plaintext: `lookupHash` is a keyed HMAC, useless without the key.
 */
export class DataCipher {
  #keys = new Map<string, Promise<CryptoKey>>();
  #hmac: Promise<CryptoKey>;
  #currentId: string;
  #raw: Record<string, string>;

  constructor(env: Pick<Bindings, 'DATA_KEYS' | 'DATA_KEY_ID' | 'LOOKUP_KEY'>) {
    this.#raw = JSON.parse(env.DATA_KEYS) as Record<string, string>;
    this.#currentId = env.DATA_KEY_ID;
    if (!this.#raw[this.#currentId]) throw new Error(`DATA_KEYS has no key "${this.#currentId}"`);
    this.#hmac = crypto.subtle.importKey('raw', fromBase64(env.LOOKUP_KEY), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  }

  #key(id: string): Promise<CryptoKey> {
    let key = this.#keys.get(id);
    if (!key) {
      const raw = this.#raw[id];
      if (!raw) throw new Error(`no data key "${id}"`);
      key = crypto.subtle.importKey('raw', fromBase64(raw), 'AES-GCM', false, ['encrypt', 'decrypt']);
      this.#keys.set(id, key);
    }
    return key;
  }

  async encrypt(plaintext: string): Promise<string> {
    const iv = randomBytes(12);
    const ciphertext = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, await this.#key(this.#currentId), new TextEncoder().encode(plaintext));
    return `${this.#currentId}.${toBase64Url(iv)}.${toBase64Url(new Uint8Array(ciphertext))}`;
  }

  async decrypt(sealed: string): Promise<string> {
    const [id, iv, ciphertext] = sealed.split('.');
    if (!id || !iv || !ciphertext) throw new Error('not a sealed value');
    const plaintext = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: fromBase64(iv) }, await this.#key(id), fromBase64(ciphertext));
    return new TextDecoder().decode(plaintext);
  }

  /** Encrypts bytes (a response package); the result starts with the key id, a dot, and the 12-byte IV. */
  async encryptBytes(plaintext: ArrayBuffer): Promise<Uint8Array> {
    const iv = randomBytes(12);
    const ciphertext = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, await this.#key(this.#currentId), plaintext));
    const prefix = new TextEncoder().encode(`${this.#currentId}.`);
    const sealed = new Uint8Array(prefix.length + iv.length + ciphertext.length);
    sealed.set(prefix);
    sealed.set(iv, prefix.length);
    sealed.set(ciphertext, prefix.length + iv.length);
    return sealed;
  }

  async decryptBytes(sealed: Uint8Array): Promise<ArrayBuffer> {
    const dot = sealed.indexOf(0x2e);
    if (dot < 1) throw new Error('not a sealed value');
    const id = new TextDecoder().decode(sealed.subarray(0, dot));
    const iv = sealed.subarray(dot + 1, dot + 13);
    return crypto.subtle.decrypt({ name: 'AES-GCM', iv }, await this.#key(id), sealed.subarray(dot + 13));
  }

  /** A stable keyed hash for equality lookups (for example of an email, lowercased by the caller). */
  async lookupHash(value: string): Promise<string> {
    return toHex(await crypto.subtle.sign('HMAC', await this.#hmac, new TextEncoder().encode(value)));
  }
}
