/**
 * Extension build: one source for Chrome and Firefox MV3. Least privilege: no static host access;
 * sites are enabled at run time through optional host permissions (see src/extension/enabled-sites).
 */
import { defineConfig } from 'wxt';

/**
 * End-to-end builds only: headless Chromium cannot answer a permission prompt, so a test build
 * pre-declares loopback origins (e.g. `COP_E2E_HOSTS=http://127.0.0.1/*,http://localhost/*`) and
 * goes to its own output dir (`.output/e2e-chrome-mv3`) so the store build stays minimal.
 */
const e2eHosts = (process.env.COP_E2E_HOSTS ?? '')
  .split(',')
  .map((h) => h.trim())
  .filter(Boolean);

export default defineConfig({
  srcDir: '.',
  imports: false,
  // MV3 for Firefox too (WXT would default Firefox to MV2).
  manifestVersion: 3,
  outDirTemplate: `${e2eHosts.length > 0 ? 'e2e-' : ''}{{browser}}-mv{{manifestVersion}}{{modeSuffix}}`,
  vite: () => ({ esbuild: { jsx: 'automatic', jsxImportSource: 'preact' } }),
  manifest: ({ browser }) => {
    const firefox = browser === 'firefox';
    return {
      name: '__MSG_extName__',
      short_name: 'CoP Kit',
      description: '__MSG_extDescription__',
      default_locale: 'en',
      permissions: [
        'storage',
        'activeTab',
        'scripting',
        'contextMenus',
        'notifications',
        'alarms',
        ...(firefox ? [] : ['sidePanel']),
      ],
      // Sites a person (or policy) enables, and the store's origin, are requested at run time.
      optional_host_permissions: ['https://*/*', 'http://*/*'],
      ...(e2eHosts.length > 0 ? { host_permissions: e2eHosts } : {}),
      action: { default_title: '__MSG_actionTitle__' },
      commands: {
        'capture-practice': {
          suggested_key: { default: 'Alt+Shift+P' },
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
                // Captures send what the person selected, the page's address and their sign-in to
                // their organisation's store, and only when they act.
                data_collection_permissions: {
                  required: [
                    'websiteContent',
                    'browsingActivity',
                    'authenticationInfo',
                    'personallyIdentifyingInfo',
                  ],
                },
              },
            },
          }
        : {}),
    };
  },
});
