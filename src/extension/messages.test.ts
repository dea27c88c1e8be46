import { expect, test } from 'vitest';
import { RequestError, request } from './messages';

test('request sends the type with the body and unwraps the reply', async () => {
  const sent: unknown[] = [];
  const value = await request(
    async (message) => {
      sent.push(message);
      return { ok: true, value: { opened: true } };
    },
    'page/openPanel',
    { mode: 'capture' },
  );
  expect(sent).toEqual([{ type: 'page/openPanel', mode: 'capture' }]);
  expect(value).toEqual({ opened: true });
});

test('failures arrive as RequestError with the code and sentence of the background', async () => {
  const failing = request(
    async () => ({ ok: false, error: { code: 'signed_out', message: 'Connect first.' } }),
    'communities/mine',
    {},
  );
  await expect(failing).rejects.toBeInstanceOf(RequestError);
  await expect(failing).rejects.toMatchObject({ code: 'signed_out', message: 'Connect first.' });
  await expect(
    request(async () => Promise.reject(new Error('Receiving end does not exist.')), 'sync/get', {}),
  ).rejects.toMatchObject({ code: 'extension_unavailable' });
  await expect(request(async () => undefined, 'sync/get', {})).rejects.toMatchObject({
    code: 'no_reply',
  });
});
