// Builds the NL Design System CSS that Open Nijmegen ships.
//
//   node build.mjs <dir-with-node_modules> <repo-root>
//
// Normally run through ./build.sh, which installs the pinned packages from
// package-lock.json with `npm ci` in a temporary directory first.
//
// Writes (and nothing else):
//   static/css/vendor/utrecht.css    Utrecht component CSS, only the components below, minified
//   static/css/theme.css             voorbeeld theme (class .voorbeeld-theme), trimmed to the
//                                    custom properties the shipped components use + basic --basis-* tokens
//   static/css/vendor/LICENSES.md    packages, versions, licences, copyright lines
//   static/css/vendor/EUPL-1.2.txt   licence text, copied from the package
//   static/css/vendor/utrecht-classes.txt   every class name utrecht.css styles
//
// The output is deterministic: same lock file in, byte-identical files out.

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const [depsDir, repoRoot] = process.argv.slice(2);
if (!depsDir || !repoRoot) {
  console.error('usage: node build.mjs <dir-with-node_modules> <repo-root>');
  process.exit(2);
}
const requireFromDeps = createRequire(path.join(path.resolve(depsDir), 'package.json'));
const { transform } = requireFromDeps('lightningcss');

const LIBRARY = '@utrecht/component-library-css';
const THEME = '@nl-design-system-unstable/voorbeeld-design-tokens';
const THEME_CLASS = 'voorbeeld-theme';

// Utrecht component packages (@utrecht/<name>-css) whose CSS is shipped, in cascade order.
// To add a component: add its package name here (it must be a dependency of LIBRARY), rerun build.sh.
const COMPONENTS = [
  // page structure
  'root', // .utrecht-root
  'body', // .utrecht-body
  'document', // .utrecht-document
  'page-layout', // .utrecht-page-layout
  'page', // .utrecht-page
  'page-header', // .utrecht-page-header
  'page-body', // .utrecht-page-body
  'page-content', // .utrecht-page-content
  'page-footer', // .utrecht-page-footer
  'article', // .utrecht-article
  'skip-link', // .utrecht-skip-link
  'logo', // .utrecht-logo
  // navigation
  'nav-bar', // .utrecht-nav-bar
  'nav-list', // .utrecht-nav-list
  // Not 'navigation' (.utrecht-navigation, 13 KB, a drawer menu meant for a React/JS toggle):
  // nav-bar + nav-list give a server-rendered menu.
  'breadcrumb-nav', // .utrecht-breadcrumb-nav
  'link-list', // .utrecht-link-list
  'pagination', // .utrecht-pagination
  // text
  'heading-1',
  'heading-2',
  'heading-3',
  'heading-4',
  'heading-5',
  'heading-6',
  'paragraph', // .utrecht-paragraph (+ --lead)
  'link', // .utrecht-link
  'unordered-list', // .utrecht-unordered-list
  'ordered-list', // .utrecht-ordered-list
  'separator', // .utrecht-separator
  'data-list', // .utrecht-data-list
  'table', // .utrecht-table
  'alert', // .utrecht-alert
  'status-badge', // .utrecht-status-badge
  // actions and forms
  'button', // .utrecht-button
  'button-group', // .utrecht-button-group
  'form', // .utrecht-form
  'form-fieldset', // .utrecht-form-fieldset
  'form-field', // .utrecht-form-field
  'form-label', // .utrecht-form-label
  'form-field-description', // .utrecht-form-field-description
  'form-field-error-message', // .utrecht-form-field-error-message
  'textbox', // .utrecht-textbox
  'textarea', // .utrecht-textarea
  'select', // .utrecht-select
  'checkbox', // .utrecht-checkbox
  'radio-button', // .utrecht-radio-button
];

