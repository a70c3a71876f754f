import { useSyncExternalStore } from 'react';

// antd's md breakpoint is 768 px. Read through matchMedia synchronously so the first
// render already has the right layout (Grid.useBreakpoint starts empty and would flash
// the phone layout on desktops).
const QUERY = '(max-width: 767.98px)';

function subscribe(onChange: () => void): () => void {
  const mql = window.matchMedia(QUERY);
  mql.addEventListener('change', onChange);
  return () => mql.removeEventListener('change', onChange);
}

function snapshot(): boolean {
  return window.matchMedia(QUERY).matches;
}

export function useIsMobile(): boolean {
  return useSyncExternalStore(subscribe, snapshot, () => false);
}
