// The custom-elements manifest (custom-elements.json), read by editors and documentation tools,
// generated from the elements' JSDoc (@tagname, @summary, @csspart, @cssprop, @fires, @slot) and,
// through the analyzer's Lit support, from their `static properties` (attributes, with the
// description of the class field each one sets). test/custom-elements.test.ts checks both against
// the source.
export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts'],
  outdir: '.',
  litelement: true,
  plugins: [litAttributeRules(), eventNamesFromEventClasses()],
};

const isStatic = (ts, node) => node.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.StaticKeyword) ?? false;

/**
 * The analyzer's Lit support lists an attribute for every entry of `static properties` but
 * `attribute: false`, named as the property. Lit itself gives a `state: true` property no attribute
 * (open-wc/custom-elements-manifest#294), and names the others in lower case unless
 * `attribute: '…'` says otherwise: the attributes are corrected so. Runs after the Lit plugins,
 * which the analyzer puts before the config's.
 */
function litAttributeRules() {
  return {
    name: 'novo: attributes as Lit observes them',
    analyzePhase({ ts, node, moduleDoc }) {
      if (!ts.isClassDeclaration(node) || !node.name) return;
      const classDoc = moduleDoc.declarations?.find((declaration) => declaration.name === node.name.text);
      const properties = node.members.find((member) => ts.isPropertyDeclaration(member) && isStatic(ts, member) && member.name.getText() === 'properties');
      if (!classDoc || !properties?.initializer || !ts.isObjectLiteralExpression(properties.initializer)) return;
      for (const property of properties.initializer.properties) {
        if (!ts.isPropertyAssignment(property) || !ts.isObjectLiteralExpression(property.initializer)) continue;
        const option = (name) => property.initializer.properties.find((candidate) => ts.isPropertyAssignment(candidate) && candidate.name.getText() === name)?.initializer;
        const name = property.name.getText();
        const attribute = classDoc.attributes?.find((candidate) => candidate.fieldName === name);
        const member = classDoc.members?.find((candidate) => candidate.name === name);
        if (option('state')?.kind === ts.SyntaxKind.TrueKeyword) {
          classDoc.attributes = classDoc.attributes?.filter((candidate) => candidate !== attribute);
          if (member) {
            delete member.attribute;
            delete member.reflects;
          }
        } else if (attribute && !(option('attribute') && ts.isStringLiteral(option('attribute')))) {
          attribute.name = name.toLowerCase();
          if (member?.attribute) member.attribute = attribute.name;
        }
      }
    },
  };
}

/**
 * `this.dispatchEvent(new NovoRightsRequestEvent(…))` gives the analyzer an event without a name: the
 * name is the `super('…')` argument of that event class, when it is declared in the same module.
 * Named that way, it merges with the event its element documents with `@fires`.
 */
function eventNamesFromEventClasses() {
  const names = new Map(); // module path → event class name → event name
  return {
    name: 'novo: event names from event classes',
    analyzePhase({ ts, node, moduleDoc }) {
      if (!ts.isClassDeclaration(node) || !node.name) return;
      const constructor = node.members.find(ts.isConstructorDeclaration);
      const superCall = constructor?.body?.statements
        .map((statement) => (ts.isExpressionStatement(statement) ? statement.expression : undefined))
        .find((expression) => expression && ts.isCallExpression(expression) && expression.expression.kind === ts.SyntaxKind.SuperKeyword);
      const [eventName] = superCall?.arguments ?? [];
      if (!eventName || !ts.isStringLiteral(eventName)) return;
      if (!names.has(moduleDoc.path)) names.set(moduleDoc.path, new Map());
      names.get(moduleDoc.path).set(node.name.text, eventName.text);
    },
    moduleLinkPhase({ moduleDoc }) {
      const classes = names.get(moduleDoc.path);
      if (!classes) return;
      for (const declaration of moduleDoc.declarations ?? []) {
        if (!declaration.events) continue;
        declaration.events = declaration.events.filter((event) => {
          const name = event.name ?? classes.get(event.type?.text);
          if (event.name || !name) return true;
          const documented = declaration.events.find((other) => other.name === name);
          if (!documented) {
            event.name = name;
            return true;
          }
          documented.type ??= event.type;
          return false;
        });
      }
    },
  };
}
