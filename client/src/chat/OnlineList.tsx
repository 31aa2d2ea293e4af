import { Avatar } from '../components/Avatar';
import { navigate } from '../router';
import type { UserSummary } from '../api/types';

export function OnlineList({ users, selfId }: { users: UserSummary[]; selfId: number }) {
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
              aria-label={`Profile of ${user.displayName}${user.id === selfId ? ' (you)' : ''}`}
            >
              <Avatar name={user.displayName} userId={user.id} size="small" />
              <span className="person-name">{user.displayName}</span>
              {user.id === selfId && <span className="muted">you</span>}
            </button>
          </li>
        ))}
      </ul>
    </aside>
  );
}
