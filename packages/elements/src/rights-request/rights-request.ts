import { RightsRequestApi } from '@novoaigen/consent-core';
import { RightsRequestSchema, RightsRequestTypeSchema, TYPES_NEEDING_DETAILS, VerifyCodeSchema, type MessageKey, type Messages, type RightsRequestType } from '@novoaigen/consent-schema';
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { defineElement } from '../define-element.js';
import { buttonStyles, themeStyles } from '../styles/theme.styles.js';
import { ConsentController } from '../consent-controller.js';
import { fill, messagesFor } from '../messages.js';
import { SiteEndpointController } from '../site-endpoint.js';
import { rightsRequestStyles } from './rights-request.styles.js';

type Step = 'form' | 'code' | 'done';
type Fields = 'type' | 'fullName' | 'email' | 'details' | 'accountId' | 'region' | 'confirm' | 'code';

const TYPE_MESSAGES: Record<RightsRequestType, MessageKey> = {
  access: 'rightsTypeAccess',
  portability: 'rightsTypePortability',
  correction: 'rightsTypeCorrection',
  deletion: 'rightsTypeDeletion',
  restriction: 'rightsTypeRestriction',
  objection: 'rightsTypeObjection',
  opt_out_communications: 'rightsTypeOptOutCommunications',
  inquiry: 'rightsTypeInquiry',
};

/** The regions whose laws set the answer's deadline, in the form's order. */
const REGION_MESSAGES: Record<string, MessageKey> = { other: 'rightsRegionOther', eu: 'rightsRegionEu', uk: 'rightsRegionUk', 'us-ca': 'rightsRegionUsCa' };

/** Dispatched when the request is confirmed, with its id and due date. */
export class NovoRightsRequestEvent extends CustomEvent<{ requestId: string; dueAt: string }> {
  constructor(detail: { requestId: string; dueAt: string }) {
    super('novo-rights-request', { detail, bubbles: true, composed: true });
  }
}

/**
 * @tagname novo-rights-request
 * @summary A form to exercise a privacy right: choose the right, give name and email, confirm the
 * email with an emailed code, get a reference and a due date.
 *
 * Validates with the same zod schema as the worker; errors sit next to their fields and are
 * announced. Works without the consent banner. Form-associated: inside a `<form>` its value is the
 * confirmed request id.
 *
 * @slot turnstile - A Cloudflare Turnstile widget, for sites that turned Turnstile on; its token is sent with the request.
 * @fires novo-rights-request - The request was confirmed; `detail` is `{ requestId, dueAt }`.
 * @csspart form - Each step's form.
 * @csspart button - The buttons.
 * @csspart confirmation - The final message with the reference and the due date.
 * @cssprop --novo-accent - Button colour.
 * @cssprop --novo-error - Colour of errors.
 */
export class NovoRightsRequest extends LitElement {
  static override styles = [themeStyles, buttonStyles, rightsRequestStyles];
  static formAssociated = true;
  static override properties = {
    site: { reflect: true },
    api: { reflect: true },
    texts: { attribute: false },
    step: { state: true },
    errors: { state: true },
    message: { state: true },
    busy: { state: true },
    type: { state: true },
  };

  /** The site id; by default the one `start()` (or the script tag) was given. */
  site = '';
  /** The worker's origin; by default the one `start()` (or the script tag) was given. */
  api = '';
  /**
   * Words to use instead of the config's (any subset of the SDK's messages). Without a consent store
   * on the page, pass them all (for example `CATALOGUES.de` from `@novoaigen/consent-schema`).
   */
  texts: Partial<Messages> = {};
  private step: Step = 'form';
  private errors: Partial<Record<Fields, string>> = {};
  private message = '';
  private busy = false;
  private type: RightsRequestType = 'access';
  #internals: ElementInternals;
  #request: { requestId: string; email: string } | null = null;
  #done: { requestId: string; dueAt: string } | null = null;

  constructor() {
    super();
    this.#internals = this.attachInternals();
  }

  #consent = new ConsentController(this);
  #endpoint = new SiteEndpointController(this, this.#consent);

  get #t(): Messages {
    return messagesFor(this.#consent.store?.config, this.texts);
  }

