// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { pageTextReader, readPageText, textOffset, textRange } from './text-position';

function mount(html: string): HTMLElement {
  const root = document.createElement('main');
  root.innerHTML = html;
  document.body.replaceChildren(root);
  return root;
}

const PAGE = '<p>alpha</p><p id="x">beta <i>gamma</i></p><script>var s = 1;</script><p>delta</p>';

describe('page text', () => {
  it('reads the visible text, a separator between blocks and none inside a line', () => {
    const page = readPageText(mount(PAGE));
    expect(page.text).toBe('alpha\nbeta gamma\ndelta');
    expect(page.nodes.map((n) => n.data)).toEqual(['alpha', 'beta ', 'gamma', 'delta']);
    page.nodes.forEach((node, i) => {
      expect(page.text.slice(page.starts[i], page.starts[i]! + node.data.length)).toBe(node.data);
    });
  });

  it('adds no separator where the text already ends in a space', () => {
    const page = readPageText(mount('<p>one </p><p>two</p>'));
    expect(page.text).toBe('one two');
  });

  it('reads a node at a time when asked to stop, and gives the whole text at the end', () => {
    const root = mount(PAGE);
    const read = pageTextReader(root);
    let calls = 0;
    let page = read(() => false);
    for (; page === null; page = read(() => false)) calls++;
    expect(calls).toBe(4);
    expect(page).toEqual(readPageText(root));
  });
});

describe('text offsets and ranges', () => {
  it('turns boundary points into offsets: in text, between elements and past the last child', () => {
    const root = mount(PAGE);
    const page = readPageText(root);
    const x = root.querySelector('#x')!;
    const delta = page.text.indexOf('delta');
    expect(textOffset(page, x.firstChild!, 2)).toBe(page.text.indexOf('ta gamma'));
    expect(textOffset(page, root, 1)).toBe(page.text.indexOf('beta'));
    expect(textOffset(page, x, x.childNodes.length)).toBe(delta);
    // The script between #x and the last paragraph holds no page text.
    expect(textOffset(page, root, 2)).toBe(delta);
    expect(textOffset(page, root, root.childNodes.length)).toBe(page.text.length);
  });

  it('makes the range over any span of visible characters, and reads it back', () => {
    // Without the script, whose text a range's toString() would include.
    const root = mount('<p>alpha</p><p id="x">beta <i>gamma</i></p><p>delta</p>');
    const page = readPageText(root);
    const visible = (i: number) => page.text[i] !== '\n';
    for (let start = 0; start < page.text.length; start++) {
      for (let end = start + 1; end <= page.text.length; end++) {
        if (!visible(start) || !visible(end - 1)) continue;
        const range = textRange(root, page, start, end);
        expect(textOffset(page, range.startContainer, range.startOffset)).toBe(start);
        expect(textOffset(page, range.endContainer, range.endOffset)).toBe(end);
        expect(range.toString()).toBe(page.text.slice(start, end).replaceAll('\n', ''));
      }
    }
  });
});
