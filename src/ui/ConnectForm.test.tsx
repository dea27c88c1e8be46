// @vitest-environment happy-dom
import { expect, test, vi } from 'vitest';
import { ConnectForm, type ConnectFormProps, normaliseStoreUrl } from './ConnectForm';
import { axeViolations, button, byLabel, click, failing, renderUi, settle, type } from './testing';

const noop = async () => {};

/** The signed-out form with callbacks that do nothing, but for what `props` sets. */
function renderForm(props: Partial<ConnectFormProps> = {}) {
  return renderUi(
    <ConnectForm session={null} onConnect={noop} onUseToken={noop} onSignOut={noop} {...props} />,
  );
}

test('calls onConnect synchronously from the submit, so a permission request keeps the gesture', async () => {
  let inGesture = false;
  const onConnect = vi.fn(async () => {
    expect(inGesture).toBe(true);
  });
  const root = renderForm({ onConnect });
  await type(byLabel(root, 'Store URL'), 'cop.example.org/');
  await type(byLabel(root, 'Email'), ' ada@example.org ');
  await type(byLabel(root, 'Password'), 'secret');
  inGesture = true;
  button(root, 'Connect').click();
  inGesture = false;
  await settle();
  expect(onConnect).toHaveBeenCalledWith({
    storeUrl: 'https://cop.example.org',
    email: 'ada@example.org',
    password: 'secret',
  });
});

test('shows the failure and keeps what was typed', async () => {
  const root = renderForm({
    storeUrl: 'http://127.0.0.1:8787',
    onConnect: failing('The store did not accept these credentials.'),
  });
  expect(byLabel(root, 'Store URL').value).toBe('http://127.0.0.1:8787');
  await click(button(root, 'Connect'));
  expect(root.querySelector('[role="alert"]')?.textContent).toBe('Enter your email and password.');
  await type(byLabel(root, 'Email'), 'ada@example.org');
  await type(byLabel(root, 'Password'), 'wrong');
  await click(button(root, 'Connect'));
  await settle();
  expect(root.querySelector('[role="alert"]')?.textContent).toContain('did not accept');
  expect(byLabel(root, 'Email').value).toBe('ada@example.org');
});

test('a store URL set by the organisation is shown and cannot be edited', () => {
  const root = renderForm({ managedStoreUrl: 'https://cop.corp.example' });
  const url = byLabel(root, 'Store URL');
  expect(url.value).toBe('https://cop.corp.example');
  expect(url.readOnly).toBe(true);
  expect(root.textContent).toContain('Set by your organisation');
});

test('an API token can be used instead of a password', async () => {
  const onUseToken = vi.fn(noop);
  const root = renderForm({ storeUrl: 'https://cop.example.org', onUseToken });
  await type(byLabel(root, 'API token'), ' cop_abc ');
  await click(button(root, 'Use token'));
  expect(onUseToken).toHaveBeenCalledWith({
    storeUrl: 'https://cop.example.org',
    token: 'cop_abc',
  });
});

test('connected: shows the name and signs out', async () => {
  const onSignOut = vi.fn(noop);
  const root = renderForm({
    session: {
      storeUrl: 'https://cop.example.org',
      user: { name: 'Ada', email: 'ada@example.org' },
    },
    onSignOut,
  });
  expect(root.querySelector('[role="status"]')?.textContent).toBe('Connected as Ada');
  await click(button(root, 'Sign out'));
  expect(onSignOut).toHaveBeenCalled();
  expect(await axeViolations()).toEqual([]);
});

test('the sign-in form has no accessibility violations', async () => {
  renderForm({ notice: 'Your sign-in has expired.' });
  expect(await axeViolations()).toEqual([]);
});

// normaliseStoreUrl accepts hosts and http(s) URLs only.
test.each([
  ['cop.example.org', 'https://cop.example.org'],
  ['http://127.0.0.1:8787/', 'http://127.0.0.1:8787'],
  ['https://x.example/cop/', 'https://x.example/cop'],
  ['javascript:alert(1)', null],
  ['ftp://x.example', null],
  ['  ', null],
])('normaliseStoreUrl(%j) is %j', (typed, stored) => {
  expect(normaliseStoreUrl(typed)).toBe(stored);
});

test('offers Sign in with your organisation when the store has single sign-on, and hides passwords when they are off', async () => {
  const asked: string[] = [];
  let gesture = false;
  const onOrganisationSignIn = vi.fn(async () => {
    expect(gesture).toBe(true);
  });
  const root = renderForm({
    managedStoreUrl: 'https://cop.example.org',
    signInOptions: async (url) => {
      asked.push(url);
      return { sso: true, password: false };
    },
    onOrganisationSignIn,
  });
  await vi.waitFor(() => expect(button(root, 'Sign in with your organisation')).toBeTruthy());
  expect(asked).toEqual(['https://cop.example.org']);
  expect(root.querySelector('input[type="password"][name="password"]')).toBeNull();
  gesture = true;
  button(root, 'Sign in with your organisation').click();
  gesture = false;
  await settle();
  expect(onOrganisationSignIn).toHaveBeenCalledWith('https://cop.example.org');
});

test('shows no organisation sign-in when the store does not offer it', async () => {
  const root = renderForm({
    managedStoreUrl: 'https://cop.example.org',
    signInOptions: async () => ({ sso: false, password: true }),
    onOrganisationSignIn: noop,
  });
  await new Promise((r) => setTimeout(r, 400));
  await settle();
  expect(root.textContent).not.toContain('Sign in with your organisation');
  expect(byLabel(root, 'Password')).toBeTruthy();
});
