import { Avatar } from '../components/Avatar';
import { navigate } from '../router';
import type { UserRef } from '../socket/frames';

export function OnlineList({ users, selfId }: { users: UserRef[]; selfId: number }) {
  return (
    <aside className="online" id="online-panel" aria-labelledby="online-title">
      <h2 id="online-title" className="section-title">
        Online — {users.length}
      </h2>
      <ul className="online-list">
        {users.map((user) => (
          <li key={user.id}>
            <button
              type="button"
              className="person"
              onClick={() => navigate({ name: 'profile', userId: user.id })}
              aria-label={`Profile of ${user.username}${user.id === selfId ? ' (you)' : ''}`}
            >
              <Avatar name={user.username} userId={user.id} size="small" />
              <span className="person-name">{user.username}</span>
              {user.id === selfId && <span className="muted">you</span>}
            </button>
          </li>
        ))}
      </ul>
    </aside>
  );
}
