import { createContext, useCallback, useContext, useEffect, useState } from 'react';
import { ApiError, type SessionUser, get } from '../api/index.js';

export interface Session {
  user: SessionUser | null;
  /** Ask the server again who is signed in (after signing in or out). */
  refresh: () => Promise<SessionUser | null>;
}
export const SessionContext = createContext<Session>({ user: null, refresh: async () => null });
export const useSession = () => useContext(SessionContext);

export type Loaded<T> =
  | { state: 'loading'; reload: () => void }
  | { state: 'error'; error: ApiError; reload: () => void }
  | { state: 'ready'; data: T; reload: () => void };

/** GET an API path; loads again whenever the path changes. `null` waits (nothing to ask yet). */
export function useApi<T>(path: string | null, opts: { keepPrevious?: boolean } = {}): Loaded<T> {
  const [result, setResult] = useState<{ path: string; data?: T; error?: ApiError } | null>(null);
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `tick` is the reload trigger
  useEffect(() => {
    if (path === null) return;
    let live = true;
    get<T>(path).then(
      (data) => live && setResult({ path, data }),
      (error: unknown) =>
        live &&
        setResult({
          path,
          error: error instanceof ApiError ? error : new ApiError({ title: 'Error', status: 0, detail: String(error) }),
        }),
    );
    return () => {
      live = false;
    };
  }, [path, tick]);
  // A list keeps showing the previous answer while its next page loads, so the page does not jump.
  if (!result || (result.path !== path && (result.error || !opts.keepPrevious))) return { state: 'loading', reload };
  if (result.error) return { state: 'error', error: result.error, reload };
  return { state: 'ready', data: result.data as T, reload };
}
