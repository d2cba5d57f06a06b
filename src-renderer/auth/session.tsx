import { createContext, useContext } from 'react';
import type { SessionUser } from '../../src-shared';

export interface Session {
  user: SessionUser | null;
  /** A new user after sign-in / language change, or null after sign-out. */
  setUser: (user: SessionUser | null) => void;
  /** The service no longer knows this window's session: back to sign-in with an explanation. */
  sessionLost: () => void;
}

export const SessionContext = createContext<Session>({
  user: null,
  setUser: () => undefined,
  sessionLost: () => undefined,
});

export const useSession = (): Session => useContext(SessionContext);
