/**
 * The values browser bundles need from src/core/schemas.ts, without zod. The widget build points
 * `../core/schemas` here (widgets/vite.config.ts) so CaptureForm's PRACTICE_KINDS does not pull
 * all of zod into a host page; a unit test keeps the two lists equal.
 */
export const PRACTICE_KINDS = ['method', 'story', 'case', 'tool', 'document', 'lesson'] as const;
