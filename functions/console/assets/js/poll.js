/**
 * Live updates by polling: `refresh` runs now and then every `intervalMs`
 * while the page is visible; the returned function stops it.
 */
export function poll(refresh, intervalMs) {
  let timer;
  let stopped = false;
  const tick = async () => {
    if (stopped) return;
    if (!document.hidden) {
      try {
        await refresh();
      } catch {
        // A failed refresh shows its error in the view; keep polling.
      }
    }
    if (!stopped) timer = setTimeout(tick, intervalMs);
  };
  tick();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
