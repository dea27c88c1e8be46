import { expect, test } from 'vitest';
import { preferFirst } from './cache-views';
import { createSettings, NO_POLICY, parsePolicy, sitePattern } from './settings';

test('sites an administrator writes as origins, wildcard hosts or patterns become match patterns', () => {
  expect(sitePattern('https://intranet.example.org')).toBe('https://intranet.example.org/*');
  expect(sitePattern('https://Wiki.Example.org/spaces/ops')).toBe('https://wiki.example.org/*');
  expect(sitePattern('https://*.example.org')).toBe('https://*.example.org/*');
  expect(sitePattern('http://127.0.0.1:8080/*')).toBe('http://127.0.0.1:8080/*');
  expect(sitePattern('file:///etc/passwd')).toBeNull();
  expect(sitePattern('<all_urls>')).toBeNull();
  // Policy enables intranet sites, never every site.
  expect(sitePattern('https://*')).toBeNull();
  expect(sitePattern('*://*/*')).toBeNull();
  expect(sitePattern('intranet.example.org')).toBeNull();
});

test('a policy typed by people is read defensively', () => {
  expect(
    parsePolicy({
      storeUrl: ' https://cop.corp.example ',
      enabledSites: [
        'https://intranet.corp.example',
        'nonsense',
        42,
        'https://intranet.corp.example/',
      ],
      communities: ['platform-ops', '', 'platform-ops', 'security'],
    }),
  ).toEqual({
    storeUrl: 'https://cop.corp.example',
    enabledSites: ['https://intranet.corp.example/*'],
    communities: ['platform-ops', 'security'],
  });
  expect(
    parsePolicy({ storeUrl: 7, enabledSites: 'https://x.example', communities: null }),
  ).toEqual(NO_POLICY);
});

test('no managed storage (Firefox without policies.json throws) means no policy', async () => {
  const settings = createSettings({
    local: {} as never,
    managed: {
      get: async () => {
        throw new Error('Managed storage manifest not found');
      },
    } as never,
  });
  expect(await settings.managedPolicy()).toEqual(NO_POLICY);
  expect(await settings.managedStoreUrl()).toBeNull();
});

test('recommended communities come first in the policy order; the rest keep theirs', () => {
  const mine = [{ slug: 'design' }, { slug: 'platform-ops' }, { slug: 'qa' }, { slug: 'security' }];
  expect(preferFirst(mine, ['security', 'unknown', 'platform-ops']).map((c) => c.slug)).toEqual([
    'security',
    'platform-ops',
    'design',
    'qa',
  ]);
  expect(preferFirst(mine, [])).toEqual(mine);
});
