/**
 * Starts the extension frame: proves itself to the background with the token in its address, then
 * shows what the background sends over the port. Nothing here listens to the page (no postMessage).
 */
import { signal } from '@preact/signals';
import { render } from 'preact';
import { browser } from 'wxt/browser';
import { addCatalog, createTranslator, I18nContext } from '../../ui/i18n';
import { de } from '../../ui/i18n-de';
import {
  FRAME_PORT,
  type FrameHighlight,
  type FrameMessage,
  type FrameRequest,
  type FrameView,
  request,
} from '../messages';
import { FrameApp, type FrameLink, type FrameState } from './FrameApp';
import '../../ui/styles.css';
import './frame.css';

addCatalog('de', de);

export function startFrame(root: HTMLElement): void {
  const token = location.hash.slice(1);
  const state: FrameState = {
    view: signal<FrameView | null>(null),
    highlights: signal<FrameHighlight[]>([]),
  };
  let port: ReturnType<typeof browser.runtime.connect> | undefined;
  const post = (message: FrameRequest) => {
    try {
      port?.postMessage(message);
    } catch {
      // The background restarted; the next connection says hello again.
    }
  };
  let lastLayout = '';
  const link: FrameLink = {
    call: (type, body) => request((m) => browser.runtime.sendMessage(m), type, body),
    layout(layout) {
      lastLayout = JSON.stringify(layout);
      post({ type: 'frame/layout', layout });
    },
    reveal: (id) => post({ type: 'frame/reveal', id }),
    closed: () => post({ type: 'frame/closed' }),
  };
  const connect = () => {
    let accepted = false;
    port = browser.runtime.connect({ name: FRAME_PORT });
    port.onMessage.addListener((message: FrameMessage) => {
      accepted = true;
      if (message.type === 'frame/view') state.view.value = message.view;
      else if (message.type === 'frame/highlights') state.highlights.value = message.highlights;
    });
    port.onDisconnect.addListener(() => {
      port = undefined;
      // A restarted background no longer knows this frame's token: the next opening makes a new one.
      if (accepted) setTimeout(connect, 500);
    });
    post({ type: 'frame/hello', token });
    if (lastLayout) post({ type: 'frame/layout', layout: JSON.parse(lastLayout) });
  };
  connect();

  const language = browser.i18n.getUILanguage();
  document.documentElement.lang = language.toLowerCase().startsWith('de') ? 'de' : 'en';
  render(
    <I18nContext.Provider value={createTranslator(language)}>
      <FrameApp state={state} link={link} />
    </I18nContext.Provider>,
    root,
  );
}