// Selectors with these classes are removed:
// 1. Documentation (Storybook) helpers that imitate :hover, :focus, :focus-visible, :active and
//    :visited. Real pages get that styling from the pseudo-classes, which are kept.
//    (utrecht-status-badge--active is a real status and stays.)
// 2. Class versions of native form-control states. The site marks form controls with the
//    --html-* class (utrecht-textbox--html-input, utrecht-textarea--html-textarea,
//    utrecht-select--html-select, utrecht-checkbox--html-input, utrecht-radio-button--html-input)
//    and uses the native attributes (disabled, readonly, checked, aria-invalid="true"), whose
//    pseudo-class rules are kept. utrecht-select--invalid stays: select has no such pseudo-class rule.
// 3. Variants the site does not use and that cost kilobytes: the button hints (danger, warning,
//    ready: a matrix with every button appearance), the arrows breadcrumb, sticky and selectable
//    table parts, and the forced-colors documentation helper of link.
const DROP_CLASS = [
  /^utrecht-[a-z0-9-]+(__[a-z0-9-]+)?--(hover|focus|focus-visible|active|visited)$/,
  /^utrecht-(textbox|textarea)--(disabled|read-only|invalid)$/,
  /^utrecht-(select|checkbox|button)--disabled$/,
  /^utrecht-radio-button--(checked|disabled|invalid)$/,
  /^utrecht-button--(danger|warning|ready)$/,
  /^utrecht-breadcrumb-nav--arrows$/,
  /^utrecht-table__(header|footer)--sticky$/,
  /^utrecht-table__header-cell--sticky-(block|inline)$/,
  /^utrecht-table__(row|cell|header-cell)--selected$/,
  /^utrecht-link--forced-colors$/,
];
const KEEP_CLASS = new Set(['utrecht-status-badge--active']);

const isDropped = (name) => !KEEP_CLASS.has(name) && DROP_CLASS.some((re) => re.test(name));

// ---------------------------------------------------------------------------------------------

const nm = path.join(path.resolve(depsDir), 'node_modules');
const readJSON = (p) => JSON.parse(fs.readFileSync(p, 'utf8'));

function packageDir(name, from) {
  // Nested first (npm puts conflicting versions there), then hoisted.
  for (const dir of [path.join(from, 'node_modules', name), path.join(nm, name)]) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
  }
  throw new Error(`package ${name} is not installed`);
}

const libDir = packageDir(LIBRARY, nm);
const lib = readJSON(path.join(libDir, 'package.json'));
const themeDir = packageDir(THEME, nm);
const theme = readJSON(path.join(themeDir, 'package.json'));

const licenceText = fs.readFileSync(path.join(libDir, 'LICENSE.md'), 'utf8');
if (!/EUROPEAN UNION PUBLIC LICEN[CS]E v\. ?1\.2/.test(licenceText)) {
  throw new Error(`${LIBRARY}/LICENSE.md is not the EUPL-1.2 text`);
}

// --- 1. Utrecht component CSS ---------------------------------------------------------------

const shipped = []; // {name, version, license, copyright: [..]}
let source = '';
for (const component of COMPONENTS) {
  const name = `@utrecht/${component}-css`;
  const wanted = lib.dependencies?.[name];
  if (!wanted) throw new Error(`${name} is not a dependency of ${LIBRARY}@${lib.version}`);
  const dir = packageDir(name, libDir);
  const pkg = readJSON(path.join(dir, 'package.json'));
  if (pkg.version !== wanted) throw new Error(`${name}: installed ${pkg.version}, ${LIBRARY} wants ${wanted}`);
  if (pkg.license !== 'EUPL-1.2') throw new Error(`${name}: licence is ${pkg.license}, expected EUPL-1.2`);
  const css = fs.readFileSync(path.join(dir, 'dist', 'index.css'), 'utf8');
  const copyright = new Set();
  for (const m of css.matchAll(/Copyright \(c\) [^\n*]+/g)) copyright.add(m[0].trim());
  shipped.push({ name, version: pkg.version, license: pkg.license, copyright: [...copyright], css });
  source += `${css.replace(/@charset "UTF-8";/g, '')}\n`;
}

function keepSelector(selector) {
  // Returns the selector without always-true :not(<dropped>) parts, or null to remove it.
  const out = [];
  for (const part of selector) {
    if (part.type === 'class' && isDropped(part.name)) return null;
    if (part.type === 'pseudo-class' && Array.isArray(part.selectors)) {
      const inner = part.selectors.map(keepSelector);
      if (part.kind === 'not') {
        // A dropped class never matches, so :not(.dropped) is always true: leave that argument out.
        const kept = inner.filter(Boolean);
        if (kept.length) out.push({ ...part, selectors: kept });
        continue;
      }
      if (['is', 'where', 'any', 'has'].includes(part.kind)) {
        const kept = inner.filter(Boolean);
        if (!kept.length) return null;
        out.push({ ...part, selectors: kept });
        continue;
      }
      if (inner.some((s) => s === null)) return null;
    }
    out.push(part);
  }
  return out;
}

