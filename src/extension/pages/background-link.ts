/**
 * How extension pages reach the background: typed requests, and a live port that reconnects when
 * the service worker restarts (MV3 stops idle workers; pages outlive them).
 */
import { browser } from 'wxt/browser';
import {
  LIVE_PORT,
  type LiveMessage,
  type RequestMap,
  type RequestType,
  request,
} from '../messages';

/** Sends one request to the background; rejects with its code and sentence. */
export function call<T extends RequestType>(
  type: T,
  body: RequestMap[T]['req'],
): Promise<RequestMap[T]['res']> {
  return request((message) => browser.runtime.sendMessage(message), type, body);
}

/** Listens to the background's live messages until the returned function is called. */
export function listenLive(onMessage: (message: LiveMessage) => void): () => void {
  let stopped = false;
  let port: ReturnType<typeof browser.runtime.connect> | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;
  const open = () => {
    if (stopped) return;
    port = browser.runtime.connect({ name: LIVE_PORT });
    port.onMessage.addListener((message) => onMessage(message as LiveMessage));
    port.onDisconnect.addListener(() => {
      port = undefined;
      retry = setTimeout(open, 500);
    });
  };
  open();
  return () => {
    stopped = true;
    clearTimeout(retry);
    port?.disconnect();
  };
}