  /** The visitor's language's message for a validation issue; the schema's own messages are English. */
  #issueMessage(field: Fields, code: string): string {
    const t = this.#t;
    if (field === 'confirm') return t.errorConfirm;
    // An empty field, or details the chosen request type needs.
    if (field === 'details' || code === 'too_small') return code === 'too_big' ? t.errorTooLong : t.errorRequired;
    if (field === 'email') return t.errorEmail;
    return code === 'too_big' ? t.errorTooLong : t.errorInvalid;
  }

  /** The visitor's language's message for an error of the API. */
  #apiMessage(code: string): string {
    const t = this.#t;
    const known: Record<string, string> = {
      invalid_code: t.errorCodeWrong,
      code_expired: t.errorCodeExpired,
      verification_locked: t.errorCodeExpired,
      rate_limited: t.errorRateLimited,
      network_error: t.errorNetwork,
      validation_failed: t.rightsFixErrors,
    };
    return known[code] ?? t.errorServer;
  }

  get #api(): RightsRequestApi | null {
    const endpoint = this.#endpoint.value;
    return endpoint && new RightsRequestApi(endpoint.api, endpoint.site);
  }

  /** On a change of step (not on first render), focus moves to the new step's heading. */
  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (changed.has('step') && changed.get('step') !== undefined) this.renderRoot.querySelector<HTMLElement>('h2')?.focus();
  }

  #showErrors(errors: Partial<Record<Fields, string>>, message: string): void {
    this.errors = errors;
    this.message = message;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
  }

  #issuesToErrors(issues: readonly { path: readonly PropertyKey[] | string; code?: string }[]): Partial<Record<Fields, string>> {
    const errors: Partial<Record<Fields, string>> = {};
    for (const issue of issues) {
      const field = (typeof issue.path === 'string' ? issue.path : String(issue.path[0] ?? '')) as Fields;
      errors[field] ??= this.#issueMessage(field, issue.code ?? '');
    }
    return errors;
  }

  async #submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    // Without a site the button is disabled and says why (see render); Enter in a field still submits.
    const api = this.#api;
    if (!api) return;
    const data = new FormData(event.target as HTMLFormElement);
    const text = (name: string) => String(data.get(name) ?? '').trim() || undefined;
    const values = {
      type: text('type'),
      fullName: text('fullName') ?? '',
      email: text('email') ?? '',
      details: text('details'),
      accountId: text('accountId'),
      region: text('region'),
      confirm: data.get('confirm') === 'on',
      website: text('website'),
      // Cloudflare's Turnstile widget, placed by the site in the `turnstile` slot, leaves its token in this light-DOM field.
      turnstileToken: this.querySelector<HTMLInputElement>('[name="cf-turnstile-response"]')?.value || undefined,
      // The receipt the worker signed proves this browser's subject id, so its consent records can
      // be part of the answer to an access request; a bare id from the cookie would prove nothing.
      receipt: this.#consent.store?.receipt ?? undefined,
    };
    const parsed = RightsRequestSchema.safeParse(values);
    if (!parsed.success) return this.#showErrors(this.#issuesToErrors(parsed.error.issues), this.#t.rightsFixErrors);
    this.busy = true;
    const result = await api.submit(parsed.data);
    this.busy = false;
    if (!result.ok) return this.#showErrors(this.#issuesToErrors(result.error.issues ?? []), this.#apiMessage(result.error.code));
    this.#request = { requestId: result.data.requestId, email: parsed.data.email };
    this.errors = {};
    this.message = '';
    this.step = 'code';
  }

  async #verify(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const code = String(new FormData(event.target as HTMLFormElement).get('code') ?? '').trim();
    const api = this.#api;
    if (!api) return;
    const parsed = VerifyCodeSchema.safeParse({ code });
    if (!parsed.success || !this.#request) return this.#showErrors({ code: this.#t.errorCode }, '');
    this.busy = true;
    const result = await api.verify(this.#request.requestId, parsed.data.code);
    this.busy = false;
    if (!result.ok) {
      // A locked or expired code cannot be retried: the request has to be sent again.
      if (result.error.code === 'verification_locked' || result.error.code === 'code_expired') return this.#restart(this.#apiMessage(result.error.code));
      return this.#showErrors({ code: this.#apiMessage(result.error.code) }, '');
    }
    this.#done = { requestId: result.data.requestId, dueAt: result.data.dueAt };
    this.#internals.setFormValue(result.data.requestId);
    this.errors = {};
    this.step = 'done';
    this.dispatchEvent(new NovoRightsRequestEvent(this.#done));
  }

  #restart(message = ''): void {
    this.#request = null;
    this.errors = {};
    this.message = message;
    this.step = 'form';
  }

  /**
   * A field's label; a required field's says so in words. The words are hidden from assistive
   * technology, which already announces the control's `required`.
   */
  #label(name: Fields, label: string, required: boolean) {
    return html`<label for=${name}>${label}${required ? html` <span class="required" aria-hidden="true">${this.#t.rightsRequired}</span>` : nothing}</label>`;
  }

  #field(name: Fields, label: string, control: unknown, hint?: string, required = false) {
    const error = this.errors[name];
    return html`<div class="field">
      ${this.#label(name, label, required)}
      ${hint ? html`<span class="hint" id="${name}-hint">${hint}</span>` : nothing} ${control}
      ${error ? html`<span class="error" id="${name}-error">${error}</span>` : nothing}
    </div>`;
  }

  /** `aria-describedby` for a control: its hint and its error. */
  #describedBy(name: Fields, hint = false): string {
    return [hint ? `${name}-hint` : '', this.errors[name] ? `${name}-error` : ''].filter(Boolean).join(' ');
  }

  #renderForm(t: Messages) {
    const needsDetails = TYPES_NEEDING_DETAILS.includes(this.type);
    const invalid = (name: Fields) => (this.errors[name] ? 'true' : 'false');
    return html`
      <h2 tabindex="-1">${t.rightsTitle}</h2>
      <p class="hint">${t.rightsIntro}</p>
      <form part="form" novalidate @submit=${this.#submit}>
        ${this.#field(
          'type',
          t.rightsType,
          html`<select id="type" name="type" aria-invalid=${invalid('type')} aria-describedby=${this.#describedBy('type')}
            @change=${(e: Event) => (this.type = (e.target as HTMLSelectElement).value as RightsRequestType)}>
            ${RightsRequestTypeSchema.options.map((type) => html`<option value=${type} ?selected=${type === this.type}>${t[TYPE_MESSAGES[type]]}</option>`)}
          </select>`,
        )}
        ${this.#field(
          'fullName',
          t.rightsFullName,
          html`<input id="fullName" name="fullName" autocomplete="name" required aria-invalid=${invalid('fullName')} aria-describedby=${this.#describedBy('fullName')} />`,
          undefined,
          true,
        )}
        ${this.#field(
          'email',
          t.rightsEmail,
          html`<input id="email" name="email" type="email" autocomplete="email" required aria-invalid=${invalid('email')} aria-describedby=${this.#describedBy('email')} />`,
          undefined,
          true,
        )}
        ${this.#field(
          'details',
          t.rightsDetails,
          html`<textarea id="details" name="details" ?required=${needsDetails} aria-invalid=${invalid('details')} aria-describedby=${this.#describedBy('details', true)}></textarea>`,
          needsDetails ? t.rightsDetailsHintRequired : t.rightsDetailsHint,
          needsDetails,
        )}
        ${this.#field('accountId', t.rightsAccountId, html`<input id="accountId" name="accountId" aria-invalid=${invalid('accountId')} aria-describedby=${this.#describedBy('accountId')} />`)}
        ${this.#field(
          'region',
          t.rightsRegion,
          html`<select id="region" name="region" aria-invalid=${invalid('region')}>
            ${Object.entries(REGION_MESSAGES).map(([value, key]) => html`<option value=${value}>${t[key]}</option>`)}
          </select>`,
        )}
        <div class="field">
          <div class="check">
            <input id="confirm" name="confirm" type="checkbox" required aria-invalid=${invalid('confirm')} aria-describedby=${this.#describedBy('confirm')} />
            ${this.#label('confirm', t.rightsConfirm, true)}
          </div>
          ${this.errors.confirm ? html`<span class="error" id="confirm-error">${this.errors.confirm}</span>` : nothing}
        </div>
        <div class="honeypot" aria-hidden="true">
          <label for="website">Website</label>
          <input id="website" name="website" tabindex="-1" autocomplete="off" />
        </div>
        <slot name="turnstile"></slot>
        <div class="actions">
          <button part="button" class="button" type="submit" ?disabled=${this.busy || !this.#endpoint.value}>${this.busy ? t.rightsSending : t.rightsSubmit}</button>
        </div>
      </form>
    `;
  }

  #renderCode(t: Messages) {
    const error = this.errors.code;
    return html`
      <h2 tabindex="-1">${t.rightsCodeTitle}</h2>
      <p>${fill(t.rightsCodeSent, { email: this.#request?.email ?? '' })}</p>
      <form part="form" novalidate @submit=${this.#verify}>
        <div class="field">
          <label for="code">${t.rightsCode}</label>
          <input
            id="code"
            name="code"
            class="code"
            inputmode="numeric"
            autocomplete="one-time-code"
            maxlength="6"
            required
            aria-invalid=${error ? 'true' : 'false'}
            aria-describedby=${error ? 'code-error' : nothing}
          />
          ${error ? html`<span class="error" id="code-error">${error}</span>` : nothing}
        </div>
        <div class="actions">
          <button part="button" class="button" type="submit" ?disabled=${this.busy}>${this.busy ? t.rightsSending : t.rightsVerify}</button>
          <button class="link" type="button" @click=${() => this.#restart()}>${t.rightsStartOver}</button>
        </div>
      </form>
    `;
  }

  protected override render() {
    const t = this.#t;
    const done = this.#done;
    // A form that cannot reach its site says so up front instead of failing after the visitor filled it in.
    const message = this.#endpoint.value ? this.message : t.rightsUnavailable;
    return html`
      <div role="status" aria-live="polite" class=${message ? 'error' : 'visually-hidden'}>${message}</div>
      ${this.step === 'form' ? this.#renderForm(t) : nothing} ${this.step === 'code' ? this.#renderCode(t) : nothing}
      ${this.step === 'done' && done
        ? html`<h2 tabindex="-1">${t.rightsDoneTitle}</h2>
            <p part="confirmation">${fill(t.rightsDone, { id: done.requestId, date: new Date(done.dueAt).toLocaleDateString(this.#consent.store?.config?.locale ?? (document.documentElement.lang || undefined), { dateStyle: 'long' }) })}</p>`
        : nothing}
    `;
  }
}

/** Registers `<novo-rights-request>` once. */
export function defineRightsRequest(registry: CustomElementRegistry = customElements): void {
  defineElement('novo-rights-request', NovoRightsRequest, registry);
}

declare global {
  interface HTMLElementTagNameMap {
    'novo-rights-request': NovoRightsRequest;
  }
  interface HTMLElementEventMap {
    'novo-rights-request': NovoRightsRequestEvent;
  }
}
