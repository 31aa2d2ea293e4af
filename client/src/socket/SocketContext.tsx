import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';

import { useSession } from '../session/SessionContext';
import type { UserSocketFrame } from './frames';
import { type SocketStatus, UserSocket } from './userSocket';

type FrameListener = (frame: UserSocketFrame) => void;

interface SocketContextValue {
  socket: UserSocket;
  status: SocketStatus;
  /** Adds a listener for every frame; returns how to remove it. */
  listen: (listener: FrameListener) => () => void;
}

const SocketContext = createContext<SocketContextValue | null>(null);

/** The tab's per-user socket, open while a user is logged in; frames go to every listener. */
export function SocketProvider({ children }: { children: ReactNode }) {
  const { session, api } = useSession();
  const listeners = useRef(new Set<FrameListener>());
  const [status, setStatus] = useState<SocketStatus>({ state: 'connecting', attempt: 0 });
  const socket = useMemo(
    () =>
      new UserSocket({
        getToken: (rejected) => (rejected ? session.refresh(rejected) : session.accessToken()),
        onFrame: (frame) => listeners.current.forEach((listener) => listener(frame)),
        onStatus: setStatus,
      }),
    [session],
  );

  useEffect(() => {
    socket.start();
    const wake = () => socket.reconnectNow();
    const lost = () => socket.connectionLost();
    window.addEventListener('online', wake);
    window.addEventListener('focus', wake);
    window.addEventListener('offline', lost);
    return () => {
      window.removeEventListener('online', wake);
      window.removeEventListener('focus', wake);
      window.removeEventListener('offline', lost);
      socket.stop();
    };
  }, [socket]);

  // The browser hides why a handshake was refused; after two failed attempts ask REST,
  // which refreshes the token after a 401 (or ends the session if that is refused too).
  const failed = status.state === 'offline' ? status.attempt : 0;
  useEffect(() => {
    if (failed === 2) void api.me().catch(() => undefined);
  }, [failed, api]);

  const listen = useCallback((listener: FrameListener) => {
    listeners.current.add(listener);
    return () => void listeners.current.delete(listener);
  }, []);
  const value = useMemo(() => ({ socket, status, listen }), [socket, status, listen]);
  return <SocketContext.Provider value={value}>{children}</SocketContext.Provider>;
}

export function useUserSocket(): SocketContextValue {
  const value = useContext(SocketContext);
  if (!value) throw new Error('useUserSocket outside <SocketProvider>');
  return value;
}

/** Calls the latest `onFrame` for every frame while mounted. */
export function useSocketFrames(onFrame: FrameListener): void {
  const { listen } = useUserSocket();
  const latest = useRef(onFrame);
  latest.current = onFrame;
  useEffect(() => listen((frame) => latest.current(frame)), [listen]);
}
