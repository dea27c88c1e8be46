import { describe, expect, it } from 'vitest';
import { type IdentityApi, signInWithOrganisation } from './sso';

const REDIRECT = 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/sso';

function identity(answer: (url: string) => Promise<string | undefined>) {
  const asked: string[] = [];
  const api: IdentityApi = {
    getRedirectURL: (path) => `https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/${path}`,
    launchWebAuthFlow: ({ url }) => {
      asked.push(url);
      return answer(url);
    },
  };
  return { api, asked };
}

describe('signInWithOrganisation', () => {
  it('starts the store’s single sign-on returning to the extension and reads the one-time code', async () => {
    const { api, asked } = identity(async () => `${REDIRECT}#sso_code=cop_sso_xyz`);
    await expect(signInWithOrganisation(api, 'https://cop.example.org')).resolves.toBe(
      'cop_sso_xyz',
    );
    const started = new URL(asked[0]!);
    expect(`${started.origin}${started.pathname}`).toBe(
      'https://cop.example.org/api/v1/auth/oidc/start',
    );
    expect(started.searchParams.get('return_to')).toBe(REDIRECT);
  });

  it('passes on the store’s sentence when the sign-in was refused', async () => {
    const { api } = identity(
      async () => `${REDIRECT}#sso_error=sso_domain_not_allowed&sso_message=Not+your+domain.`,
    );
    await expect(signInWithOrganisation(api, 'https://cop.example.org')).rejects.toThrow(
      'Not your domain.',
    );
  });

  it('says so when the person closed the window or nothing came back', async () => {
    const closed = identity(async () => {
      throw new Error('The user did not approve access.');
    });
    await expect(signInWithOrganisation(closed.api, 'https://cop.example.org')).rejects.toThrow(
      /window closed/,
    );
    const empty = identity(async () => REDIRECT);
    await expect(signInWithOrganisation(empty.api, 'https://cop.example.org')).rejects.toThrow(
      /did not finish/,
    );
  });
});
