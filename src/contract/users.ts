/** Users and sign-in (see messages.ts for why this file is pure types). */

export interface UserSummary {
  id: number;
  username: string;
  displayName: string;
}

export interface Profile extends UserSummary {
  bio: string;
  avatarUrl: string | null;
  createdAt: string;
  lastSeenAt: string | null;
}

export type ProfileUpdate = Partial<{
  displayName: string;
  bio: string;
  avatarUrl: string | null;
}>;

export interface AuthTokens {
  accessToken: string;
  refreshToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  user: UserSummary;
}
