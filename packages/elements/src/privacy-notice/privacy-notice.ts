import { NoticeApi, type NoticeVersionInfo } from '@novoaigen/consent-core';
import { textDirection, type Messages, type NoticeBlock, type NoticeInline, type PublishedNotice } from '@novoaigen/consent-schema';
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { ConsentController } from '../consent-controller.js';
import { isSafeLink } from '../safe-link.js';
import { defineElement } from '../define-element.js';
import { fill, messagesFor } from '../messages.js';
import { themeStyles } from '../styles/theme.styles.js';
import { SiteEndpointController } from '../site-endpoint.js';
import { diffNotices, sectionText, type SectionChange } from './notice-diff.js';
import { privacyNoticeStyles } from './privacy-notice.styles.js';

const CHANGE_MESSAGES = { added: 'noticeSectionAdded', removed: 'noticeSectionRemoved', changed: 'noticeSectionChanged' } as const;

/** A language's own name for itself (`de` → "Deutsch"), or the tag where the browser cannot say. */
function languageName(locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'language' }).of(locale) ?? locale;
  } catch {
    return locale;
  }
}

/**
 * @tagname novo-privacy-notice
 * @summary The site's privacy notice, readable: table of contents, deep links to each section
 * (`#data-retention`, on load and on click), search, last update and version, what changed since
 * an earlier version, a choice among the languages it exists in, print styles, right-to-left languages.
 *
 * Renders the notice's structured text as text nodes only: nothing in a notice becomes markup,
 * and links are http(s) or mailto by the schema.
 *
 * @csspart toc - The table of contents.
 * @csspart section - Each section.
 * @cssprop --novo-scroll-margin - Space kept above a section scrolled into view (for sticky headers).
 */
export class NovoPrivacyNotice extends LitElement {
  static override styles = [themeStyles, privacyNoticeStyles];
  static override properties = {
    site: { reflect: true },
    api: { reflect: true },
    locale: { reflect: true },
    version: { type: Number },
    texts: { attribute: false },
    notice: { state: true },
    versions: { state: true },
    locales: { state: true },
    query: { state: true },
    changes: { state: true },
    failed: { state: true },
  };

  /** The site id; by default the one `start()` (or the script tag) was given. */
  site = '';
  /** The worker's origin; by default the one `start()` (or the script tag) was given. */
  api = '';
  /**
   * The language wanted (by default the visitor's, as the consent store has it); the site's default
   * language answers when the notice has no such version.
   */
  locale = '';
  /** A given version instead of the latest. */
  version: number | undefined = undefined;
  /** Words to use instead of the config's (any subset of the SDK's messages). */
  texts: Partial<Messages> = {};
  private notice: PublishedNotice | null = null;
  private versions: NoticeVersionInfo[] = [];
  private locales: string[] = [];
  private query = '';
  private changes: { since: number; list: SectionChange[] } | null = null;
  private failed = false;
  #onHashChange = () => this.#showSection(location.hash.slice(1));
  /** A deep link (the page's fragment) to apply once its section is on screen. */
  #pendingSection = '';

  #consent = new ConsentController(this);
  #endpoint = new SiteEndpointController(this, this.#consent);

