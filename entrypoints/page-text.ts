/**
 * The page-text reader, loaded on first use: the background injects this script into a page's frame
 * when a prompt rule's keywords first need the page's text (src/extension/page/lazy-parts.ts).
 */
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { providePart } from '../src/extension/page/lazy-parts';
import { readPageText } from '../src/extension/page/page-text';

export default defineUnlistedScript(() => providePart('page-text', readPageText));
