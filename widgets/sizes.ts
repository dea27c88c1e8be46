/**
 * The block size each element reserves, in one place: the shadow styles use it and so does
 * `cop-widgets.css`, which a page can link so the space is reserved before the script runs.
 */
export const HEIGHTS = {
  'cop-practices': '26rem',
  'cop-experts': '22rem',
  'cop-ask': '24rem',
  'cop-capture': '6.5rem',
  'cop-prompt': '10rem',
} as const;

export type WidgetTag = keyof typeof HEIGHTS;
export const WIDGET_TAGS = Object.keys(HEIGHTS) as WidgetTag[];

/**
 * Size rules for `selectorFor(tag)`. `--cop-height` lets a page choose another height; the size is
 * fixed (content scrolls inside) so nothing below the element moves when data arrives.
 */
export function sizeRules(selectorFor: (tag: WidgetTag) => string, important: boolean): string {
  const bang = important ? ' !important' : '';
  return WIDGET_TAGS.map(
    (tag) =>
      `${selectorFor(tag)}{display:block${bang};box-sizing:border-box${bang};block-size:var(--cop-height,${HEIGHTS[tag]})${bang}}`,
  ).join('\n');
}
