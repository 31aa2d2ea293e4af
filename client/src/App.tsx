import { LoginScreen } from './components/LoginScreen';
import { Shell } from './components/Shell';
import { Session } from './session/session';
import { SessionProvider, useSession } from './session/SessionContext';

const SESSION_ENDED = 'Your session has ended. Please log in again.';

export function App({ session }: { session: Session }) {
  return (
    <SessionProvider session={session}>
      <Screens />
    </SessionProvider>
  );
}

function Screens() {
  const { user, session } = useSession();
  if (!user) return <LoginScreen notice={session.endReason === 'expired' ? SESSION_ENDED : null} />;
  // Keyed by user, so nothing of one account's state survives into another's.
  return <Shell key={user.id} />;
}
