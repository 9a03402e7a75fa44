import type { CategoryChoices, ConsentEvent, ConsentMethod, ConsentRegime, ConsentState, PublicCategory, SiteConfig } from '@novoaigen/consent-schema';
import type { ConsentApi } from './api-client.js';
import { consentCookieString, pageCookies, readConsentCookie } from './consent-cookie.js';
import { ConsentOutbox, type OutboxTimers } from './consent-outbox.js';
import type { ConsentStorage } from './consent-storage.js';
import { completeChoices, expiresAt, isConsentValid } from './consent-validity.js';
import { deleteCookies } from './cookie-cleanup.js';
import { afterNextPaint } from './after-paint.js';
import { randomId } from './random-id.js';

/** Everything a store needs; all of it injectable, so each test builds a fresh, isolated store. */
export interface ConsentStoreOptions {
  /** The worker's consent routes; with `siteId` and `apiBase` (as `ConsentApi` has them), the store also tells the elements where the site's other routes are. */
  api: Pick<ConsentApi, 'fetchConfig' | 'deliver'> & Partial<Pick<ConsentApi, 'siteId' | 'apiBase'>>;
  storage: ConsentStorage;
  /** The document whose cookies the store reads and writes. */
  document: Document;
  /** A config the page already has (inlined), which skips the config request. */
  config?: SiteConfig;
  /**
   * Whether the browser sends Global Privacy Control (`navigator.globalPrivacyControl`); the
   * worker's view of the `Sec-GPC` header counts too. Recorded with every decision.
   */
  gpc?: boolean;
  now?: () => number;
  timers?: OutboxTimers;
  /** Called for problems the host page should not see as exceptions. */
  onError?: (error: unknown) => void;
  /** Called once if the browser refuses the consent cookie; the store then keeps the choice in memory and storage. */
  onCookieUnavailable?: () => void;
  /**
   * Name of a BroadcastChannel on which stores of the same site in other tabs share decisions, so
   * a choice made in one tab applies in all of them at once.
   */
  syncChannel?: string;
  /** The worker's origin: the issuer of this site's receipts, the only one a verifier may accept. */
  issuer?: string;
}

/** Where a site's API lives: its id and the worker's origin (the `site` and `api` of the elements). */
export interface SiteEndpoint {
  site: string;
  api: string;
}

/** The choices the user can change from a decision: a category id → granted map, partial or full. */
export type ChoiceUpdate = Readonly<Record<string, boolean>>;

type Listener = () => void;
type ChangeListener = (state: ConsentState) => void;

