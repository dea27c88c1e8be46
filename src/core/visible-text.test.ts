// @vitest-environment happy-dom
import { expect, test } from 'vitest';
import { type WalkBounds, walkVisibleText } from './visible-text';

/** Every text the walk gives, with `|` where a block boundary lies before it. */
function read(root: Node, bounds?: WalkBounds): string {
  const walk = walkVisibleText(root, bounds);
  const out: string[] = [];
  for (let t = walk.next(); t; t = walk.next()) out.push(`${walk.breakBefore ? '|' : ''}${t.data}`);
  return out.join('');
}

test('one skip list: scripts, styles, form fields, frames and canvases are never read', () => {
  document.body.innerHTML =
    '<p>Seen <b>text</b></p><script>secret()</script><style>p{}</style><noscript>n</noscript>' +
    '<textarea>draft</textarea><iframe></iframe><canvas>fallback</canvas><template>t</template>' +
    '<object>o</object><p>end</p>';
  expect(read(document.body)).toBe('|Seen text|end');
});

test('blocks mark a break, inline elements do not', () => {
  document.body.innerHTML = '<div>a<span>b</span></div>c<ul><li>d</li><li>e</li></ul>';
  expect(read(document.body)).toBe('|ab|c|d|e');
});

test('a walk can start in the middle and another can stop where it started', () => {
  document.body.innerHTML = '<p>one</p><p id="mid">two <i>three</i></p><p>four</p>';
  const mid = document.getElementById('mid')!;
  expect(read(document.body, { from: mid })).toBe('|two three|four');
  expect(read(document.body, { until: mid })).toBe('|one');
});

test('a text node as the root is its own text', () => {
  const text = document.createTextNode('only this');
  expect(read(text)).toBe('only this');
});
