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

/** Work that must reach the service while still signed in (a pending save), run before signing out. */
const beforeSignOut = new Set<() => Promise<unknown>>();

export function registerBeforeSignOut(flush: () => Promise<unknown>): () => void {
  beforeSignOut.add(flush);
  return () => beforeSignOut.delete(flush);
}

export async function runBeforeSignOut(): Promise<void> {
  await Promise.allSettled([...beforeSignOut].map((flush) => flush()));
}
