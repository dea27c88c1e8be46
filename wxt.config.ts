/**
 * Extension build: one source for Chrome and Firefox MV3. Least privilege: no static host access;
 * sites are enabled at run time through optional host permissions (see src/extension/enabled-sites).
 */
import { defineConfig } from 'wxt';
import { versionDefine } from './scripts/version';

const origins = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((h) => h.trim())
    .filter(Boolean);

/**
 * End-to-end builds only: headless Chromium cannot answer a permission prompt, so a test build
 * pre-declares loopback origins (e.g. `COP_E2E_HOSTS=http://127.0.0.1/*,http://localhost/*`) and
 * goes to its own output dir (`.output/e2e-chrome-mv3`) so the store build stays minimal.
 */
const e2eHosts = origins(process.env.COP_E2E_HOSTS);
/**
 * An organisation's own build (docs/enterprise.md): its intranet origins declared as host
 * permissions, so a force-installed copy works there without anyone answering a prompt.
 */
const orgHosts = origins(process.env.COP_ORG_HOSTS);
const declaredHosts = [...e2eHosts, ...orgHosts];
const outPrefix = e2eHosts.length > 0 ? 'e2e-' : orgHosts.length > 0 ? 'org-' : '';

/**
 * What the Firefox sources package holds: exactly what `npm ci && npm run build` needs to rebuild the
 * extension (test/e2e/store-readiness.spec.ts rebuilds from it and compares), plus the review notes.
 */
const SOURCES = [
  'SOURCE_CODE_REVIEW.md',
  'README.md',
  'CHANGELOG.md',
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'wxt.config.ts',
  'scripts/build.ts',
  'scripts/version.ts',
  // The PNG icons in public/icon are rendered from this SVG by scripts/icons.ts.
  'scripts/icons.ts',
  'store-assets/icon.svg',
  'entrypoints/**',
  'public/**',
  // The modules the extension bundles, without their unit tests.
  'src/{core,client,ui,extension}/**/!(*.test).{ts,tsx}',
  'src/{core,client,ui,extension}/**/*.css',
  'docs/permissions.md',
  'docs/privacy.md',
];

export default defineConfig({
  srcDir: '.',
  imports: false,
  // MV3 for Firefox too (WXT would default Firefox to MV2).
  manifestVersion: 3,
  // Lets a check build into a scratch directory without touching `.output`.
  ...(process.env.COP_OUTPUT_DIR ? { outDir: process.env.COP_OUTPUT_DIR } : {}),
  outDirTemplate: `${outPrefix}{{browser}}-mv{{manifestVersion}}{{modeSuffix}}`,
  vite: () => ({
    esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
    define: versionDefine(),
  }),
  zip: {
    artifactTemplate: '{{name}}-{{version}}-{{browser}}.zip',
    sourcesTemplate: '{{name}}-{{version}}-sources.zip',
    // An allow-list: everything is excluded unless SOURCES names it (WXT lets includes win).
    excludeSources: ['**'],
    includeSources: SOURCES,
  },
  manifest: ({ browser }) => {
    const firefox = browser === 'firefox';
    return {
      name: '__MSG_extName__',
      short_name: 'CoP Kit',
      description: '__MSG_extDescription__',
      default_locale: 'en',
      // Every entry is explained in docs/permissions.md; a test fails when the two disagree.
      permissions: [
        'storage',
        'activeTab',
        'scripting',
        'contextMenus',
        'notifications',
        'alarms',
        // Sign in with your organisation (launchWebAuthFlow).
        'identity',
        ...(firefox ? [] : ['sidePanel']),
      ],
      // Sites a person (or policy) enables, and the store's origin, are requested at run time.
      optional_host_permissions: ['https://*/*', 'http://*/*'],
      ...(declaredHosts.length > 0 ? { host_permissions: declaredHosts } : {}),
      action: { default_title: '__MSG_actionTitle__' },
      // The frame that shows the person's data inside a page (docs/permissions.md): an extension
      // origin the page cannot read. Chrome gives it an address that changes every session, so a
      // page cannot probe for the extension with it; Firefox's addresses are per install already.
      web_accessible_resources: [
        {
          resources: ['panel-frame.html'],
          matches: ['https://*/*', 'http://*/*'],
          ...(firefox ? {} : { use_dynamic_url: true }),
        },
      ],
      commands: {
        'capture-practice': {
          suggested_key: { default: 'Alt+Shift+Y' },
          description: '__MSG_commandCapture__',
        },
        'ask-community': {
          suggested_key: { default: 'Alt+Shift+K' },
          description: '__MSG_commandAsk__',
        },
      },
      // Chrome reads enterprise policy through this schema; Firefox through policies.json (3rdparty).
      ...(firefox ? {} : { storage: { managed_schema: 'managed-schema.json' } }),
      ...(firefox
        ? {
            browser_specific_settings: {
              gecko: {
                id: 'cop-kit@cop-kit.org',
                // 140 (ESR): built-in data consent and the CSS Custom Highlight API.
                strict_min_version: '140.0',
                // Sent to the organisation's store only when the person acts (docs/privacy.md):
                // their sign-in and account (authenticationInfo, personallyIdentifyingInfo), the
                // text they select (websiteContent) and the address of a page they capture from or
                // ask about (browsingActivity), the questions and answers they post to colleagues
                // (personalCommunications) and the topic of an expert lookup (searchTerms).
                data_collection_permissions: {
                  required: [
                    'authenticationInfo',
                    'personallyIdentifyingInfo',
                    'websiteContent',
                    'browsingActivity',
                    'personalCommunications',
                    'searchTerms',
                  ],
                },
              },
              // Firefox for Android understands data_collection_permissions from 142 on.
              gecko_android: { strict_min_version: '142.0' },
            },
          }
        : {}),
    };
  },
});
