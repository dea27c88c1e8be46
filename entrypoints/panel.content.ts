/** The on-demand panel: never declared for any site; the background injects it when needed. */
import { defineContentScript } from 'wxt/utils/define-content-script';
import { startPanel } from '../src/extension/page/panel';

export default defineContentScript({
  registration: 'runtime',
  main: startPanel,
});
