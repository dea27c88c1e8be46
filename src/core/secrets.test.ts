import { describe, expect, it } from 'vitest';
import { maskFor, maskSecrets, scanSecrets } from './secrets';
import { hostileText } from './testing/large-texts';

/** The kinds and matched text found in `text`. */
const found = (text: string) =>
  scanSecrets(text).map((f) => ({ kind: f.kind, text: text.slice(f.start, f.end) }));

// Fake credentials, assembled so no real-looking token sits in the source as one literal.
const AWS = 'AKIAIOSFODNN7EXAMPLE';
const GITHUB = `ghp_${'a1B2c3D4e5'.repeat(3)}abcdef`;
const GITHUB_PAT = `github_pat_${'11ABCDEFG0'.repeat(3)}_xyz`;
const GITLAB = `glpat-${'x1Y2z3'.repeat(4)}`;
const SLACK = `xoxb-${'1234567890'}-${'0987654321'}-${'AbCdEfGhIjKlMnOp'}`;
const STRIPE = `sk_live_${'4eC39HqLyjWDarjtT1zdp7dc'}`;
const GOOGLE = `AIza${'SyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6q'}`;
const JWT = [
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9',
  'eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkphbmUifQ',
  'SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
].join('.');

describe('scanSecrets finds', () => {
  it('AWS access keys', () => {
    expect(found(`aws configure set aws_access_key_id ${AWS}`)).toEqual([
      { kind: 'apiKey', text: AWS },
    ]);
    expect(scanSecrets(AWS)[0]).toMatchObject({ label: 'AWS access key', preview: 'AKIA…' });
  });

  it('GitHub, GitLab, Slack, Stripe and Google tokens', () => {
    const text = [GITHUB, GITHUB_PAT, GITLAB, SLACK, STRIPE, GOOGLE].join('\n');
    expect(scanSecrets(text).map((f) => [f.label, text.slice(f.start, f.end)])).toEqual([
      ['GitHub token', GITHUB],
      ['GitHub token', GITHUB_PAT],
      ['GitLab token', GITLAB],
      ['Slack token', SLACK],
      ['Stripe key', STRIPE],
      ['Google API key', GOOGLE],
    ]);
  });

  it('Slack webhook URLs', () => {
    const url = 'https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX';
    expect(found(`POST to ${url} when done`)).toEqual([{ kind: 'token', text: url }]);
  });

  it('generic assignments, masking only the value', () => {
    expect(found('api_key=Zx81kq0Pq7w2')).toEqual([{ kind: 'apiKey', text: 'Zx81kq0Pq7w2' }]);
    expect(found('export DB_PASSWORD=s3cr3t-Pa55')).toEqual([
      { kind: 'password', text: 's3cr3t-Pa55' },
    ]);
    expect(found('{"password": "correct horse battery"}')).toEqual([
      { kind: 'password', text: 'correct horse battery' },
    ]);
    expect(found('token: 9f8e7d6c5b4a')).toEqual([{ kind: 'token', text: '9f8e7d6c5b4a' }]);
    expect(found("const clientSecret = 'q8Wm2LxP0vRt';")).toEqual([
      { kind: 'apiKey', text: 'q8Wm2LxP0vRt' },
    ]);
    expect(found('password => hunter22')).toEqual([{ kind: 'password', text: 'hunter22' }]);
  });

  it('a vendor token assigned to a generic name, once, by its specific kind', () => {
    expect(scanSecrets(`GITHUB_TOKEN=${GITHUB}`).map((f) => f.label)).toEqual(['GitHub token']);
  });

  it('JWTs', () => {
    expect(found(`cookie: session=${JWT}; path=/`)).toEqual([{ kind: 'jwt', text: JWT }]);
  });

  it('bearer tokens, and JWTs sent as bearer tokens', () => {
    expect(found('Authorization: Bearer 0a1b2c3d4e5f6a7b8c9d0e1f')).toEqual([
      { kind: 'token', text: '0a1b2c3d4e5f6a7b8c9d0e1f' },
    ]);
    expect(found(`Authorization: Bearer ${JWT}`)).toEqual([{ kind: 'jwt', text: JWT }]);
  });

  it('passwords inside URLs', () => {
    expect(found('DATABASE_URL=postgres://app:Tr0ub4dor@db.internal:5432/app')).toEqual([
      { kind: 'password', text: 'Tr0ub4dor' },
    ]);
  });

  it('PEM private keys, whole or truncated', () => {
    const key = [
      '-----BEGIN RSA PRIVATE KEY-----',
      'MIIEowIBAAKCAQEA0Z3VS5JJcds3xfn/ygWyF8PbnGy0AHB7MhgHcTz6sE2I2yPB',
      'aFDrBz9vFqU4yR3GhB0Ff1HkKvn2UqNQF6sWoy+6Dg==',
      '-----END RSA PRIVATE KEY-----',
    ].join('\n');
    const text = `Use this key:\n${key}\nthen restart.`;
    const [f] = scanSecrets(text);
    expect(text.slice(f!.start, f!.end)).toBe(key);
    expect(f).toMatchObject({ kind: 'privateKey', preview: '-----BEGIN RSA PRIVATE KEY-----' });

    const truncated = `${key.split('\n').slice(0, 3).join('\n')}\nand the rest is in the vault.`;
    const [t] = scanSecrets(truncated);
    expect(truncated.slice(t!.start, t!.end)).toBe(key.split('\n').slice(0, 3).join('\n'));
  });

  it('card numbers that pass the Luhn check, with spaces or dashes', () => {
    expect(found('Visa 4111 1111 1111 1111 exp 12/29')).toEqual([
      { kind: 'cardNumber', text: '4111 1111 1111 1111' },
    ]);
    expect(found('card: 5500-0000-0000-0004.')).toEqual([
      { kind: 'cardNumber', text: '5500-0000-0000-0004' },
    ]);
    expect(found('Amex 3782 822463 10005 or 378282246310005')).toEqual([
      { kind: 'cardNumber', text: '3782 822463 10005' },
      { kind: 'cardNumber', text: '378282246310005' },
    ]);
    expect(scanSecrets('4111111111111111')[0]?.preview).toBe('•••• 1111');
  });

  it('email addresses, any of them', () => {
    expect(found('Ask jane.doe+ops@example.co.uk or IT@corp.example.')).toEqual([
      { kind: 'email', text: 'jane.doe+ops@example.co.uk' },
      { kind: 'email', text: 'IT@corp.example' },
    ]);
    expect(scanSecrets('jane@example.com')[0]?.preview).toBe('j…@example.com');
  });
});

