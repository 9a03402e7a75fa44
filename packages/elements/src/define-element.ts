/** Registers one element unless its tag is taken; safe to call again when the SDK is loaded twice. */
export function defineElement(tag: string, element: CustomElementConstructor, registry: CustomElementRegistry = customElements): void {
  if (!registry.get(tag)) registry.define(tag, element);
}