  /**
   * The words, once the consent config that carries them has loaded (or the page gave its own);
   * null before: the notice may arrive first, and nothing is shown without words.
   */
  get #t(): Messages | null {
    const config = this.#consent.store?.config;
    return config || Object.keys(this.texts).length > 0 ? messagesFor(config, this.texts) : null;
  }

  get #locale(): string | undefined {
    return this.locale || this.#consent.store?.config?.locale;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    addEventListener('hashchange', this.#onHashChange);
  }

  override disconnectedCallback(): void {
    removeEventListener('hashchange', this.#onHashChange);
    super.disconnectedCallback();
  }

  get #api(): NoticeApi | null {
    const endpoint = this.#endpoint.value;
    return endpoint && new NoticeApi(endpoint.api, endpoint.site);
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (!(changed.has('site') || changed.has('api') || changed.has('locale') || changed.has('version'))) return;
    const api = this.#api;
    if (api) void this.#load(api);
    // Nothing to load from: the console says why (SiteEndpointController), the visitor sees that the notice is missing.
    else this.failed = true;
  }

  async #load(api: NoticeApi): Promise<void> {
    try {
      const [notice, { versions, locales }] = await Promise.all([api.notice(this.#locale, this.version), api.versions(this.#locale)]);
      this.notice = notice;
      this.versions = versions;
      this.locales = locales;
      this.failed = false;
      // After a material change, readers (often sent here by the banner) see what changed first.
      const previous = versions.find((v) => v.version < notice.version);
      if (versions.find((v) => v.version === notice.version)?.materialChange && previous) await this.#showChanges(previous.version, api);
      // Deep links: the section ids live in this shadow root, where the browser's own fragment navigation cannot reach.
      this.#pendingSection = location.hash.slice(1);
    } catch {
      this.failed = true;
    }
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (this.#pendingSection && this.#showSection(this.#pendingSection)) this.#pendingSection = '';
  }

  /** Marks the section `id` as current and scrolls to it; false when it is not on screen (yet). */
  #showSection(id: string): boolean {
    const section = this.renderRoot.querySelector<HTMLElement>(`section[id="${CSS.escape(id)}"]`);
    if (!section) return false;
    this.renderRoot.querySelector('section.current')?.classList.remove('current');
    section.classList.add('current');
    section.scrollIntoView({ block: 'start' });
    section.querySelector<HTMLElement>('h3, h4')?.focus({ preventScroll: true });
    return true;
  }

  #compare(event: Event): Promise<void> {
    return this.#showChanges(Number((event.target as HTMLSelectElement).value), this.#api);
  }

  async #showChanges(since: number, api: NoticeApi | null): Promise<void> {
    if (!since || !this.notice || !api) {
      this.changes = null;
      return;
    }
    try {
      const before = await api.notice(this.notice.locale, since);
      this.changes = { since, list: diffNotices(before.document, this.notice.document) };
    } catch {
      this.changes = null;
    }
  }

  #inline(run: NoticeInline) {
    return isSafeLink(run.href) ? html`<a href=${run.href} rel="noopener">${run.text}</a>` : run.text;
  }

  #block(block: NoticeBlock) {
    if (block.type === 'paragraph') return html`<p>${block.content.map((run) => this.#inline(run))}</p>`;
    if (block.type === 'list') {
      const items = block.items.map((item) => html`<li>${item.map((run) => this.#inline(run))}</li>`);
      return block.ordered ? html`<ol>${items}</ol>` : html`<ul>${items}</ul>`;
    }
    return html`<table>
      <thead>
        <tr>
          ${block.header.map((cell) => html`<th scope="col">${cell}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${block.rows.map((row) => html`<tr>${row.map((cell) => html`<td>${cell}</td>`)}</tr>`)}
      </tbody>
    </table>`;
  }

  #matches(section: PublishedNotice['document']['sections'][number]): boolean {
    const query = this.query.trim().toLowerCase();
    if (!query) return true;
    return sectionText(section).toLowerCase().includes(query);
  }

  protected override render() {
    const t = this.#t;
    if (!t) return nothing;
    if (this.failed) return html`<p role="alert">${t.noticeFailed}</p>`;
    const notice = this.notice;
    if (!notice) return html`<p role="status">${t.noticeLoading}</p>`;
    const { document: doc } = notice;
    const shown = doc.sections.filter((section) => this.#matches(section));
    const older = this.versions.filter((v) => v.version < notice.version);
    const date = new Date(`${doc.lastUpdated}T12:00:00Z`).toLocaleDateString(notice.locale, { dateStyle: 'long' });
    return html`
      <article lang=${notice.locale} dir=${textDirection(notice.locale)} aria-labelledby="notice-title">
        <h2 id="notice-title">${doc.title}</h2>
        <p class="meta">${fill(t.noticeMeta, { date, version: String(notice.version) })}</p>
        <div class="tools">
          ${this.locales.length > 1
            ? html`<label
                >${t.noticeLanguage}
                <select @change=${(e: Event) => (this.locale = (e.target as HTMLSelectElement).value)}>
                  ${this.locales.map((locale) => html`<option value=${locale} ?selected=${locale === notice.locale}>${languageName(locale)}</option>`)}
                </select>
              </label>`
            : nothing}
          <label
            >${t.noticeSearch}
            <input type="search" .value=${this.query} @input=${(e: Event) => (this.query = (e.target as HTMLInputElement).value)} />
          </label>
          ${older.length
            ? html`<label
                >${t.noticeCompare}
                <select @change=${this.#compare}>
                  <option value="">${t.noticeCompareNone}</option>
                  ${older.map((v) => html`<option value=${v.version} ?selected=${v.version === this.changes?.since}>${v.version} (${v.lastUpdated})</option>`)}
                </select>
              </label>`
            : nothing}
        </div>
        ${this.changes
          ? html`<section class="changes" aria-labelledby="changes-title">
              <h3 id="changes-title">${fill(t.noticeChangesTitle, { version: String(this.changes.since) })}</h3>
              ${this.changes.list.length
                ? html`<ul>
                    ${this.changes.list.map(
                      (c) =>
                        html`<li>${c.change === 'removed' ? c.heading : html`<a href="#${c.id}">${c.heading}</a>`} <span class="tag">${t[CHANGE_MESSAGES[c.change]]}</span></li>`,
                    )}
                  </ul>`
                : html`<p>${t.noticeNoChanges}</p>`}
            </section>`
          : nothing}
        <nav part="toc" aria-label=${t.noticeContents}>
          <ol>
            ${shown.filter((s) => s.level === 2).map((s) => html`<li><a href="#${s.id}">${s.heading}</a></li>`)}
          </ol>
        </nav>
        <div role="status" aria-live="polite">${shown.length === 0 ? html`<p class="empty">${fill(t.noticeNoMatch, { query: this.query })}</p>` : nothing}</div>
        ${shown.map(
          (section) => html`<section part="section" id=${section.id} aria-labelledby="h-${section.id}">
            ${section.level === 2
              ? html`<h3 id="h-${section.id}" tabindex="-1">${section.heading}</h3>`
              : html`<h4 id="h-${section.id}" tabindex="-1">${section.heading}</h4>`}
            ${section.blocks.map((block) => this.#block(block))}
          </section>`,
        )}
      </article>
    `;
  }
}

/** Registers `<novo-privacy-notice>` once. */
export function definePrivacyNotice(registry: CustomElementRegistry = customElements): void {
  defineElement('novo-privacy-notice', NovoPrivacyNotice, registry);
}

declare global {
  interface HTMLElementTagNameMap {
    'novo-privacy-notice': NovoPrivacyNotice;
  }
}
