// @vitest-environment happy-dom
import { useState } from 'preact/hooks';
import { act } from 'preact/test-utils';
import { expect, it, vi } from 'vitest';
import { renderUi } from '../../ui/testing';
import { useShortcut } from './use-shortcut';

const press = (key: string) =>
  act(() => {
    document.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
  });

it('subscribes once however often the component renders, and sees the current state', () => {
  const added = vi.spyOn(document, 'addEventListener');
  function Counter() {
    const [count, setCount] = useState(0);
    useShortcut(
      (e) => (e.key === '+' ? 'up' : null),
      () => {
        setCount(count + 1);
        return true;
      },
    );
    return <p id="count">{count}</p>;
  }
  renderUi(<Counter />);
  press('+');
  press('+');
  press('x');
  press('+');
  expect(document.getElementById('count')!.textContent).toBe('3');
  expect(added.mock.calls.filter(([type]) => type === 'keydown')).toHaveLength(1);
  added.mockRestore();
});
