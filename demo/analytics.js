// Stand-in for an analytics tag: it sets a cookie and says so. It only ever runs after consent.
document.cookie = `_demo_analytics=${Math.random().toString(36).slice(2)}; Path=/; Max-Age=31536000; SameSite=Lax`;
window.demoAnalyticsLoaded = true;
window.demoLog?.('Analytics loaded: page view counted, cookie _demo_analytics set.');
