import {
  createContext,
  type ReactNode,
  useContext,
  useEffect,
  useMemo,
  useSyncExternalStore,
} from 'react';

import { type ApiClient, createApiClient } from '../api/client';
import type { User } from '../api/types';
import { Session } from './session';

interface SessionContextValue {
  session: Session;
  api: ApiClient;
  user: User | null;
}

const SessionContext = createContext<SessionContextValue | null>(null);

export function SessionProvider({ session, children }: { session: Session; children: ReactNode }) {
  const user = useSyncExternalStore(
    (listener) => session.subscribe(listener),
    () => session.user,
  );
  const api = useMemo(() => createApiClient(session), [session]);

  useEffect(() => {
    const onStorage = (event: StorageEvent) => session.handleStorageEvent(event);
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, [session]);

  const value = useMemo(() => ({ session, api, user }), [session, api, user]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside <SessionProvider>');
  return value;
}

/** The logged-in user; only for components rendered behind the login screen. */
export function useCurrentUser(): User {
  const { user } = useSession();
  if (!user) throw new Error('useCurrentUser without a logged-in user');
  return user;
}
