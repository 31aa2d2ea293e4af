/** The caller, as the guard and the socket authenticator establish it from an access token. */
export interface AuthUser {
  id: number;
  username: string;
  displayName: string;
  /** The login session (refresh-token family) the access token belongs to. */
  sessionId: string;
}
