import type { Bindings } from '../env.js';
import { fromBase64, randomBytes, toBase64Url, toHex } from './encoding.js';

/**
 * Where a sealed value belongs: its table (or bucket), column, site and row. It is the AES-GCM
 * associated data, so a ciphertext copied to another row, column or site no longer decrypts
 * (a requester's email pasted into a site's privacy-contact column is not shown to its viewers).
 */
export interface SealContext {
  table: string;
  column: string;
  site: string;
  row: string;
}

/** A sealed value that does not open where it was found: moved, tampered with, or its key is gone. */
export class SealedValueError extends Error {
  constructor(readonly context: SealContext) {
    super(`a sealed value in ${context.table}.${context.column} (site ${context.site}, row ${context.row}) does not decrypt here`);
  }
}

/** Marks values sealed with their context; values without it are the first format (`<key id>.<iv>.<ciphertext>`). */
const CONTEXT_FORMAT = 'v2';

/** JSON, not a joined string: no part can run into the next one. */
const associatedData = (context: SealContext) => new TextEncoder().encode(JSON.stringify([context.table, context.column, context.site, context.row]));

/**
 * Encrypts personal data and secrets at rest with AES-256-GCM, bound to where the value is stored
 * (SealContext). Ciphertexts carry a format marker and the key id (`v2.k1.<iv>.<ciphertext>`), so
 * keys rotate by adding a new id to `DATA_KEYS`, switching `DATA_KEY_ID`, and keeping the old key
 * until the re-sealing job (services/reseal.ts) or retention has moved every old row.
 * Values of the first format (`k1.<iv>.<ciphertext>`, no context) still decrypt until then.
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
    // A key id equal to the marker, or with a dot, would make sealed bytes ambiguous.
    if (Object.keys(this.#raw).some((id) => id === CONTEXT_FORMAT || id.includes('.'))) throw new Error(`DATA_KEYS ids may not be "${CONTEXT_FORMAT}" nor contain a dot`);
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

  /** Whether a sealed value (text or the start of sealed bytes) is in the current, context-bound format. */
  static isBound(sealed: string): boolean {
    return sealed.startsWith(`${CONTEXT_FORMAT}.`);
  }

  async encrypt(plaintext: string, context: SealContext): Promise<string> {
    const iv = randomBytes(12);
    const ciphertext = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: associatedData(context) }, await this.#key(this.#currentId), new TextEncoder().encode(plaintext));
    return `${CONTEXT_FORMAT}.${this.#currentId}.${toBase64Url(iv)}.${toBase64Url(new Uint8Array(ciphertext))}`;
  }

  /** Opens a value sealed for `context` (or of the first format); anything else throws SealedValueError. */
  async decrypt(sealed: string, context: SealContext): Promise<string> {
    const parts = sealed.split('.');
    const bound = parts[0] === CONTEXT_FORMAT;
    const [id, iv, ciphertext] = bound ? parts.slice(1) : parts;
    if (!id || !iv || !ciphertext || parts.length !== (bound ? 4 : 3)) throw new SealedValueError(context);
    return new TextDecoder().decode(await this.#open(id, fromBase64(iv), fromBase64(ciphertext), context, bound));
  }

  /** Decrypts with the context as associated data when the value was `bound` to it (the first format had none). */
  async #open(id: string, iv: Uint8Array, ciphertext: Uint8Array, context: SealContext, bound: boolean): Promise<ArrayBuffer> {
    try {
      return await crypto.subtle.decrypt({ name: 'AES-GCM', iv, ...(bound ? { additionalData: associatedData(context) } : {}) }, await this.#key(id), ciphertext);
    } catch {
      throw new SealedValueError(context);
    }
  }

  /** Encrypts bytes (a response package); the result starts with the marker, the key id, a dot, and the 12-byte IV. */
  async encryptBytes(plaintext: ArrayBuffer, context: SealContext): Promise<Uint8Array> {
    const iv = randomBytes(12);
    const ciphertext = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: associatedData(context) }, await this.#key(this.#currentId), plaintext));
    const prefix = new TextEncoder().encode(`${CONTEXT_FORMAT}.${this.#currentId}.`);
    const sealed = new Uint8Array(prefix.length + iv.length + ciphertext.length);
    sealed.set(prefix);
    sealed.set(iv, prefix.length);
    sealed.set(ciphertext, prefix.length + iv.length);
    return sealed;
  }

  async decryptBytes(sealed: Uint8Array, context: SealContext): Promise<ArrayBuffer> {
    const marker = new TextEncoder().encode(`${CONTEXT_FORMAT}.`);
    const bound = marker.every((byte, i) => sealed[i] === byte);
    const start = bound ? marker.length : 0;
    const dot = sealed.indexOf(0x2e, start);
    if (dot < start + 1) throw new SealedValueError(context);
    const id = new TextDecoder().decode(sealed.subarray(start, dot));
    return this.#open(id, sealed.subarray(dot + 1, dot + 13), sealed.subarray(dot + 13), context, bound);
  }

  /** A stable keyed hash for equality lookups (for example of an email, lowercased by the caller). */
  async lookupHash(value: string): Promise<string> {
    return toHex(await crypto.subtle.sign('HMAC', await this.#hmac, new TextEncoder().encode(value)));
  }
}
