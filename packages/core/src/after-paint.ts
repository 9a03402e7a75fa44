/**
 * Resolves once the browser painted the next frame: a `requestAnimationFrame` callback runs just
 * before a frame is painted, and a task it queues runs after. A hidden page paints no frame, so a
 * timer stands in there.
 */
export function afterNextPaint(): Promise<void> {
  return new Promise((resolve) => {
    requestAnimationFrame(() => setTimeout(resolve));
    setTimeout(resolve, 100);
  });
}
