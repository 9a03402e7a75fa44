// packages/elements/custom-elements.json, after `npm run build:packages`, against the elements'
// source. Alone, without the end-to-end servers: `npx vitest run --config test/packages.vitest.config.ts`.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const elementsDir = path.resolve(import.meta.dirname, '../packages/elements');

interface Declaration {
  name: string;
  tagName?: string;
  summary?: string;
  cssParts?: { name: string }[];
  attributes?: { name: string; fieldName?: string; description?: string; type?: { text: string } }[];
  events?: { name?: string; description?: string }[];
}

const manifest = JSON.parse(readFileSync(path.join(elementsDir, 'custom-elements.json'), 'utf8')) as {
  modules: { path: string; declarations?: Declaration[] }[];
};
const elements = manifest.modules.flatMap((module) =>
  (module.declarations ?? []).filter((declaration) => declaration.tagName).map((declaration) => ({ ...declaration, path: module.path })),
);

const isStatic = (member: ts.ClassElement) => ts.canHaveModifiers(member) && (ts.getModifiers(member) ?? []).some((modifier) => modifier.kind === ts.SyntaxKind.StaticKeyword);
const option = (options: ts.ObjectLiteralExpression, name: string) =>
  options.properties.find((property): property is ts.PropertyAssignment => ts.isPropertyAssignment(property) && property.name.getText() === name)?.initializer;

/** An element's class as the source declares it. */
function sourceClass(modulePath: string, className: string): { file: ts.SourceFile; element: ts.ClassDeclaration } {
  const fileName = path.join(elementsDir, modulePath);
  const file = ts.createSourceFile(fileName, readFileSync(fileName, 'utf8'), ts.ScriptTarget.Latest, true);
  const element = file.statements.find((statement): statement is ts.ClassDeclaration => ts.isClassDeclaration(statement) && statement.name?.text === className);
  if (!element) throw new Error(`${modulePath}: no class ${className}`);
  return { file, element };
}

interface Observed {
  attribute: string;
  property?: string;
  boolean: boolean;
}

/**
 * The attributes the element observes, as Lit derives them from `static properties` (every entry
 * but `state: true` and `attribute: false`; the name lower-cased unless `attribute: '…'` gives
 * one), plus a hand-written `static observedAttributes`.
 */
function observedAttributes(element: ts.ClassDeclaration): Observed[] {
  const observed: Observed[] = [];
  for (const member of element.members.filter(isStatic)) {
    const name = member.name?.getText();
    if (name === 'properties') {
      const properties = ts.isPropertyDeclaration(member) ? member.initializer : undefined;
      if (!properties || !ts.isObjectLiteralExpression(properties)) throw new Error(`${element.name?.text}: static properties is not an object literal`);
      for (const property of properties.properties) {
        if (!ts.isPropertyAssignment(property) || !ts.isObjectLiteralExpression(property.initializer)) {
          throw new Error(`${element.name?.text}: static properties entry ${property.getText()} is not \`name: { … }\``);
        }
        const options = property.initializer;
        const attribute = option(options, 'attribute');
        if (option(options, 'state')?.kind === ts.SyntaxKind.TrueKeyword || attribute?.kind === ts.SyntaxKind.FalseKeyword) continue;
        const propertyName = property.name.getText();
        observed.push({
          attribute: attribute && ts.isStringLiteral(attribute) ? attribute.text : propertyName.toLowerCase(),
          property: propertyName,
          boolean: option(options, 'type')?.getText() === 'Boolean',
        });
      }
    } else if (name === 'observedAttributes') {
      const value = ts.isPropertyDeclaration(member)
        ? member.initializer
        : ts.isGetAccessor(member)
          ? member.body?.statements.find(ts.isReturnStatement)?.expression
          : undefined;
      if (!value || !ts.isArrayLiteralExpression(value)) throw new Error(`${element.name?.text}: static observedAttributes is not an array literal`);
      for (const item of value.elements) {
        if (!ts.isStringLiteral(item)) throw new Error(`${element.name?.text}: observed attribute ${item.getText()} is not a string literal`);
        observed.push({ attribute: item.text, boolean: false });
      }
    }
  }
  return observed;
}

