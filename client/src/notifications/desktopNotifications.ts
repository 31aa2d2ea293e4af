/** Desktop notifications through the browser's Notification API, only while the tab is hidden. */

export type DesktopPermission = NotificationPermission | 'unsupported';

export function desktopPermission(): DesktopPermission {
  return typeof window !== 'undefined' && 'Notification' in window
    ? window.Notification.permission
    : 'unsupported';
}

/** Asks the browser; call it from a click, never on load. */
export async function requestDesktopPermission(): Promise<DesktopPermission> {
  if (desktopPermission() === 'unsupported') return 'unsupported';
  return window.Notification.requestPermission();
}

export interface DesktopAlert {
  title: string;
  body: string;
  /** One notification per tag: a newer one replaces it. */
  tag: string;
  onClick: () => void;
}

/** Shows the alert if the tab is hidden and the user allowed it; true when shown. */
export function showDesktopAlert(alert: DesktopAlert): boolean {
  if (document.visibilityState !== 'hidden' || desktopPermission() !== 'granted') return false;
  try {
    const shown = new window.Notification(alert.title, { body: alert.body, tag: alert.tag });
    shown.onclick = () => {
      window.focus();
      alert.onClick();
      shown.close();
    };
    return true;
  } catch {
    // Some browsers (Android Chrome) allow notifications only from a service worker.
    return false;
  }
}
