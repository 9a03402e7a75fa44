import type { LedgerEntry } from '@novoaigen/consent-schema';
import type { Bindings } from '../env.js';
import { ReceiptSigner } from '../security/receipt-signer.js';

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
