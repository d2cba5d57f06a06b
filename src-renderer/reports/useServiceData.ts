import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * Loads what `load` returns whenever `key` changes (null: nothing to load yet); a late answer to an older key is
 * dropped. Keeps the last data while the next loads, so a filter change does not blank the screen.
 */
export function useServiceData<T>(load: () => Promise<T>, key: string | null) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);
  const seq = useRef(0);
  const loader = useRef(load);
  // The latest closure, for the load the key triggers (declared before that effect, so it runs first).
  useEffect(() => {
    loader.current = load;
  });
  const reload = useCallback(() => {
    if (key === null) return;
    const id = ++seq.current;
    setLoading(true);
    loader.current().then(
      (value) => {
        if (id !== seq.current) return;
        setData(value);
        setError(null);
        setLoading(false);
      },
      (err: unknown) => {
        if (id !== seq.current) return;
        setError(err);
        setLoading(false);
      },
    );
  }, [key]);
  useEffect(() => reload(), [reload]);
  return { data, error, loading, reload };
}