let droppedSelectors = 0;
const purgeVisitor = {
  // A Selector visitor (not a Rule visitor: lightningcss 1.33 cannot turn a rule with var()
  // back from JSON). Returning [] removes the selector; a rule left without selectors is removed.
  Selector(selector) {
    const kept = keepSelector(selector);
    if (kept === null) {
      droppedSelectors += 1;
      return [];
    }
    return kept;
  },
};
// Browsers from 2023 on (Chrome/Edge 111, Firefox 113, Safari 16.4): lightningcss leaves out vendor
// prefixes these no longer need. It adds nothing for them: the source CSS is already this modern.
const targets = { chrome: 111 << 16, firefox: 113 << 16, safari: (16 << 16) | (4 << 8) };
const minifyCss = (code) =>
  transform({ filename: 'utrecht.css', code: Buffer.from(code), minify: true, errorRecovery: false, targets, visitor: purgeVisitor });
const { code: componentCode, warnings } = minifyCss(source);
for (const w of warnings) console.warn(`lightningcss: ${w.message}`);

const copyrightAll = [...new Set(shipped.flatMap((p) => p.copyright))].sort();
// @charset must be the very first bytes; needed because the CSS holds non-ASCII (list markers).
const charset = /[^\x00-\x7f]/.test(componentCode.toString()) ? '@charset "UTF-8";\n' : '';
const componentCss = `${charset}/*! NL Design System: Utrecht component CSS, ${LIBRARY}@${lib.version}, EUPL-1.2.
 * ${copyrightAll.join('\n * ')}
 * Only the components listed in vendor/LICENSES.md; built by tools/css/build.sh, do not edit. */
${componentCode.toString().trim()}
`;

// --- 2. Theme ---------------------------------------------------------------------------------

