import { describe, expect, it } from 'vitest';
import { ssoOutcome, ssoStartUrl } from './sso-return';

describe('single sign-on return', () => {
  it('reads a one-time code or an error from the fragment, and nothing else', () => {
    expect(ssoOutcome('#sso_code=cop_sso_abc')).toEqual({ code: 'cop_sso_abc' });
    expect(ssoOutcome('#sso_error=sso_email_taken&sso_message=Already+there.')).toEqual({
      error: 'sso_email_taken',
      message: 'Already there.',
    });
    expect(ssoOutcome('#/c/alpha/queue')).toBeNull();
    expect(ssoOutcome('')).toBeNull();
  });

  it('builds the start URL with the return target', () => {
    expect(ssoStartUrl('https://cop.example.org')).toBe(
      'https://cop.example.org/api/v1/auth/oidc/start',
    );
    expect(
      ssoStartUrl(
        'https://cop.example.org/',
        'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/sso',
      ),
    ).toBe(
      'https://cop.example.org/api/v1/auth/oidc/start?return_to=https%3A%2F%2Fabcdefghijklmnopabcdefghijklmnop.chromiumapp.org%2Fsso',
    );
  });
});
