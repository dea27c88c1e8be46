/** First-load content script: registered at run time for enabled sites only (never `<all_urls>`). */

import { defineContentScript } from 'wxt/utils/define-content-script';
import { startFirstLoad } from '../src/extension/page/first-load';

export default defineContentScript({
  registration: 'runtime',
  main: startFirstLoad,
});