const themeSource = fs.readFileSync(path.join(themeDir, 'dist', 'theme.css'), 'utf8');
const ruleMatch = themeSource.match(new RegExp(`^\\.${THEME_CLASS} \\{\\n([\\s\\S]*?)\\n\\}\\s*$`, 'm'));
if (!ruleMatch) throw new Error(`${THEME}/dist/theme.css: no single .${THEME_CLASS} { ... } rule found`);
const declarations = []; // [name, value] in source order
for (const line of ruleMatch[1].split('\n')) {
  if (!line.trim()) continue;
  const m = line.match(/^\s*(--[A-Za-z0-9_-]+)\s*:\s*(.*?);\s*(?:\/\*[^*]*\*\/\s*)?$/);
  if (!m) throw new Error(`theme.css: unexpected line: ${line}`);
  declarations.push([m[1], m[2]]);
}
const defined = new Map(declarations);
const varRefs = (text) => [...text.matchAll(/var\(\s*(--[A-Za-z0-9_-]+)/g)].map((m) => m[1]);

// Tokens that @utrecht/component-library-css reads but this theme version does not define, mapped
// to the theme's own basis tokens (so the document text and the focus ring follow the theme).
// Written as a second, marked block under the same theme class; a replacement theme brings its own.
const BRIDGE = [
  ['--utrecht-document-background-color', '--basis-color-default-bg-document'],
  ['--utrecht-document-color', '--basis-color-default-color-document'],
  ['--utrecht-document-font-family', '--basis-text-font-family-default'],
  ['--utrecht-document-font-size', '--basis-text-font-size-md'],
  ['--utrecht-document-font-weight', '--basis-text-font-weight-default'],
  ['--utrecht-document-line-height', '--basis-text-line-height-md'],
  ['--utrecht-focus-outline-color', '--basis-focus-outline-color'],
  ['--utrecht-focus-outline-offset', '--basis-focus-outline-offset'],
  ['--utrecht-focus-outline-style', '--basis-focus-outline-style'],
  ['--utrecht-focus-outline-width', '--basis-focus-outline-width'],
  ['--utrecht-focus-inverse-outline-color', '--basis-focus-inverse-outline-color'],
];
const componentReads = new Set(varRefs(componentCode.toString()));
const bridge = BRIDGE.filter(([from, to]) => componentReads.has(from) && !defined.has(from) && defined.has(to));

// "Basic" tokens kept for the site's own CSS even when no shipped component reads them: the basis
// layer (text, space, size, border, focus, page, heading, and the default, accent-1, action and
// feedback colours), but not the min/max space scales, accent-2/3, highlight/selected, nor the
// inverse feedback colours.
const BASIS_SKIP = /^--basis-(space-[a-z]+-(min|max)-|color-(accent-[23]|highlight|selected)-|color-(info|positive|negative|warning|disabled)-inverse-)/;

// Keep every custom property the shipped component CSS reads, the bridge targets and the basic
// tokens, and everything those refer to.
const needed = new Set();
const queue = [
  ...componentReads,
  ...bridge.map(([, to]) => to),
  ...declarations.map(([n]) => n).filter((n) => n.startsWith('--basis-') && !BASIS_SKIP.test(n)),
];
while (queue.length) {
  const name = queue.pop();
  if (needed.has(name) || !defined.has(name)) continue;
  needed.add(name);
  queue.push(...varRefs(defined.get(name)));
}
const kept = declarations.filter(([n]) => needed.has(n));

// The Open Nijmegen look over the voorbeeld theme (a second marked block, so a replacement theme
// brings its own): the action and accent colours in the theme's own blue instead of its violet
// (no violet text on buttons), and a system font stack instead of 'Noto Sans'/'Noto Serif', which
// are not shipped and would fall back to whatever the browser has.
const SYSTEM_FONTS = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";
const look = [
  ...kept
    .filter(([n, v]) => /^--basis-color-(action-1|accent-1)-/.test(n) && v.includes('-violet-'))
    .map(([n, v]) => [n, v.replaceAll('-violet-', '-blauw-')]),
  ['--basis-text-font-family-default', SYSTEM_FONTS],
  ['--basis-heading-font-family', SYSTEM_FONTS],
];
for (const [n] of look.slice(-2)) if (!defined.has(n)) throw new Error(`theme.css: ${n} is gone`);
const themeCss = `/*! NL Design System "voorbeeld" theme, ${THEME}@${theme.version}, EUPL-1.2.
 * Copyright (c) 2021 NL Design System Community.
 * Trimmed by tools/css/build.sh to the custom properties used by static/css/vendor/utrecht.css
 * plus the basic --basis-* tokens (${kept.length} of ${declarations.length}). Do not edit: replace the whole
 * file with another theme (see static/css/README.md). */

.${THEME_CLASS} {
${kept.map(([n, v]) => `  ${n}: ${v};`).join('\n')}
}

/* Open Nijmegen addition (not from ${THEME}): tokens the Utrecht components read that this
 * theme version leaves out, mapped to the theme's own basis tokens. */
.${THEME_CLASS} {
${bridge.map(([from, to]) => `  ${from}: var(${to});`).join('\n')}
}

/* Open Nijmegen look (not from ${THEME}): the action and accent colours in the theme's blue
 * instead of its violet, and a system font stack (no web fonts are shipped). */
.${THEME_CLASS} {
${look.map(([n, v]) => `  ${n}: ${v};`).join('\n')}
}
`;

// --- 3. Licences ------------------------------------------------------------------------------

const licenses = `# Third-party CSS: licences

Generated by \`tools/css/build.sh\`; do not edit by hand.

All CSS in this folder and \`static/css/theme.css\` comes from the npm packages below. Changes made
by the build (the packages' own files are not edited): only the listed components are taken;
the result is minified; documentation-only state classes and a few unused variants are left out
(the list is \`DROP_CLASS\` in \`tools/css/build.mjs\`, explained in \`../README.md\`); the theme is
trimmed to the custom properties that the shipped CSS and the site use, and gets a short marked
block of ${bridge.length} extra tokens that point at the theme's own basis tokens.

| Shipped file | Package | Version | Licence |
| --- | --- | --- | --- |
| \`vendor/utrecht.css\` | \`${LIBRARY}\` (and the per-component packages below) | ${lib.version} | ${lib.license} |
| \`theme.css\` | \`${theme.name}\` | ${theme.version} | ${theme.license} |

Licence text: [EUPL-1.2.txt](EUPL-1.2.txt) (the \`LICENSE.md\` of \`${LIBRARY}\`; the theme package
ships the same text). The EUPL-1.2 is compatible with this project's own EUPL-1.2 licence.

## Where from

- \`${LIBRARY}\`: npm package, source
  \`${String(lib.repository?.url ?? '').replace(/^git\+ssh:\/\/|^git@|\.git$/g, '').replace(':', '/')}\` (directory \`${lib.repository?.directory ?? ''}\`),
  by ${lib.author}. The component CSS is read from each component package's \`dist/index.css\`.
- \`${theme.name}\`: npm package, source
  \`${String(theme.repository?.url ?? '').replace(/^git\+ssh:\/\/|^git@|\.git$/g, '').replace(':', '/')}\` (directory \`${theme.repository?.directory ?? ''}\`),
  by ${theme.author}. Read from \`dist/theme.css\`.

## Copyright

\`${LIBRARY}\` component CSS (from the \`@license EUPL-1.2\` headers of the shipped files):

${copyrightAll.map((c) => `- ${c}`).join('\n')}

\`${theme.name}\`: Copyright (c) 2021 NL Design System Community (package author:
"${theme.author}"). The shipped \`dist/theme.css\` is generated and carries no licence header; the
package declares \`"license": "${theme.license}"\` and its \`LICENSE.md\` is the EUPL-1.2 text. (Its
empty, not shipped \`custom.css\` and \`font.css\` carry a template header "@license SEE LICENSE.md /
Copyright (c) 2021 NL Design System Community / All rights reserved", which points to that same
EUPL-1.2 \`LICENSE.md\`.)

## Component packages shipped in \`vendor/utrecht.css\`

| Package | Version | Licence | Copyright |
| --- | --- | --- | --- |
${shipped.map((p) => `| \`${p.name}\` | ${p.version} | ${p.license} | ${p.copyright.join('; ')} |`).join('\n')}

