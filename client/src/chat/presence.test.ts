import { initialPresence, presenceReducer, type PresenceAction, typingText } from './presence';

const ana = { id: 1, username: 'ana' };
const bo = { id: 2, username: 'bo' };

const run = (...actions: PresenceAction[]) => actions.reduce(presenceReducer, initialPresence);

describe('presenceReducer', () => {
  it('starts from ready.online and follows presence frames', () => {
    const state = run(
      { type: 'ready', online: [bo, ana, ana] },
      { type: 'presence', user: { id: 3, username: 'cy' }, online: true },
      { type: 'presence', user: bo, online: false },
    );
    expect(state.online.map((u) => u.username)).toEqual(['ana', 'cy']);
  });

  it('shows typing until it stops, a message arrives, or 6 s pass', () => {
    let state = run(
      { type: 'typing', user: ana, isTyping: true, now: 1000 },
      { type: 'typing', user: bo, isTyping: true, now: 2000 },
    );
    expect(state.typing.map((t) => t.user.username)).toEqual(['ana', 'bo']);
    state = presenceReducer(state, { type: 'spoke', userId: ana.id });
    expect(state.typing.map((t) => t.user.username)).toEqual(['bo']);
    state = presenceReducer(state, { type: 'expire', now: 7999 });
    expect(state.typing).toHaveLength(1);
    state = presenceReducer(state, { type: 'expire', now: 8000 });
    expect(state.typing).toHaveLength(0);
  });

  it('renews a typing state instead of listing it twice', () => {
    const state = run(
      { type: 'typing', user: ana, isTyping: true, now: 0 },
      { type: 'typing', user: ana, isTyping: true, now: 5000 },
    );
    expect(state.typing).toEqual([{ user: ana, until: 11_000 }]);
    expect(
      presenceReducer(state, { type: 'typing', user: ana, isTyping: false, now: 5001 }).typing,
    ).toEqual([]);
  });
});

describe('typingText', () => {
  it('says who is typing', () => {
    expect(typingText([])).toBe('');
    expect(typingText(['ana'])).toBe('ana is typing…');
    expect(typingText(['ana', 'bo'])).toBe('ana and bo are typing…');
    expect(typingText(['ana', 'bo', 'cy'])).toBe('3 people are typing…');
  });
});
