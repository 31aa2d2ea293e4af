import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';

import { AppError } from '../common/app-error.js';
import { Database } from '../database/database.js';
import { ProfileResponse } from './dto/profile.response.js';
import { UpdateProfileDto } from './dto/update-profile.dto.js';
import { User } from './user.entity.js';

export type Caller = Pick<User, 'id' | 'username' | 'displayName' | 'lastSeenAt'>;

@Injectable()
export class UsersService {
  private readonly callerQuery: string;

  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly database: Database,
  ) {
    this.callerQuery = database.sql(
      'SELECT "id", "username", "displayName", "lastSeenAt" FROM "user" WHERE "id" = ?',
    );
  }

  findById(id: number): Promise<User | null> {
    return this.users.findOneBy({ id });
  }

  /**
   * Who a token's subject is, on every authenticated request and handshake: one prepared
   * statement instead of a TypeORM find.
   */
  async findCaller(id: number): Promise<Caller | null> {
    const [row] = await this.database.query<Caller & { lastSeenAt: unknown }>(this.callerQuery, [
      id,
    ]);
    if (!row) return null;
    return {
      ...row,
      id: Number(row.id),
      lastSeenAt: row.lastSeenAt === null ? null : this.database.toDate(row.lastSeenAt),
    };
  }

  /** The user with its password hash, for checking a login. */
  findForLogin(username: string): Promise<User | null> {
    return this.users
      .createQueryBuilder('user')
      .addSelect('user.passwordHash')
      .where('user.usernameLower = :name', { name: username.toLowerCase() })
      .getOne();
  }

  async create(username: string, passwordHash: string): Promise<User> {
    const user = this.users.create({
      username,
      usernameLower: username.toLowerCase(),
      displayName: username,
      bio: '',
      avatarUrl: null,
      passwordHash,
      lastSeenAt: new Date(),
    });
    await this.users.insert(user);
    return user;
  }

  /** Replaces a password hash, e.g. a legacy one after a successful login. */
  async updatePasswordHash(id: number, passwordHash: string): Promise<void> {
    await this.users.update({ id }, { passwordHash });
  }

  async touchLastSeen(id: number): Promise<void> {
    await this.users.update({ id }, { lastSeenAt: new Date() });
  }

  async getProfile(id: number): Promise<ProfileResponse> {
    const user = await this.findById(id);
    if (!user) throw new AppError('not_found', `User ${id} not found`);
    return ProfileResponse.of(user);
  }

  async updateProfile(
    callerId: number,
    id: number,
    changes: UpdateProfileDto,
  ): Promise<ProfileResponse> {
    if (callerId !== id) throw new AppError('forbidden', 'You can only edit your own profile');
    const user = await this.findById(id);
    if (!user) throw new AppError('not_found', `User ${id} not found`);
    if (changes.displayName !== undefined)
      user.displayName = changes.displayName.trim() || user.username;
    if (changes.bio !== undefined) user.bio = changes.bio;
    if (changes.avatarUrl !== undefined) user.avatarUrl = changes.avatarUrl;
    await this.users.update(
      { id },
      { displayName: user.displayName, bio: user.bio, avatarUrl: user.avatarUrl },
    );
    return ProfileResponse.of(user);
  }
}
