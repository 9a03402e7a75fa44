// Injected into every benchmark page before any of the page's own scripts run (puppeteer's
// evaluateOnNewDocument), after `window.__novoBench = { target }` is set. It records, in page time
// (milliseconds since navigation start), and resolves `__novoBench.visible` once the banner shows
// (so the harness waits without polling the page, which would add to its script time):
// - visibleAt: the end of the first frame in which the banner element is rendered with a non-zero
//   box (display and visibility considered; opacity not, since every library fades in);
// - longTasks: every main-thread task over 50 ms;
// - shifts: every layout shift without recent input, with the elements that moved.
// The static page pays the same probe, so its script time is the harness's own cost.
(() => {
  const bench = window.__novoBench;
  const result = { visibleAt: null, longTasks: [], shifts: [] };
  bench.result = result;
  let resolveVisible;
  bench.visible = new Promise((resolve) => (resolveVisible = resolve));

  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) result.longTasks.push({ startTime: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });

  const describe = (node) => {
    if (!(node instanceof Element)) return node ? node.nodeName.toLowerCase() : 'unknown';
    const root = node.getRootNode();
    const host = root instanceof ShadowRoot ? `${root.host.localName} ▸ ` : '';
    const id = node.id ? `#${node.id}` : '';
    const classes = typeof node.className === 'string' && node.className.trim() ? `.${node.className.trim().split(/\s+/).join('.')}` : '';
    return `${host}${node.localName}${id}${classes}`;
  };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.hadRecentInput) continue;
      result.shifts.push({ startTime: entry.startTime, value: entry.value, sources: entry.sources.map((source) => describe(source.node)) });
    }
  }).observe({ type: 'layout-shift', buffered: true });

  /** The target: a selector in the document, then one selector in each shadow root on the way. */
  const find = () => {
    let scope = document;
    let element = null;
    for (const selector of bench.target) {
      if (!scope) return null;
      element = scope.querySelector(selector);
      if (!element) return null;
      scope = element.shadowRoot;
    }
    return element;
  };
  const rendered = (element) => {
    if (!element.checkVisibility({ visibilityProperty: true })) return false;
    const box = element.getBoundingClientRect();
    return box.width > 0 && box.height > 0;
  };
  // Checked before each frame; once the banner is rendered, the time is taken when that frame's
  // main-thread work (style, layout, paint) is done: a message posted from requestAnimationFrame
  // runs right after it, as in the "after next paint" idiom.
  const afterFrame = new MessageChannel();
  afterFrame.port1.onmessage = () => {
    result.visibleAt = performance.now();
    resolveVisible(result.visibleAt);
  };
  const poll = () => {
    const element = find();
    if (element && rendered(element)) afterFrame.port2.postMessage(null);
    else requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);

  /** Everything recorded, with the page's first contentful paint and load end for context. */
  bench.read = () => ({
    ...result,
    fcpMs: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
    loadMs: performance.getEntriesByType('navigation')[0]?.loadEventEnd ?? null,
  });
})();