/** Adds `listener` to `listeners`; returns the function that removes it. */
function listen<T>(listeners: Set<T>, listener: T): () => void {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

/**
 * The consent engine of one site on one page: config, the visitor's decision, its persistence
 * (IndexedDB, mirrored in the `novo_consent` cookie) and its delivery to the worker's ledger.
 * It also holds the little UI state the elements share (whether the banner or the preferences
 * dialog is asked for), so the elements stay views of one object.
 */
export class ConsentStore {
  /** Resolves once the config and the stored decision are known (never rejects). */
  readonly ready: Promise<void>;
  /** Resolves once the config is known, which is all a decision needs: it does not wait for IndexedDB. */
  #configured: Promise<void>;
  #currentConfig: SiteConfig | null = null;
  #stored: ConsentState | null;
  #subjectId: string | null = null;
  #bannerRequested = false;
  #preferencesRequested = false;
  #listeners = new Set<Listener>();
  #changeListeners = new Set<ChangeListener>();
  #outbox: ConsentOutbox;
  #now: () => number;
  #onError: (error: unknown) => void;
  #options: ConsentStoreOptions;
  #channel: BroadcastChannel | null = null;
  #receipt: string | null = null;
  #cookieLost = false;
  #decidedHere = false;
  /** The worker's origin (`issuer` option): the only issuer of this site's receipts. */
  readonly issuer: string | undefined;

  constructor(options: ConsentStoreOptions) {
    this.#options = options;
    this.issuer = options.issuer;
    this.#now = options.now ?? Date.now;
    this.#onError = options.onError ?? ((error) => console.warn('[novo-consent]', error));
    this.#stored = this.#readCookie();
    this.#subjectId = this.#stored?.subjectId ?? null;
    this.#outbox = new ConsentOutbox(
      options.storage,
      (event) => options.api.deliver(event),
      (event, result) => {
        if (result.status === 'rejected') this.#onError(new Error(`the consent API refused event ${event.eventId}`));
        else if (result.status === 'accepted' && result.receipt) this.#keepReceipt(result.receipt);
      },
      options.timers,
    );
    const config = this.#loadConfig().then((loaded) => {
      this.#currentConfig = loaded;
      this.#emit();
      return loaded;
    });
    this.#configured = config.then(() => {});
    this.ready = this.#load(config);
    if (options.syncChannel && typeof BroadcastChannel === 'function') {
      this.#channel = new BroadcastChannel(options.syncChannel);
      this.#channel.onmessage = (message: MessageEvent<ConsentState>) => this.#adopt(message.data);
    }
  }

  /** A decision made in another tab: it already wrote the cookie, storage and outbox; this tab only follows. */
  async #adopt(state: ConsentState): Promise<void> {
    await this.ready;
    if (this.#stored && Date.parse(this.#stored.updatedAt) >= Date.parse(state.updatedAt)) return;
    this.#subjectId = state.subjectId;
    this.#show(state);
    this.#tell(state);
  }

  /** Makes `state` the decision in force and tells the views. */
  #show(state: ConsentState): void {
    this.#stored = state;
    this.#decidedHere ||= state.method !== 'gpc';
    this.#bannerRequested = false;
    this.#emit();
  }

  #tell(state: ConsentState): void {
    for (const listener of this.#changeListeners) this.#safely(() => listener(state));
  }

  /**
   * IndexedDB opens behind the banner: the views show the config as soon as it is known (a visitor
   * without a consent cookie gets the banner then), and a decision found only in IndexedDB (the
   * cookie was cleared) takes over when it answers.
   */
  async #load(configured: Promise<SiteConfig | null>): Promise<void> {
    const [config, saved, receipt] = await Promise.all([configured, this.#options.storage.get('state'), this.#options.storage.get('receipt')]);
    this.#receipt ??= receipt ?? null;
    // IndexedDB and the cookie can disagree (one cleared, or written by another tab): newest wins.
    if (saved && (!this.#stored || Date.parse(saved.updatedAt) >= Date.parse(this.#stored.updatedAt))) this.#stored = saved;
    // A decision made while IndexedDB was opening is the newest, with the same subject.
    this.#subjectId = this.#stored?.subjectId ?? this.#subjectId;
    this.#emit();
    void this.#outbox.flush();
    if (config && this.#gpcNeedsRecording(config)) await this.#record(config, () => this.choices(), 'gpc');
  }

  /**
   * Global Privacy Control is an opt-out the law makes binding: it is recorded, without a click,
   * unless the valid decision already denies those categories or was an explicit grant made while
   * the browser sent the signal.
   */
  #gpcNeedsRecording(config: SiteConfig): boolean {
    const state = this.state;
    return this.gpc && !state?.gpc && config.categories.some((category) => category.gpcOptOut && !category.required && state?.categories[category.id] !== false);
  }

  async #loadConfig(): Promise<SiteConfig | null> {
    if (this.#options.config) return this.#options.config;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.#options.api.fetchConfig();
      } catch (error) {
        if (attempt === 2) {
          this.#onError(error);
          return null;
        }
        await new Promise((resolve) => setTimeout(resolve, 500 * 2 ** attempt));
      }
    }
  }

  /** The outbox settles events in the order they were made (whatever order their answers come in), so the last receipt is the latest decision's. */
  #keepReceipt(receipt: string): void {
    this.#receipt = receipt;
    void this.#options.storage.set('receipt', receipt);
    this.#emit();
  }

  /** The worker's signed receipt (compact JWS) of the latest decision it recorded, once it has. */
  get receipt(): string | null {
    return this.#receipt;
  }

  /**
   * The site's id and the worker's origin, so that elements calling the site's other routes (the
   * rights form, the notice) need no attributes; null when the store's API did not say.
   */
  get endpoint(): SiteEndpoint | null {
    const { siteId, apiBase } = this.#options.api;
    return siteId && apiBase ? { site: siteId, api: apiBase } : null;
  }

  /**
   * Whether the visitor made a decision while this page was open (here or in another tab); a
   * Global Privacy Control record is not one. Views created after it can still acknowledge it.
   */
  get decidedOnThisPage(): boolean {
    return this.#decidedHere;
  }

  /** The site config, once loaded. */
  get config(): SiteConfig | null {
    return this.#currentConfig;
  }

  /** Whether a Global Privacy Control signal reached the browser or the worker. */
  get gpc(): boolean {
    return this.#options.gpc === true || this.#currentConfig?.visitor?.gpc === true;
  }

  /** How this visitor is asked, by the worker's reading of their region: `opt-in` until it says otherwise. */
  get regime(): ConsentRegime {
    return this.#currentConfig?.visitor?.regime ?? 'opt-in';
  }

  /** The visitor's valid decision for the current config, or null when there is none (or it expired or is outdated). */
  get state(): ConsentState | null {
    const config = this.#currentConfig;
    return config && isConsentValid(this.#stored, config, this.#now()) ? this.#stored : null;
  }

  /**
   * True once the config is known and the visitor has not decided (a Global Privacy Control record
   * answers for some categories only); never under the `none` regime.
   */
  get needsDecision(): boolean {
    const state = this.state;
    return this.#currentConfig !== null && this.regime !== 'none' && (state === null || state.method === 'gpc');
  }

  /**
   * When a visitor who had decided is asked again because the privacy notice changed materially
   * since: the date of that change (to tell them), else null.
   */
  get noticeChangedAt(): string | null {
    const changedAt = this.#currentConfig?.notice?.materialChangeAt;
    return changedAt && this.needsDecision && this.#stored && Date.parse(changedAt) > Date.parse(this.#stored.updatedAt) ? changedAt : null;
  }

  /** Whether the first-layer banner should be on screen. */
  get bannerVisible(): boolean {
    return this.#currentConfig !== null && (this.needsDecision || this.#bannerRequested);
  }

  /** Whether the preferences dialog should be open. */
  get preferencesOpen(): boolean {
    return this.#currentConfig !== null && this.#preferencesRequested;
  }

  /**
   * Whether a category may be used now. Required categories always may; others with a valid grant,
   * or without any decision where the regime is `opt-out` or `none`. A category Global Privacy
   * Control opts out of needs a grant made while the browser sent the signal.
   */
  has(category: string): boolean {
    const found = this.#currentConfig?.categories.find((c) => c.id === category);
    if (!found) return false;
    return found.required || this.#granted(found, this.state);
  }

  #granted(category: PublicCategory, decision: ConsentState | null): boolean {
    const granted = decision ? decision.categories[category.id] === true : this.regime !== 'opt-in';
    return granted && !(category.gpcOptOut && this.gpc && !decision?.gpc);
  }

  /**
   * The choices to show in a form: the valid decision; else the last one made (expired, or under an
   * older revision), so a visitor asked again starts from what they chose; else what applies
   * without a decision (nothing but required categories under `opt-in`).
   */
  choices(): CategoryChoices {
    const config = this.#currentConfig;
    if (!config) return {};
    const decision = this.state ?? this.#stored;
    return Object.fromEntries(config.categories.map((category) => [category.id, category.required || this.#granted(category, decision)]));
  }

  /** Grants every category, except those Global Privacy Control opts out of: they need a grant of their own. */
  acceptAll(): Promise<ConsentState | null> {
    return this.#decide(() => {
      const current = this.choices();
      return Object.fromEntries((this.#currentConfig?.categories ?? []).map((c) => [c.id, (c.gpcOptOut && this.gpc ? current[c.id] : true) === true]));
    }, 'accept_all');
  }

  /** Keeps what applies under the opt-out regime and records that the visitor saw the notice. */
  acknowledge(): Promise<ConsentState | null> {
    return this.#decide(() => this.choices(), 'notice');
  }

  rejectAll(): Promise<ConsentState | null> {
    return this.#decide(() => ({}), 'reject_all');
  }

  /**
   * Changes some categories, keeping the others as they are. Unknown ids are ignored and required
   * categories stay on. Resolves with the new state once it is stored on this device; delivery to
   * the worker continues in the background until it succeeds.
   */
  set(update: ChoiceUpdate, method: ConsentMethod = 'api'): Promise<ConsentState | null> {
    return this.#decide(() => ({ ...this.choices(), ...update }), method);
  }

  async #decide(choose: () => ChoiceUpdate, method: ConsentMethod): Promise<ConsentState | null> {
    await this.#configured;
    const config = this.#currentConfig;
    if (!config) {
      this.#onError(new Error('no site config: decision not recorded'));
      return null;
    }
    return this.#record(config, choose, method);
  }

  async #record(config: SiteConfig, choose: () => ChoiceUpdate, method: ConsentMethod): Promise<ConsentState> {
    const state: ConsentState = {
      subjectId: (this.#subjectId ??= randomId()),
      categories: completeChoices(config, choose()),
      revision: config.revision,
      method,
      gpc: this.gpc,
      updatedAt: new Date(this.#now()).toISOString(),
    };
    const { updatedAt, ...decision } = state;
    const event: ConsentEvent = {
      ...decision,
      eventId: randomId(),
      configVersion: config.version,
      noticeVersion: config.notice?.version,
      locale: config.locale,
      region: config.visitor?.region ?? null,
      regime: this.regime,
      occurredAt: updatedAt,
    };
    // Sent and stored before anyone hears of the choice: a listener may leave the page at once. The
    // keepalive send and the writes start here, in the task of the choice (see ConsentOutbox).
    const kept = Promise.all([this.#options.storage.set('state', state), this.#outbox.add(event)]);
    this.#preferencesRequested = false;
    this.#writeCookie(state, config);
    this.#show(state);
    // The banner or dialog goes in the next frame; the cookie clean-up, the listeners (gated
    // scripts start there) and the other tabs wait until it is painted.
    const told = afterNextPaint().then(() => {
      this.#removeDeniedCookies(config, state);
      this.#tell(state);
      this.#channel?.postMessage(state);
    });
    await Promise.all([kept, told]);
    return state;
  }

  #readCookie(): ConsentState | null {
    return readConsentCookie(pageCookies(this.#options.document));
  }

  #writeCookie(state: ConsentState, config: SiteConfig): void {
    const doc = this.#options.document;
    const maxAge = (expiresAt(state, config) - this.#now()) / 1000;
    try {
      doc.cookie = consentCookieString(state, maxAge, doc.location.protocol === 'https:');
    } catch {
      // Refused: the check below reports it.
    }
    // Blocked cookies are dropped silently; only reading back tells.
    if (!this.#cookieLost && this.#readCookie()?.updatedAt !== state.updatedAt) {
      this.#cookieLost = true;
      this.#options.onCookieUnavailable?.();
    }
  }

  /** Cookies of every category not granted go, including any a script set before it was asked. */
  #removeDeniedCookies(config: SiteConfig, state: ConsentState): void {
    const patterns = config.categories.filter((category) => !state.categories[category.id]).flatMap((category) => category.cookies);
    if (patterns.length > 0) deleteCookies(this.#options.document, patterns);
  }

  /** Shows the first-layer banner even when a valid decision exists. */
  showBanner(): void {
    this.#bannerRequested = true;
    this.#emit();
  }

  /** Opens the preferences dialog. */
  showPreferences(): void {
    this.#preferencesRequested = true;
    this.#emit();
  }

  /** Closes the preferences dialog without deciding. */
  closePreferences(): void {
    if (!this.#preferencesRequested) return;
    this.#preferencesRequested = false;
    this.#emit();
  }

  /** Sends any decisions still waiting for the worker now (for example when the browser comes back online). */
  retryDelivery(): Promise<void> {
    return this.#outbox.flush();
  }

  /** Decisions stored on this device that the worker has not accepted yet. */
  pendingEvents(): Promise<ConsentEvent[]> {
    return this.#outbox.pending();
  }

  /** Calls `listener` after anything a view shows changes (config, decision, banner, dialog). */
  subscribe(listener: Listener): () => void {
    return listen(this.#listeners, listener);
  }

  /** Calls `listener` with the new state after every decision. */
  onChange(listener: ChangeListener): () => void {
    return listen(this.#changeListeners, listener);
  }

  #emit(): void {
    for (const listener of this.#listeners) this.#safely(listener);
  }

  #safely(listener: () => void): void {
    try {
      listener();
    } catch (error) {
      this.#onError(error);
    }
  }
}
