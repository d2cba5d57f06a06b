import { createContext, useCallback, useContext, useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { DEFAULT_OFFICE_SETTINGS, type Lookups } from '../../src-shared';
import { onEvent, send } from '../api/client';
import { useReportError } from '../shell/notices';

const EMPTY: Lookups = { sources: [], investments: [], users: [], deletionReasons: [], settings: DEFAULT_OFFICE_SETTINGS };
const LookupsContext = createContext<{ lookups: Lookups; loaded: boolean }>({ lookups: EMPTY, loaded: false });

/** Sources, investments, people and reasons for every picker; reloaded when the service says they changed. */
export function LookupsProvider({ children }: { children: ReactNode }) {
  const report = useReportError();
  const [state, setState] = useState({ lookups: EMPTY, loaded: false });
  const load = useCallback(() => {
    send('lookups.get', {}).then((lookups) => setState({ lookups, loaded: true }), report);
  }, [report]);
  useEffect(() => {
    load();
    return onEvent('lookups.changed', load);
  }, [load]);
  return <LookupsContext.Provider value={state}>{children}</LookupsContext.Provider>;
}

export const useLookups = () => useContext(LookupsContext);