describe('scanSecrets leaves alone', () => {
  it('ordinary prose about secrets', () => {
    const prose = [
      'Never share your password with anyone. The token: a short-lived string the portal issues.',
      'Password: reset it in the self-service portal. Our secret: write things down.',
      'The secretary keeps the tokenizer settings. API keys rotate every 90 days.',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell placeholder, literally
      'Set token_ttl = 86400 and password = <your password> or api_key=${API_KEY}.',
      'The bearer of bad news is never to blame.',
    ].join('\n');
    expect(found(prose)).toEqual([]);
  });

  it('UUIDs, git SHAs and version numbers', () => {
    const text = [
      'request 123e4567-e89b-12d3-a456-426614174000 failed',
      'id 41111111-1111-1111-1111-111111111111',
      'fixed in 9fceb02d0ae598e95dc970b74767f19372d61af8 (short 9fceb02)',
      'upgrade to 4.11.1111.1111 and node@20.19.0',
    ].join('\n');
    expect(found(text)).toEqual([]);
  });

  it('16-digit numbers that fail the Luhn check, and other long numbers', () => {
    expect(found('order 4111 1111 1111 1112 and 1234567812345678')).toEqual([]);
    expect(found('tracking 41111111111111111111111 and phone +49 30 1234 5678 90')).toEqual([]);
    expect(found('invoice 4111111111111111a and x4111111111111111')).toEqual([]);
  });

  it('things that only look like addresses', () => {
    expect(found('git clone git@github.com:acme/handbook.git; see logo@2x.png; @mention')).toEqual(
      [],
    );
  });

  it('text it has already masked', () => {
    const masked = maskSecrets(`password=hunter2222 and ${AWS} to a@b.example`);
    expect(scanSecrets(masked)).toEqual([]);
  });

  it('empty text', () => {
    expect(scanSecrets('')).toEqual([]);
  });
});

describe('maskSecrets', () => {
  it('replaces each finding with a typed mask and keeps the rest', () => {
    const text = `Login with password=hunter2222, key ${AWS}, mail jane@example.com, card 4111-1111-1111-1111.`;
    expect(maskSecrets(text)).toBe(
      'Login with password=[redacted password], key [redacted API key], mail [redacted email], card [redacted card number].',
    );
  });

  it('uses findings it is given', () => {
    const text = 'write to jane@example.com';
    const findings = scanSecrets(text);
    expect(maskSecrets(text, findings)).toBe(`write to ${maskFor('email')}`);
    expect(maskSecrets(text, [])).toBe(text);
  });

  // A pathological backtrack would run for minutes and time the test out; the scan's speed is a figure of
  // `npm run bench -- --only=core`.
  it('scans a large hostile text to the end and finds its private key', () => {
    expect(scanSecrets(hostileText()).length).toBeGreaterThan(0);
  });
});