## Not shipped

- \`@gemeentenijmegen/design-tokens\`: "All rights reserved", not redistributable. The municipality
  can drop its own theme file in place of \`theme.css\` (see \`../README.md\`).
- Fonts: the theme names \`'Noto Sans'\`; no font files are shipped, browsers fall back to \`sans-serif\`.

## Refresh

\`\`\`sh
tools/css/build.sh
\`\`\`

To move to newer versions: change the exact versions in \`tools/css/package.json\`, run
\`npm install --package-lock-only --ignore-scripts\` in \`tools/css\`, then \`tools/css/build.sh\`.
`;

// --- 4. Class inventory: every class name that utrecht.css styles, for templates and tests ------

const classNames = [...new Set([...componentCode.toString().matchAll(/\.(utrecht-[A-Za-z0-9_-]+)/g)].map((m) => m[1]))].sort();
const classList = `# Classes styled by static/css/vendor/utrecht.css (${LIBRARY}@${lib.version}).
# Generated by tools/css/build.sh. A class that is not listed here has no Utrecht styling on this site.
${classNames.join('\n')}
`;

// --- write ------------------------------------------------------------------------------------

const cssDir = path.join(path.resolve(repoRoot), 'static', 'css');
const vendorDir = path.join(cssDir, 'vendor');
fs.mkdirSync(vendorDir, { recursive: true });
const outputs = [
  [path.join(vendorDir, 'utrecht.css'), componentCss],
  [path.join(cssDir, 'theme.css'), themeCss],
  [path.join(vendorDir, 'LICENSES.md'), licenses],
  [path.join(vendorDir, 'EUPL-1.2.txt'), licenceText],
  [path.join(vendorDir, 'utrecht-classes.txt'), classList],
];
for (const [file, text] of outputs) {
  fs.writeFileSync(file, text);
  console.log(`${path.relative(repoRoot, file).padEnd(40)} ${String(Buffer.byteLength(text)).padStart(7)} bytes`);
}
if (process.env.NLDS_CSS_SIZES) {
  // NLDS_CSS_SIZES=1 tools/css/build.sh: minified size per component, to see what a component costs.
  for (const p of shipped) console.log(`  ${p.name.padEnd(40)} ${String(minifyCss(p.css).code.length).padStart(6)}`);
}
console.log(`components: ${COMPONENTS.length}, selectors dropped: ${droppedSelectors}, theme properties: ${kept.length}/${declarations.length}`);
