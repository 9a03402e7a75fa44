import { readConsentCookie, RightsRequestApi } from '@novo-consent/core';
import { RightsRequestSchema, RightsRequestTypeSchema, TYPES_NEEDING_DETAILS, VerifyCodeSchema, type RightsRequestType } from '@novo-consent/schema';
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { defineElement } from '../define-element.js';
import { buttonStyles, themeStyles } from '../styles/theme.styles.js';
import { fill, RIGHTS_REQUEST_TEXTS, type RightsRequestTexts } from './rights-request.texts.js';
import { rightsRequestStyles } from './rights-request.styles.js';

type Step = 'form' | 'code' | 'done';
type Fields = 'type' | 'fullName' | 'email' | 'details' | 'accountId' | 'region' | 'confirm' | 'code';

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

  /** The site id. The script tag fills it in when left out. */
  site = '';
  /** The worker's origin. The script tag fills it in when left out. */
  api = '';
  /** Words to use instead of the English defaults (any subset). */
  texts: Partial<RightsRequestTexts> = {};
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

  get #t(): RightsRequestTexts {
    return { ...RIGHTS_REQUEST_TEXTS, ...this.texts };
  }

  get #api(): RightsRequestApi {
    return new RightsRequestApi(this.api, this.site);
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

  #issuesToErrors(issues: readonly { path: readonly PropertyKey[] | string; message: string }[]): Partial<Record<Fields, string>> {
    const errors: Partial<Record<Fields, string>> = {};
    for (const issue of issues) {
      const field = (typeof issue.path === 'string' ? issue.path : String(issue.path[0] ?? '')) as Fields;
      errors[field] ??= issue.message;
    }
    return errors;
  }

  async #submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
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
      // The browser's consent records can then be part of the answer to an access request.
      subjectId: readConsentCookie(document.cookie)?.subjectId,
    };
    const parsed = RightsRequestSchema.safeParse(values);
    if (!parsed.success) return this.#showErrors(this.#issuesToErrors(parsed.error.issues), this.#t.fixErrors);
    this.busy = true;
    const result = await this.#api.submit(parsed.data);
    this.busy = false;
    if (!result.ok) return this.#showErrors(this.#issuesToErrors(result.error.issues ?? []), result.error.message);
    this.#request = { requestId: result.data.requestId, email: parsed.data.email };
    this.errors = {};
    this.message = '';
    this.step = 'code';
  }

  async #verify(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const code = String(new FormData(event.target as HTMLFormElement).get('code') ?? '').trim();
    const parsed = VerifyCodeSchema.safeParse({ code });
    if (!parsed.success || !this.#request) return this.#showErrors({ code: parsed.error?.issues[0]?.message ?? '' }, '');
    this.busy = true;
    const result = await this.#api.verify(this.#request.requestId, parsed.data.code);
    this.busy = false;
    if (!result.ok) {
      // A locked or expired code cannot be retried: the request has to be sent again.
      if (result.error.code === 'verification_locked' || result.error.code === 'code_expired') return this.#restart(result.error.message);
      return this.#showErrors({ code: result.error.message }, '');
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

  #field(name: Fields, label: string, control: unknown, hint?: string) {
    const error = this.errors[name];
    return html`<div class="field">
      <label for=${name}>${label}</label>
      ${hint ? html`<span class="hint" id="${name}-hint">${hint}</span>` : nothing} ${control}
      ${error ? html`<span class="error" id="${name}-error">${error}</span>` : nothing}
    </div>`;
  }

  /** `aria-describedby` for a control: its hint and its error. */
  #describedBy(name: Fields, hint = false): string {
    return [hint ? `${name}-hint` : '', this.errors[name] ? `${name}-error` : ''].filter(Boolean).join(' ');
  }

  #renderForm(t: RightsRequestTexts) {
    const needsDetails = TYPES_NEEDING_DETAILS.includes(this.type);
    const invalid = (name: Fields) => (this.errors[name] ? 'true' : 'false');
    return html`
      <h2 tabindex="-1">${t.title}</h2>
      <p class="hint">${t.intro}</p>
      <form part="form" novalidate @submit=${this.#submit}>
        ${this.#field(
          'type',
          t.type,
          html`<select id="type" name="type" aria-invalid=${invalid('type')} aria-describedby=${this.#describedBy('type')}
            @change=${(e: Event) => (this.type = (e.target as HTMLSelectElement).value as RightsRequestType)}>
            ${RightsRequestTypeSchema.options.map((type) => html`<option value=${type} ?selected=${type === this.type}>${t.types[type]}</option>`)}
          </select>`,
        )}
        ${this.#field(
          'fullName',
          t.fullName,
          html`<input id="fullName" name="fullName" autocomplete="name" required aria-invalid=${invalid('fullName')} aria-describedby=${this.#describedBy('fullName')} />`,
        )}
        ${this.#field(
          'email',
          t.email,
          html`<input id="email" name="email" type="email" autocomplete="email" required aria-invalid=${invalid('email')} aria-describedby=${this.#describedBy('email')} />`,
        )}
        ${this.#field(
          'details',
          t.details,
          html`<textarea id="details" name="details" ?required=${needsDetails} aria-invalid=${invalid('details')} aria-describedby=${this.#describedBy('details', true)}></textarea>`,
          needsDetails ? t.detailsHintRequired : t.detailsHint,
        )}
        ${this.#field('accountId', t.accountId, html`<input id="accountId" name="accountId" aria-invalid=${invalid('accountId')} aria-describedby=${this.#describedBy('accountId')} />`)}
        ${this.#field(
          'region',
          t.region,
          html`<select id="region" name="region" aria-invalid=${invalid('region')}>
            ${Object.entries(t.regions).map(([value, label]) => html`<option value=${value}>${label}</option>`)}
          </select>`,
        )}
        <div class="field">
          <div class="check">
            <input id="confirm" name="confirm" type="checkbox" required aria-invalid=${invalid('confirm')} aria-describedby=${this.#describedBy('confirm')} />
            <label for="confirm">${t.confirm}</label>
          </div>
          ${this.errors.confirm ? html`<span class="error" id="confirm-error">${this.errors.confirm}</span>` : nothing}
        </div>
        <div class="honeypot" aria-hidden="true">
          <label for="website">Website</label>
          <input id="website" name="website" tabindex="-1" autocomplete="off" />
        </div>
        <slot name="turnstile"></slot>
        <div class="actions">
          <button part="button" class="button" type="submit" ?disabled=${this.busy}>${this.busy ? t.sending : t.submit}</button>
        </div>
      </form>
    `;
  }

  #renderCode(t: RightsRequestTexts) {
    const error = this.errors.code;
    return html`
      <h2 tabindex="-1">${t.codeTitle}</h2>
      <p>${fill(t.codeSent, { email: this.#request?.email ?? '' })}</p>
      <form part="form" novalidate @submit=${this.#verify}>
        <div class="field">
          <label for="code">${t.code}</label>
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
          <button part="button" class="button" type="submit" ?disabled=${this.busy}>${this.busy ? t.sending : t.verify}</button>
          <button class="link" type="button" @click=${() => this.#restart()}>${t.startOver}</button>
        </div>
      </form>
    `;
  }

  protected override render() {
    const t = this.#t;
    const done = this.#done;
    return html`
      <div role="status" aria-live="polite" class=${this.message ? 'error' : 'visually-hidden'}>${this.message}</div>
      ${this.step === 'form' ? this.#renderForm(t) : nothing} ${this.step === 'code' ? this.#renderCode(t) : nothing}
      ${this.step === 'done' && done
        ? html`<h2 tabindex="-1">${t.doneTitle}</h2>
            <p part="confirmation">${fill(t.done, { id: done.requestId, date: new Date(done.dueAt).toLocaleDateString(document.documentElement.lang || undefined, { dateStyle: 'long' }) })}</p>`
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
