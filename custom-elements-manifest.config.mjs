/**
 * The Custom Elements Manifest (widgets/custom-elements.json), written by
 * `@custom-elements-manifest/analyzer` (`npm run manifest`; `npm run build` runs it too).
 *
 * The analyzer reads each element class and its JSDoc (@element, @summary, @attr, @event,
 * @csspart, @cssproperty; the theme properties and parts documented on CopElement are inherited).
 * What it cannot see on its own is done by the two small plugins below, rather than by a parser
 * of our own: define.ts registers the tags in a loop over `ELEMENTS` instead of one
 * `customElements.define('tag', Class)` call each; and a page's view of an element (no private
 * fields, attributes linked to their properties, the superclass by its file) needs a last tidy-up.
 * Members and exports marked `@internal` are left out by the analyzer itself.
 */

/** The tags `ELEMENTS = { 'cop-x': CopXElement, … }` in define.ts registers, as definitions. */
function registeredTags() {
  /** @type {{ tag: string; className: string; module: string }[]} */
  const registrations = [];
  return {
    name: 'cop-registered-tags',
    analyzePhase({ ts, node, moduleDoc }) {
      if (!ts.isVariableDeclaration(node) || node.name.getText() !== 'ELEMENTS') return;
      let literal = node.initializer;
      while (literal && ts.isAsExpression(literal)) literal = literal.expression;
      if (!literal || !ts.isObjectLiteralExpression(literal)) return;
      for (const property of literal.properties) {
        if (!ts.isPropertyAssignment(property) || !ts.isStringLiteral(property.name)) continue;
        registrations.push({
          tag: property.name.text,
          className: property.initializer.getText(),
          module: moduleDoc.path,
        });
      }
    },
    packageLinkPhase({ customElementsManifest }) {
      const classes = customElementsManifest.modules.flatMap((mod) =>
        (mod.declarations ?? []).map((declaration) => ({ declaration, path: mod.path })),
      );
      for (const { tag, className, module } of registrations) {
        const found = classes.find((c) => c.declaration.name === className);
        if (!found)
          throw new Error(`${module} registers ${tag} as ${className}, which is not analysed`);
        const { declaration } = found;
        // The JSDoc @element is what editors show; it must name the tag the element really gets.
        if (declaration.tagName && declaration.tagName !== tag) {
          throw new Error(
            `${className} documents @element ${declaration.tagName}, registered as ${tag}`,
          );
        }
        declaration.tagName = tag;
        declaration.customElement = true;
        const registrar = customElementsManifest.modules.find((mod) => mod.path === module);
        registrar?.exports?.push({
          kind: 'custom-element-definition',
          name: tag,
          declaration: { name: className, module: found.path },
        });
      }
    },
  };
}

/**
 * What a page sees: public members only (the private fields are the element base's), each
 * attribute linked to the property it reflects, and the superclass named by its file.
 */
function pageApi() {
  const isPublic = (member) => !member.privacy && !member.name.startsWith('#');
  return {
    name: 'cop-page-api',
    packageLinkPhase({ customElementsManifest }) {
      const { modules } = customElementsManifest;
      for (const mod of modules) {
        for (const declaration of mod.declarations ?? []) {
          if (declaration.members) declaration.members = declaration.members.filter(isPublic);
          for (const attribute of declaration.attributes ?? []) {
            const field = declaration.members?.find(
              (m) => m.kind === 'field' && m.name === attribute.name,
            );
            if (!field) continue;
            attribute.fieldName = field.name;
            field.attribute = attribute.name;
          }
          const superclass = declaration.superclass;
          // The analyzer names it by the import ('/widgets/element-base'); tools want the module's path.
          if (superclass?.module) {
            const home = modules.find((m) =>
              m.declarations?.some((d) => d.name === superclass.name && d.kind === 'class'),
            );
            if (home) superclass.module = home.path;
          }
        }
      }
      customElementsManifest.readme = 'widgets/README.md';
    },
  };
}

export default {
  globs: ['widgets/element-base.tsx', 'widgets/cop-*.tsx', 'widgets/define.ts'],
  outdir: 'widgets',
  // package.json's "customElements" is written by hand; the analyzer would put its outdir there.
  packagejson: false,
  plugins: [registeredTags(), pageApi()],
};
