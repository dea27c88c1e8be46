/**
 * The prompt chip, loaded on first use: the background injects this script into a page's frame
 * when the page first has a prompt to show (src/extension/page/lazy-parts.ts).
 */
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { startPromptChip } from '../src/extension/page/prompt-chip-script';

export default defineUnlistedScript(startPromptChip);
