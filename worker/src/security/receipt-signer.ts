import type { CategoryChoices, ConsentMethod, ConsentRegime } from '@novoaigen/consent-schema';
import { fromBase64, toBase64Url } from './encoding.js';

/** What a consent receipt asserts; short claim names keep the token small. */
export interface ReceiptClaims {
  /** Issuer: the API origin; its keys are at `${iss}/.well-known/jwks.json`. */
  iss: string;
  /** The subject (pseudonymous browser id). */
  sub: string;
  site: string;
  /** Receipt id and event id. */
  rid: string;
  eid: string;
  /** The choices, the consent revision and the config version (texts) shown. */
  cat: CategoryChoices;
  rev: number;
  cv: number;
  /** The privacy-notice version shown, or null. */
  nv: number | null;
  m: ConsentMethod;
  gpc: boolean;
  /**
   * The visitor's region and the regime the SDK applied, when the event named them. Left out
   * otherwise, so receipts of events recorded before regions existed stay the same token.
   */
  reg?: string;
  rgm?: ConsentRegime;
  /** When the worker recorded it, in seconds since the epoch. */
  iat: number;
  /** SHA-256 of the event as received. */
  ph: string;
}

/** A public Ed25519 key in JWK form, as served in the JWKS. */
export interface PublicJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
  alg: 'EdDSA';
  use: 'sig';
}

/**
 * What a ledger checkpoint asserts: a shard's head at a moment. `count` is the number of rows the
 * shard held then (its position less the rows purged before).
 */
export interface CheckpointClaims {
  iss: string;
  siteId: string;
  shard: number;
  position: number;
  rowHash: string;
  count: number;
  /** When the head was read (ISO 8601). */
  at: string;
}

/**
 * What a cold-storage archive of a shard asserts: the run of positions it holds and the chain's
 * hashes at both ends (the `prevHash` of its first row, the `rowHash` of its last), so the rows in
 * between verify by their chain alone.
 */
export interface ArchiveClaims {
  iss: string;
  siteId: string;
  shard: number;
  from: number;
  to: number;
  /** Rows the archive held when written. */
  count: number;
  prevHash: string;
  rowHash: string;
  at: string;
}

/**
 * The JWS `typ` of each kind of token. Verifiers insist on it, so a consent receipt can never pass
 * for a ledger checkpoint signed by the same key, nor the other way round.
 */
const RECEIPT_TYP = 'JWT';
const CHECKPOINT_TYP = 'novo-ledger-checkpoint+jwt';
const ARCHIVE_TYP = 'novo-ledger-archive+jwt';

const encodeJson = (value: unknown) => toBase64Url(new TextEncoder().encode(JSON.stringify(value)));

/**
 * Signs consent receipts as compact JWS (EdDSA / Ed25519, WebCrypto), so a visitor or an auditor
 * can verify one offline with the public keys. Ed25519 signatures are deterministic: a replayed
 * event gets the very same token.
 */
export class ReceiptSigner {
  #key: Promise<CryptoKey>;
  #publicKeys: PublicJwk[];
  readonly kid: string;

