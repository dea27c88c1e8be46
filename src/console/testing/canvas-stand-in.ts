/**
 * For tests under happy-dom, which has no 2D canvas nor Path2D: stand-ins that accept every call uPlot makes
 * and draw nothing, so a chart's component can be rendered and its canvas found.
 */
import { vi } from 'vitest';

const acceptsAll = () =>
  new Proxy({} as Record<string | symbol, unknown>, {
    get: (target, key) =>
      key in target ? target[key] : key === 'measureText' ? () => ({ width: 8 }) : () => undefined,
    set: (target, key, value) => {
      target[key] = value;
      return true;
    },
  });

/** Installs the stand-ins; undo with `vi.restoreAllMocks()` and `vi.unstubAllGlobals()`. */
export function standInCanvas() {
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation(
    () => acceptsAll() as unknown as CanvasRenderingContext2D,
  );
  vi.stubGlobal('Path2D', function Path2D() {
    return acceptsAll();
  });
}
