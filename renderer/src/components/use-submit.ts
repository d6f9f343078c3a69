import { useRef, useState } from 'react';
import type { Result } from '../../../shared/ipc/result';
import { errorText } from '../i18n/translate';
import { useT } from '../i18n/use-t';

export interface Submit {
  /** True while a call runs; the submit button shows it with aria-disabled (it keeps focus). */
  busy: boolean;
  /** The core's refusal in the user's language, or a message the caller set (e.g. "enter a name"). */
  error: string | null;
  setError: (error: string | null) => void;
  /** Calls the core unless a call is already running; a success goes to `onDone`, a refusal to `error`. */
  run: <T>(call: () => Promise<Result<T>>, onDone: (value: T) => void) => void;
}

/**
 * The bookkeeping every form that calls the core repeats. The guard is a ref, not the `busy` state: a double
 * click lands twice before React re-renders, and the second click must not send the request again.
 */
export function useSubmit(): Submit {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const running = useRef(false);

  const run = <T>(call: () => Promise<Result<T>>, onDone: (value: T) => void): void => {
    if (running.current) return;
    running.current = true;
    setBusy(true);
    void call().then((res) => {
      running.current = false;
      setBusy(false);
      if (res.ok) {
        setError(null);
        onDone(res.value);
      } else {
        setError(errorText(t, res.error));
      }
    });
  };

  return { busy, error, setError, run };
}
