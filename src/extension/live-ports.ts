/** Open extension pages (side panel, options) keep a port to the background and hear what changed. */
import type { Browser, WxtBrowser } from 'wxt/browser';
import { LIVE_PORT, type LiveMessage } from './messages';
import { isOwnPage } from './sender-trust';

type Port = Browser.runtime.Port;

export function createLivePorts(runtime: Pick<WxtBrowser['runtime'], 'onConnect' | 'id'>) {
  const ports = new Set<Port>();
  return {
    /** Accepts page connections; `greet` sends the current state to a new page. */
    listen(greet: (send: (message: LiveMessage) => void) => void) {
      runtime.onConnect.addListener((port) => {
        if (port.name !== LIVE_PORT) return;
        // Only our own pages hear the person's session and sync state.
        if (!port.sender || !isOwnPage(port.sender, runtime.id)) return port.disconnect();
        ports.add(port);
        port.onDisconnect.addListener(() => ports.delete(port));
        greet((message) => port.postMessage(message));
      });
    },
    broadcast(message: LiveMessage) {
      for (const port of ports) {
        try {
          port.postMessage(message);
        } catch {
          ports.delete(port);
        }
      }
    },
  };
}
