import type { LedgerEntry } from '@novoaigen/consent-schema';
import type { Bindings } from '../env.js';
import { ReceiptSigner, verifyReceipt } from '../security/receipt-signer.js';

/** The ledger facts a receipt is signed over. */
export type ReceiptFacts = Pick<
  LedgerEntry,
  'receiptId' | 'eventId' | 'subjectId' | 'categories' | 'revision' | 'configVersion' | 'method' | 'gpc' | 'recordedAt' | 'payloadHash'
> & Partial<Pick<LedgerEntry, 'noticeVersion' | 'region' | 'regime'>>;

/** Signs the receipt of one ledger row. Deterministic: the same row always yields the same token. */
export function signReceipt(env: Bindings, issuer: string, siteId: string, facts: ReceiptFacts): Promise<string> {
  return new ReceiptSigner(env).sign({
    iss: issuer,
    sub: facts.subjectId,
    site: siteId,
    rid: facts.receiptId,
    eid: facts.eventId,
    cat: facts.categories,
    rev: facts.revision,
    cv: facts.configVersion,
    nv: facts.noticeVersion ?? null,
    m: facts.method,
    gpc: facts.gpc,
    ...(facts.region ? { reg: facts.region } : {}),
    ...(facts.regime ? { rgm: facts.regime } : {}),
    iat: Math.floor(Date.parse(facts.recordedAt) / 1000),
    ph: facts.payloadHash,
  });
}

/**
 * The subject id a rights request may name: the `sub` of a receipt this worker signed (one of its
 * keys, its origin as issuer, this site), and only if the request named no other subject. A subject
 * id without such a receipt proves nothing (anyone can send any id), so it is dropped: null.
 */
export async function provenSubjectId(env: Bindings, issuer: string, siteId: string, receipt: string | undefined, claimed: string | undefined): Promise<string | null> {
  if (!receipt) return null;
  // A malformed token (bad base64, bad JSON, a key that does not import) proves nothing either.
  const claims = await verifyReceipt(receipt, new ReceiptSigner(env).jwks()).catch(() => null);
  if (!claims || claims.iss !== issuer || claims.site !== siteId || typeof claims.sub !== 'string') return null;
  return claimed === undefined || claimed === claims.sub ? claims.sub : null;
}
