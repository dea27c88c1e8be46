// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import './define';

afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

const until = async (check: () => boolean) => {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
};

describe('element language', () => {
  it('speaks German on a German page, fetching the German words only then', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(JSON.stringify({ items: [] }), { status: 200 })),
    );
    document.body.innerHTML =
      '<div lang="de-AT"><cop-ask store="https://store.test"></cop-ask></div><cop-ask lang="en" store="https://store.test"></cop-ask>';
    const [german, english] = [...document.querySelectorAll('cop-ask')];
    const text = (el: Element | undefined) => el?.shadowRoot?.textContent ?? '';
    await until(() => text(german).includes('Anmeldung') && text(english).includes('sign-in'));
    expect(text(german)).toContain('Zum Schreiben ist eine Anmeldung nötig');
    expect(text(english)).toContain('Writing needs a sign-in');
  });
});
