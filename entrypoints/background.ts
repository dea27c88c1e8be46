/** The service worker: owns the one client and sync engine; everything else talks to it. */
import { defineBackground } from 'wxt/utils/define-background';
import { startBackground } from '../src/extension/background';

export default defineBackground(() => {
  startBackground();
});
