/**
 * The extension frame in the page: an extension-origin iframe in a CLOSED shadow root. Everything
 * that shows the person's data (forms, communities, similar practices, highlight titles) renders in
 * there; the page can neither read it nor drive it, and the frame talks only to the background.
 */
import type { FrameLayout } from '../messages';
import frameCss from './frame-host.css?inline';
import { createPageHost, type PagePart } from './page-host';

export const FRAME_HOST_TAG = 'cop-kit-frame';

export interface FrameHost extends PagePart {
  /** The token in the frame's address, with which it proves itself to the background. */
  readonly token: string;
  /** Sizes the frame to what it reports needing; a form opening moves focus into it. */
  layout(layout: FrameLayout): void;
  /** Room the prompt chip takes at the bottom right: the dock sits above it. */
  setPromptSpace(height: number): void;
}

export function createFrameHost(doc: Document, src: string, token: string): FrameHost {
  const part = createPageHost(doc, {
    tag: FRAME_HOST_TAG,
    css: frameCss,
    mode: 'closed',
    fixed: true,
  });
  const frame = doc.createElement('iframe');
  frame.src = `${src}#${token}`;
  frame.title = 'CoP Kit';
  frame.hidden = true;
  // The frame is ours: the page's referrer policy, permissions or sandbox are none of its business.
  frame.setAttribute('allow', '');
  part.root.append(frame);
  doc.documentElement.append(part.host);
  let kind: FrameLayout['kind'] = 'none';
  let height = 0;
  let promptSpace = 0;

  const place = () => {
    frame.hidden = kind === 'none';
    frame.dataset.kind = kind;
    // The box plus its 12px margins, never taller than the viewport (the box scrolls inside).
    frame.style.height = `min(100vh, ${height + 24}px)`;
    if (kind === 'dock') frame.style.bottom = `${promptSpace > 0 ? promptSpace + 8 : 0}px`;
    else frame.style.removeProperty('bottom');
  };

  return {
    token,
    layout(layout) {
      const was = kind;
      kind = layout.kind;
      height = layout.kind === 'none' ? 0 : layout.height;
      place();
      if (kind === 'column' && was !== 'column') frame.focus();
    },
    setPromptSpace(height) {
      promptSpace = height;
      place();
    },
    destroy: part.destroy,
  };
}
