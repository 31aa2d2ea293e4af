import { useState } from 'react';

import type { Member, Room } from '../../api/types';
import { canInvite, canModerate } from '../permissions';
import { AboutSection } from './AboutSection';
import { BansSection } from './BansSection';
import { InviteSection } from './InviteSection';
import { MembersSection } from './MembersSection';
import { NotifySection } from './NotifySection';

/** The room's panel: notifications for everyone, members, and moderation for those who may. */
export function RoomSettings({
  room,
  members,
  reloadMembers,
  onClose,
}: {
  room: Room;
  members: Member[];
  reloadMembers: () => void;
  onClose: () => void;
}) {
  // Bumped by a kick or ban, so the bans list loads again.
  const [version, setVersion] = useState(0);
  const changed = () => {
    reloadMembers();
    setVersion((v) => v + 1);
  };
  const moderator = canModerate(room.role);

  return (
    <aside className="room-settings" id="room-settings" aria-label="Room settings">
      <header className="panel-head">
        <h2 className="section-title">Room settings</h2>
        <button
          type="button"
          className="link-button"
          onClick={onClose}
          aria-label="Close room settings"
        >
          ✕
        </button>
      </header>
      <div className="room-settings-body">
        {room.joined && <NotifySection room={room} />}
        {moderator && room.kind !== 'direct' && <AboutSection key={room.id} room={room} />}
        <MembersSection room={room} members={members} onChanged={changed} />
        {canInvite(room.role, room.kind) && (
          <InviteSection room={room} members={members} onAdded={changed} />
        )}
        {moderator && room.kind !== 'direct' && <BansSection room={room} version={version} />}
      </div>
    </aside>
  );
}
