import { createContext, useContext } from 'react';

export type Screen =
  | { kind: 'inbox' }
  | { kind: 'myday' }
  | { kind: 'clients' }
  | { kind: 'client'; id: string }
  | { kind: 'users' }
  | { kind: 'audit' }
  | { kind: 'reports' }
  | { kind: 'settings' };

/** Moves between the signed-in screens (inbox, clients, a client card, settings). */
export const NavigationContext = createContext<(screen: Screen) => void>(() => {});
export const useNavigate = () => useContext(NavigationContext);
