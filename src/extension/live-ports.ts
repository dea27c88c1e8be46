/** Open extension pages (side panel, options) keep a port to the background and hear what changed. */
import type { Browser, WxtBrowser } from 'wxt/browser';
import { LIVE_PORT, type LiveMessage } from './messages';

type Port = Browser.runtime.Port;

export function createLivePorts(runtime: Pick<WxtBrowser['runtime'], 'onConnect'>) {
  const ports = new Set<Port>();
  return {
    /** Accepts page connections; `greet` sends the current state to a new page. */
    listen(greet: (send: (message: LiveMessage) => void) => void) {
      runtime.onConnect.addListener((port) => {
        if (port.name !== LIVE_PORT) return;
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
