import { useCallback, useState } from 'react';
import { useSession } from '../auth/session';

/** What each user last chose on the report screens, kept while the app runs (a client card and back keeps it). */
const memory = new Map<string, unknown>();

export function useRemembered<T>(key: string, initial: () => T): [T, (value: T) => void] {
  const userId = useSession().user?.id ?? '';
  const fullKey = `${userId}:${key}`;
  const [value, setValue] = useState<T>(() => (memory.has(fullKey) ? (memory.get(fullKey) as T) : initial()));
  const set = useCallback(
    (next: T) => {
      memory.set(fullKey, next);
      setValue(next);
    },
    [fullKey],
  );
  return [value, set];
}