  // The two secrets by shape rather than through the worker's `Bindings`, so the ledger verifier
  // (a Node tool that shares this module) compiles without the Workers types.
  constructor(env: { RECEIPT_SIGNING_KEY: string; RECEIPT_RETIRED_PUBLIC_KEYS?: string | undefined }) {
    const jwk = JSON.parse(env.RECEIPT_SIGNING_KEY) as JsonWebKey & { kid?: string };
    if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || !jwk.d || !jwk.x || !jwk.kid) throw new Error('RECEIPT_SIGNING_KEY must be an Ed25519 private JWK with a kid');
    this.kid = jwk.kid;
    this.#key = crypto.subtle.importKey('jwk', { kty: jwk.kty, crv: jwk.crv, d: jwk.d, x: jwk.x }, { name: 'Ed25519' }, false, ['sign']);
    const retired = env.RECEIPT_RETIRED_PUBLIC_KEYS ? (JSON.parse(env.RECEIPT_RETIRED_PUBLIC_KEYS) as PublicJwk[]) : [];
    this.#publicKeys = [{ kty: 'OKP', crv: 'Ed25519', x: jwk.x, kid: jwk.kid, alg: 'EdDSA', use: 'sig' }, ...retired];
  }

  sign(claims: ReceiptClaims): Promise<string> {
    return this.#signJws(RECEIPT_TYP, claims);
  }

  /** Signs a ledger shard's head (see `CheckpointClaims`). */
  signCheckpoint(claims: CheckpointClaims): Promise<string> {
    return this.#signJws(CHECKPOINT_TYP, claims);
  }

  /** Signs the header of a ledger archive (see `ArchiveClaims`). */
  signArchive(claims: ArchiveClaims): Promise<string> {
    return this.#signJws(ARCHIVE_TYP, claims);
  }

  async #signJws(typ: string, claims: object): Promise<string> {
    const signingInput = `${encodeJson({ alg: 'EdDSA', typ, kid: this.kid })}.${encodeJson(claims)}`;
    const signature = await crypto.subtle.sign('Ed25519', await this.#key, new TextEncoder().encode(signingInput));
    return `${signingInput}.${toBase64Url(new Uint8Array(signature))}`;
  }

  /** The JWKS: the current key and any retired ones that old receipts were signed with. */
  jwks(): { keys: PublicJwk[] } {
    return { keys: this.#publicKeys };
  }
}

/** Verifies a receipt against a JWKS; returns its claims, or null if the signature, key or type does not match. */
export function verifyReceipt(token: string, jwks: { keys: PublicJwk[] }): Promise<ReceiptClaims | null> {
  return verifyJws<ReceiptClaims>(token, jwks, RECEIPT_TYP);
}

/**
 * Verifies a ledger checkpoint against a JWKS and the issuer the caller trusts; returns its claims,
 * or null if the signature, key, type or issuer does not match.
 */
export function verifyCheckpoint(token: string, jwks: { keys: PublicJwk[] }, issuer: string): Promise<CheckpointClaims | null> {
  return verifyIssued<CheckpointClaims>(token, jwks, issuer, CHECKPOINT_TYP);
}

/** Verifies a ledger archive's header against a JWKS and the trusted issuer; returns its claims or null. */
export function verifyArchive(token: string, jwks: { keys: PublicJwk[] }, issuer: string): Promise<ArchiveClaims | null> {
  return verifyIssued<ArchiveClaims>(token, jwks, issuer, ARCHIVE_TYP);
}

async function verifyIssued<Claims extends { iss: string }>(token: string, jwks: { keys: PublicJwk[] }, issuer: string, typ: string): Promise<Claims | null> {
  const claims = await verifyJws<Claims>(token, jwks, typ);
  return claims?.iss === issuer ? claims : null;
}

async function verifyJws<Claims>(token: string, jwks: { keys: PublicJwk[] }, typ: string): Promise<Claims | null> {
  const [header, payload, signature] = token.split('.');
  if (!header || !payload || !signature) return null;
  let fields: { kid?: unknown; alg?: unknown; typ?: unknown };
  try {
    fields = JSON.parse(new TextDecoder().decode(fromBase64(header))) as typeof fields;
  } catch {
    return null;
  }
  const jwk = jwks.keys.find((key) => key.kid === fields.kid);
  if (!jwk || fields.alg !== 'EdDSA' || fields.typ !== typ) return null;
  const key = await crypto.subtle.importKey('jwk', { kty: jwk.kty, crv: jwk.crv, x: jwk.x }, { name: 'Ed25519' }, false, ['verify']);
  const valid = await crypto.subtle.verify('Ed25519', key, fromBase64(signature), new TextEncoder().encode(`${header}.${payload}`));
  return valid ? (JSON.parse(new TextDecoder().decode(fromBase64(payload))) as Claims) : null;
}
