// @vitest-environment happy-dom
import { afterEach, expect, it } from 'vitest';
import { forgetLegacyToken, tokenStore } from './token-store';

afterEach(() => {
  sessionStorage.clear();
  localStorage.clear();
});

it('keeps the coordinator’s token in this tab only, never in localStorage', () => {
  tokenStore.write('cop_secret_token');
  expect(tokenStore.read()).toBe('cop_secret_token');
  expect(sessionStorage.getItem('cop-console-token')).toBe('cop_secret_token');
  expect(localStorage.length).toBe(0);
  tokenStore.clear();
  expect(tokenStore.read()).toBeNull();
});

it('removes a token an earlier version left in localStorage', () => {
  localStorage.setItem('cop-console-token', 'cop_old_token');
  forgetLegacyToken();
  expect(localStorage.getItem('cop-console-token')).toBeNull();
  expect(tokenStore.read()).toBeNull();
});
