/**
 * Everything German a widget needs, as plain data: the shared UI's catalog and the widgets' own.
 * Built as a chunk next to cop-widgets.js with no imports of its own, and fetched only when an
 * element's `lang` is German (see element-base.tsx).
 */
export { de } from '../src/ui/i18n-de';
export { widgetDe } from './messages-de';
