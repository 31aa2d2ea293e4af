import { type Dispatch, type RefObject, useCallback, useEffect, useRef } from 'react';

import type { Attachment, Author, ReplyTo } from '../api/types';
import type { ClientFrame } from '../socket/frames';
import { newClientId } from './clientId';
import type { MessagesAction, MessagesState } from './messages';

/** A sent frame that is not confirmed within this long is shown as failed. */
const CONFIRM_TIMEOUT_MS = 15_000;

interface OutboxOptions {
  dispatch: Dispatch<MessagesAction>;
  state: RefObject<MessagesState>;
  author: Author;
  /** Sends a frame on the room socket; false when there is no open socket. */
  sendFrame: (frame: ClientFrame) => boolean;
}

/**
 * Our own messages until the server confirms them: sending with a fresh clientId,
 * failing visibly, retrying with the same clientId, and waiting out rate limits.
 */
export function useOutbox({ dispatch, state, author, sendFrame }: OutboxOptions) {
  const timers = useRef(new Map<string, ReturnType<typeof setTimeout>>());

  const clearTimer = useCallback((clientId: string) => {
    clearTimeout(timers.current.get(clientId));
    timers.current.delete(clientId);
  }, []);

  const fail = useCallback(
    (clientId: string, error: string) => {
      clearTimer(clientId);
      dispatch({ type: 'failed', clientId, error });
    },
    [clearTimer, dispatch],
  );

  const transmit = useCallback(
    (clientId: string, content: string, replyToId: number | null, attachmentIds: number[]) => {
      clearTimer(clientId);
      const frame: Extract<ClientFrame, { type: 'message' }> = {
        type: 'message',
        content,
        clientId,
      };
      if (replyToId) frame.replyToId = replyToId;
      // In the order added: the server keeps it.
      if (attachmentIds.length) frame.attachmentIds = attachmentIds;
      if (!sendFrame(frame)) {
        return fail(clientId, 'Not sent: no connection.');
      }
      const timer = setTimeout(
        () => fail(clientId, 'Not confirmed by the server.'),
        CONFIRM_TIMEOUT_MS,
      );
      timers.current.set(clientId, timer);
    },
    [sendFrame, fail, clearTimer],
  );

  const send = useCallback(
    (content: string, replyTo: ReplyTo | null = null, attachments: Attachment[] = []) => {
      const clientId = newClientId();
      const createdAt = new Date().toISOString();
      dispatch({ type: 'queued', clientId, content, author, createdAt, replyTo, attachments });
      transmit(
        clientId,
        content,
        replyTo?.id ?? null,
        attachments.map((a) => a.id),
      );
    },
    [author, dispatch, transmit],
  );

  const retry = useCallback(
    (clientId: string) => {
      const message = state.current.outbox.find((m) => m.clientId === clientId);
      if (!message) return;
      dispatch({ type: 'retrying', clientId });
      transmit(
        clientId,
        message.content,
        message.replyTo?.id ?? null,
        message.attachments.map((a) => a.id),
      );
    },
    [dispatch, state, transmit],
  );

  const discard = useCallback(
    (clientId: string) => {
      clearTimer(clientId);
      dispatch({ type: 'discarded', clientId });
    },
    [clearTimer, dispatch],
  );

  /** An `error` frame answered one of our messages. */
  const refused = useCallback(
    (clientId: string, code: string, message: string, retryAfterMs?: number) => {
      if (code !== 'rate_limited') return fail(clientId, message || 'The server refused it.');
      // Not a failure: the text is kept and resent, with the same clientId, when allowed.
      const wait = Math.max(retryAfterMs ?? 1000, 250);
      clearTimer(clientId);
      dispatch({ type: 'delayed', clientId, note: 'Sending too fast: waiting a moment…' });
      timers.current.set(
        clientId,
        setTimeout(() => retry(clientId), wait),
      );
    },
    [fail, retry, clearTimer, dispatch],
  );

  /** The socket dropped: nothing it carried will be confirmed on it. */
  const connectionLost = useCallback(() => {
    for (const m of state.current.outbox) {
      if (m.status === 'pending' && m.clientId) fail(m.clientId, 'Not sent: connection lost.');
    }
  }, [state, fail]);

  useEffect(() => {
    const pending = timers.current;
    return () => pending.forEach((timer) => clearTimeout(timer));
  }, []);

  return { send, retry, discard, refused, confirmed: clearTimer, connectionLost };
}
