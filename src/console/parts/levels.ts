/** The participation levels, from the core outward, as the console's charts and tables name them. */
export const LEVELS = [
  ['Core', 'core'],
  ['Active', 'active'],
  ['Peripheral', 'peripheral'],
  ['Did nothing', 'inactive'],
] as const;
