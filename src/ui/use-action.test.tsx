// @vitest-environment happy-dom
import { expect, test } from 'vitest';
import { ApiError } from '../client/api';
import { button, click, renderUi, settle } from './testing';
import { useAction } from './use-action';

function SaveButton({ save, told }: { save: (n: number) => Promise<string>; told?: string[] }) {
  const action = useAction(save, { onError: (message) => told?.push(message) });
  return (
    <div>
      <button type="button" disabled={action.busy} onClick={() => void action.run(7)}>
        Save
      </button>
      <button type="button" onClick={() => void action.retry()}>
        Retry
      </button>
      {action.error && <p role="alert">{action.error}</p>}
    </div>
  );
}

test('an action is busy while it runs, shows why it failed, and a retry runs it again', async () => {
  const calls: { n: number; resolve: (v: string) => void; reject: (e: unknown) => void }[] = [];
  const save = (n: number) =>
    new Promise<string>((resolve, reject) => calls.push({ n, resolve, reject }));
  const told: string[] = [];
  const root = renderUi(<SaveButton save={save} told={told} />);

  await click(button(root, 'Save'));
  expect(button(root, 'Save').disabled).toBe(true);
  calls[0]!.reject(new ApiError(0, 'unreachable', 'The store is unreachable.'));
  await settle();
  expect(button(root, 'Save').disabled).toBe(false);
  expect(root.querySelector('[role=alert]')?.textContent).toBe('The store is unreachable.');
  expect(told).toEqual(['The store is unreachable.']);

  await click(button(root, 'Retry'));
  expect(calls[1]!.n).toBe(7);
  // The failure goes as soon as the retry starts.
  expect(root.querySelector('[role=alert]')).toBeNull();
  calls[1]!.resolve('saved');
  await settle();
  expect(root.querySelector('[role=alert]')).toBeNull();
  expect(button(root, 'Save').disabled).toBe(false);
});

test('a retry before any run does nothing', async () => {
  let runs = 0;
  const root = renderUi(<SaveButton save={async () => String(++runs)} />);
  await click(button(root, 'Retry'));
  await settle();
  expect(runs).toBe(0);
});
