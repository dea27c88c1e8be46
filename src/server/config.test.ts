import { describe, expect, it } from 'vitest';
import { demoSetting, parseDuration, readConfig } from './config';

describe('the demo setting', () => {
  it('is on for a fresh loopback store: the newcomer’s first look', () => {
    expect(demoSetting({}).on).toBe(true);
    expect(demoSetting({ HOST: 'localhost' }).on).toBe(true);
    expect(demoSetting({ HOST: '::1' }).on).toBe(true);
  });

  it('is off when the store is set up for real work, and says why', () => {
    for (const [env, why] of [
      [{ HOST: '0.0.0.0' }, /HOST=0\.0\.0\.0/],
      [{ HOST: '10.1.2.3' }, /HOST/],
      [{ DATABASE_URL: 'postgres://db/cop' }, /DATABASE_URL/],
      [{ COP_PUBLIC_URL: 'https://cop.example.com' }, /COP_PUBLIC_URL/],
      [{ NODE_ENV: 'production' }, /production/],
      [{ COP_DEMO: '0' }, /COP_DEMO=0/],
    ] as const) {
      const setting = demoSetting(env);
      expect(setting.on, JSON.stringify(env)).toBe(false);
      expect(setting.reason).toMatch(why);
    }
  });

  it('is on whenever COP_DEMO=1 asks for it', () => {
    expect(demoSetting({ COP_DEMO: '1', HOST: '0.0.0.0', NODE_ENV: 'production' })).toEqual({
      on: true,
      reason: expect.stringMatching(/COP_DEMO=1/),
    });
  });
});

describe('embed token settings', () => {
  it('default to a 24 h lifetime, no aud or iss check and no linking by email', () => {
    expect(readConfig({}).embed).toEqual({
      maxLifetimeSeconds: 86_400,
      audience: undefined,
      issuer: undefined,
      linkByEmail: false,
    });
  });

  it('read durations in seconds, minutes, hours or days, and refuse anything else', () => {
    expect(parseDuration('X', '3600')).toBe(3600);
    expect(parseDuration('X', '90m')).toBe(5400);
    expect(parseDuration('X', '2h')).toBe(7200);
    expect(parseDuration('X', '1d')).toBe(86_400);
    for (const bad of ['', '0', '-5', 'forever', '1y'])
      expect(() => parseDuration('COP_EMBED_MAX_LIFETIME', bad)).toThrow(/COP_EMBED_MAX_LIFETIME/);
  });
});
