// Registers the service worker where the browser has one (not iOS WeChat) and reports a
// waiting update, so the app can offer a reload instead of swapping code under the member.
let waiting = null;

export function register(onUpdate) {
  if (!('serviceWorker' in navigator)) return false;
  navigator.serviceWorker.register('/sw.js').then((reg) => {
    const offer = (worker) => { waiting = worker; onUpdate(); };
    if (reg.waiting && navigator.serviceWorker.controller) offer(reg.waiting);
    reg.addEventListener('updatefound', () => {
      const worker = reg.installing;
      if (!worker) return;
      worker.addEventListener('statechange', () => {
        // Installed while another version controls the page: an update, not the first install.
        if (worker.state === 'installed' && navigator.serviceWorker.controller) offer(worker);
      });
    });
    // Long-open pages (a member keeps the tab all day) still hear about deploys.
    setInterval(() => reg.update().catch(() => {}), 60 * 60 * 1000);
  }).catch(() => {});
  return true;
}

export function applyUpdate() {
  if (!waiting) { location.reload(); return; }
  navigator.serviceWorker.addEventListener('controllerchange', () => location.reload(), { once: true });
  waiting.postMessage('skip-waiting');
}
