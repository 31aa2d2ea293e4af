import { Injectable } from '@nestjs/common';

/**
 * Who has at least one socket open in which room, in this process. The chat gateway
 * keeps it up to date; rooms read it for `onlineCount` and members' `online`.
 */
@Injectable()
export class RoomPresence {
  private readonly online = new Map<number, Set<number>>();

  set(roomId: number, userId: number, isOnline: boolean): void {
    let users = this.online.get(roomId);
    if (isOnline) {
      if (!users) this.online.set(roomId, (users = new Set()));
      users.add(userId);
    } else if (users) {
      users.delete(userId);
      if (users.size === 0) this.online.delete(roomId);
    }
  }

  usersIn(roomId: number): ReadonlySet<number> {
    return this.online.get(roomId) ?? new Set();
  }
}
