// @vitest-environment happy-dom
import { expect, test } from 'vitest';
import { actionableRange } from './actionable-selection';

function select(node: Node, start: number, end: number) {
  const range = document.createRange();
  range.setStart(node, start);
  range.setEnd(node, end);
  getSelection()!.removeAllRanges();
  getSelection()!.addRange(range);
}

test('collapsed and blank selections are not worth acting on', () => {
  document.body.innerHTML = '<p id="p">a   b</p>';
  const text = document.getElementById('p')!.firstChild!;
  select(text, 1, 1);
  expect(actionableRange(getSelection())).toBeNull();
  select(text, 1, 4);
  expect(actionableRange(getSelection())).toBeNull();
  select(text, 0, 5);
  expect(actionableRange(getSelection())?.toString()).toBe('a   b');
  expect(actionableRange(null)).toBeNull();
});

test('what a person types and what we show are not page content', () => {
  document.body.innerHTML =
    '<div contenteditable="true" id="e">my notes</div>' +
    '<cop-capture><span id="w">Capture this</span></cop-capture>' +
    '<cop-kit-toolbar><span id="t">Ask the community</span></cop-kit-toolbar>';
  for (const id of ['e', 'w', 't']) {
    select(document.getElementById(id)!.firstChild!, 0, 4);
    expect(actionableRange(getSelection())).toBeNull();
  }
});

test('the range is a copy: a later selection does not move it', () => {
  document.body.innerHTML = '<p id="p">Always publish the new key first.</p>';
  const text = document.getElementById('p')!.firstChild!;
  select(text, 7, 14);
  const range = actionableRange(getSelection());
  select(text, 0, 6);
  expect(range?.toString()).toBe('publish');
});
