import { useSyncExternalStore } from 'react';

// Three screens need no router library: the server answers index.html for every non-API
// path, and history.pushState plus popstate do the rest.

export type Route =
  { name: 'home' } | { name: 'room'; roomId: number } | { name: 'profile'; userId: number };

const NAVIGATED = 'fadmann:navigate';

export function parseRoute(pathname: string): Route {
  const room = /^\/rooms\/(\d+)\/?$/.exec(pathname);
  if (room) return { name: 'room', roomId: Number(room[1]) };
  const profile = /^\/users\/(\d+)\/?$/.exec(pathname);
  if (profile) return { name: 'profile', userId: Number(profile[1]) };
  return { name: 'home' };
}

export function routePath(route: Route): string {
  switch (route.name) {
    case 'room':
      return `/rooms/${route.roomId}`;
    case 'profile':
      return `/users/${route.userId}`;
    case 'home':
      return '/';
  }
}

export function navigate(route: Route, options: { replace?: boolean } = {}): void {
  const path = routePath(route);
  if (path === window.location.pathname) return;
  if (options.replace) window.history.replaceState(null, '', path);
  else window.history.pushState(null, '', path);
  window.dispatchEvent(new Event(NAVIGATED));
}

/** Opens a room at one of its messages (`?around=SEQ`), also when the room is open already. */
export function openMessage(roomId: number, seq: number): void {
  const path = `${routePath({ name: 'room', roomId })}?around=${encodeURIComponent(seq)}`;
  window.history.pushState(null, '', path);
  window.dispatchEvent(new Event(NAVIGATED));
}

function subscribe(listener: () => void): () => void {
  window.addEventListener('popstate', listener);
  window.addEventListener(NAVIGATED, listener);
  return () => {
    window.removeEventListener('popstate', listener);
    window.removeEventListener(NAVIGATED, listener);
  };
}

export function usePathname(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname);
}

export function useLocationSearch(): string {
  return useSyncExternalStore(subscribe, () => window.location.search);
}

export function useRoute(): Route {
  const pathname = usePathname();
  return parseRoute(pathname);
}
