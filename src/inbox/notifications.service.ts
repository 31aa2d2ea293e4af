import { Injectable } from '@nestjs/common';

import type { AuthUser } from '../common/auth-user.js';
import { MAX_INT32 } from '../common/int32.js';
import type { NotificationPage } from '../contract/notifications.js';
import { NOTIFICATION_PAGE_DEFAULT } from '../contract/notifications.js';
import { NotificationRepository } from '../messages/notification-repository.js';
import { MarkNotificationsReadDto, NotificationsQueryDto } from './dto/notifications.dto.js';

/** The caller's notifications: made by the timeline writer, listed and read here. */
@Injectable()
export class NotificationsService {
  constructor(private readonly notifications: NotificationRepository) {}

  async list(user: AuthUser, query: NotificationsQueryDto): Promise<NotificationPage> {
    const [page, unreadCount] = await Promise.all([
      this.notifications.page(
        user.id,
        query.before ?? MAX_INT32,
        query.limit ?? NOTIFICATION_PAGE_DEFAULT,
        query.unread === true,
      ),
      this.notifications.unreadCount(user.id),
    ]);
    return { ...page, unreadCount };
  }

  async markRead(user: AuthUser, body: MarkNotificationsReadDto): Promise<number> {
    await this.notifications.markRead(user.id, body.all ? 'all' : (body.ids ?? []), new Date());
    return this.notifications.unreadCount(user.id);
  }
}
