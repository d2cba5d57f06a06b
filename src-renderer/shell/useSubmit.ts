import { useState } from 'react';
import type { FormEvent } from 'react';

/**
 * A dialog form's submit: pending while the call runs, its error kept for the form to show, and `onDone`
 * (usually closing the dialog) only when the call succeeded.
 */
export function useSubmit(run: () => Promise<void>, onDone: () => void) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setPending(true);
    setError(null);
    try {
      await run();
      onDone();
    } catch (err) {
      setError(err);
      setPending(false);
    }
  };
  return { pending, error, onSubmit: (e: FormEvent) => void submit(e) };
}