/** The events the element dispatches: `this.dispatchEvent(new Event('…'))`, or an event class of the same module whose constructor calls `super('…')`. */
function dispatchedEvents(file: ts.SourceFile, element: ts.ClassDeclaration): string[] {
  const names: string[] = [];
  const eventName = (event: ts.NewExpression): string => {
    const className = event.expression.getText();
    let first: ts.Expression | undefined = event.arguments?.[0];
    if (className !== 'Event' && className !== 'CustomEvent') {
      const eventClass = file.statements.find((statement): statement is ts.ClassDeclaration => ts.isClassDeclaration(statement) && statement.name?.text === className);
      const superCall = eventClass?.members
        .find(ts.isConstructorDeclaration)
        ?.body?.statements.map((statement) => (ts.isExpressionStatement(statement) ? statement.expression : undefined))
        .find((expression): expression is ts.CallExpression => !!expression && ts.isCallExpression(expression) && expression.expression.kind === ts.SyntaxKind.SuperKeyword);
      first = superCall?.arguments[0];
    }
    if (!first || !ts.isStringLiteral(first)) throw new Error(`${element.name?.text}: cannot tell the name of the event in ${event.getText()}`);
    return first.text;
  };
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node) && /\.dispatchEvent$/.test(node.expression.getText()) && node.arguments[0] && ts.isNewExpression(node.arguments[0])) {
      names.push(eventName(node.arguments[0]));
    }
    ts.forEachChild(node, visit);
  };
  visit(element);
  return [...new Set(names)];
}

describe('custom-elements manifest', () => {
  it('describes every element with its summary and parts', () => {
    expect(elements.map((element) => element.tagName).sort()).toEqual([
      'novo-consent-banner',
      'novo-consent-launcher',
      'novo-consent-preferences',
      'novo-consent-toggle',
      'novo-embed-placeholder',
      'novo-notice-dialog',
      'novo-privacy-notice',
      'novo-rights-request',
    ]);
    for (const element of elements) expect(element.summary, element.tagName).toBeTruthy();
    const banner = elements.find((element) => element.tagName === 'novo-consent-banner');
    expect(banner?.cssParts?.map((part) => part.name)).toEqual(
      expect.arrayContaining(['base', 'accept-button', 'reject-button', 'customize-button', 'gpc', 'do-not-sell-button', 'acknowledge-button']),
    );
  });

  it.each(elements.map((element) => [element.tagName, element] as const))('lists exactly the attributes <%s> observes, each described', (tagName, element) => {
    const observed = observedAttributes(sourceClass(element.path, element.name).element);
    const listed = element.attributes ?? [];
    expect(listed.map((attribute) => attribute.name).sort(), `${tagName}: attributes in custom-elements.json`).toEqual(observed.map((entry) => entry.attribute).sort());
    for (const entry of observed) {
      const attribute = listed.find((candidate) => candidate.name === entry.attribute);
      expect(attribute?.description, `${tagName}[${entry.attribute}]: a description (JSDoc on the class field)`).toBeTruthy();
      if (entry.property) expect(attribute?.fieldName, `${tagName}[${entry.attribute}]: the property it sets`).toBe(entry.property);
      if (entry.boolean) expect(attribute?.type?.text, `${tagName}[${entry.attribute}]: a boolean attribute`).toBe('boolean');
    }
  });

  it.each(elements.map((element) => [element.tagName, element] as const))('lists exactly the events <%s> dispatches, each named and described', (tagName, element) => {
    const { file, element: source } = sourceClass(element.path, element.name);
    const listed = element.events ?? [];
    for (const event of listed) {
      expect(event.name, `${tagName}: an event without a name in custom-elements.json`).toBeTruthy();
      expect(event.description, `${tagName}: ${event.name} needs a description (@fires on the class)`).toBeTruthy();
    }
    expect(listed.map((event) => event.name).sort(), `${tagName}: events in custom-elements.json`).toEqual(dispatchedEvents(file, source).sort());
  });

  it('reads the attributes and events from the source as Lit and the DOM see them', () => {
    // Guards the source readers above: were they to find nothing, every comparison would pass.
    const of = (tagName: string) => {
      const element = elements.find((candidate) => candidate.tagName === tagName);
      if (!element) throw new Error(`${tagName} is not in custom-elements.json`);
      return sourceClass(element.path, element.name);
    };
    expect(observedAttributes(of('novo-rights-request').element).map((entry) => entry.attribute)).toEqual(['site', 'api']);
    expect(observedAttributes(of('novo-notice-dialog').element).find((entry) => entry.attribute === 'open')?.boolean).toBe(true);
    const rightsRequest = of('novo-rights-request');
    expect(dispatchedEvents(rightsRequest.file, rightsRequest.element)).toEqual(['novo-rights-request']);
    const banner = of('novo-consent-banner');
    expect(dispatchedEvents(banner.file, banner.element)).toEqual(['novo-notice']);
  });
});
