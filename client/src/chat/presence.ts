import type { UserRef } from '../socket/frames';

/** The server drops a typing state that is not renewed within 6 s; so does the display. */
export const TYPING_DISPLAY_MS = 6_000;

export interface PresenceState {
  online: UserRef[];
  typing: { user: UserRef; until: number }[];
}

export type PresenceAction =
  | { type: 'ready'; online: UserRef[] }
  | { type: 'presence'; user: UserRef; online: boolean }
  | { type: 'typing'; user: UserRef; isTyping: boolean; now: number }
  | { type: 'spoke'; userId: number }
  | { type: 'expire'; now: number }
  | { type: 'reset' };

export const initialPresence: PresenceState = { online: [], typing: [] };

export function presenceReducer(state: PresenceState, action: PresenceAction): PresenceState {
  switch (action.type) {
    case 'ready':
      return { online: sortByName(dedupe(action.online)), typing: [] };
    case 'presence': {
      const others = state.online.filter((u) => u.id !== action.user.id);
      const online = action.online ? sortByName([...others, action.user]) : others;
      const typing = action.online
        ? state.typing
        : state.typing.filter((t) => t.user.id !== action.user.id);
      return { online, typing };
    }
    case 'typing': {
      const others = state.typing.filter((t) => t.user.id !== action.user.id);
      const typing = action.isTyping
        ? [...others, { user: action.user, until: action.now + TYPING_DISPLAY_MS }]
        : others;
      return { ...state, typing };
    }
    case 'spoke':
      // Their message arrived: they are no longer typing it.
      if (!state.typing.some((t) => t.user.id === action.userId)) return state;
      return { ...state, typing: state.typing.filter((t) => t.user.id !== action.userId) };
    case 'expire': {
      const typing = state.typing.filter((t) => t.until > action.now);
      return typing.length === state.typing.length ? state : { ...state, typing };
    }
    case 'reset':
      return initialPresence;
  }
}

/** "ana is typing…", "ana and bo are typing…", "3 people are typing…". */
export function typingText(names: string[]): string {
  if (names.length === 0) return '';
  if (names.length === 1) return `${names[0]} is typing…`;
  if (names.length === 2) return `${names[0]} and ${names[1]} are typing…`;
  return `${names.length} people are typing…`;
}

function dedupe(users: UserRef[]): UserRef[] {
  return [...new Map(users.map((u) => [u.id, u])).values()];
}

function sortByName(users: UserRef[]): UserRef[] {
  return [...users].sort((a, b) => a.username.localeCompare(b.username));
}
