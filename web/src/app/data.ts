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

/**
 * Answers asked for before the page that needs them has drawn (`prefetch`), by path. On a slow phone
 * connection each request waits a round trip; a programme page asks for the programme and then, once
 * its frame has drawn, for its own list: asked together, the two travel at once. An answer is taken by
 * the first `useApi` of its path within a few seconds, or forgotten.
 */
const early = new Map<string, { at: number; answer: Promise<unknown> }>();
const EARLY_FOR_MS = 5000;

/** Starts GETs of paths a page is about to ask for (see `Route.prefetch`); each is sent once. */
export function prefetch(paths: readonly string[]): void {
  const now = Date.now();
  for (const [path, e] of early) if (now - e.at > EARLY_FOR_MS) early.delete(path);
  for (const path of paths) {
    if (early.has(path)) continue;
    const answer = get<unknown>(path);
    // A failed early answer is forgotten (asked before signing in, it was a 401): the page asks afresh.
    answer.catch(() => {
      if (early.get(path)?.answer === answer) early.delete(path);
    });
    early.set(path, { at: now, answer });
  }
}

function takeEarly<T>(path: string): Promise<T> | null {
  const e = early.get(path);
  if (!e) return null;
  early.delete(path);
  return Date.now() - e.at <= EARLY_FOR_MS ? (e.answer as Promise<T>) : null;
}

/** GET an API path; loads again whenever the path changes. `null` waits (nothing to ask yet). */
export function useApi<T>(path: string | null, opts: { keepPrevious?: boolean } = {}): Loaded<T> {
  const [result, setResult] = useState<{ path: string; data?: T; error?: ApiError } | null>(null);
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `tick` is the reload trigger
  useEffect(() => {
    if (path === null) return;
    let live = true;
    const taken = takeEarly<T>(path);
    // An early answer that failed (the session changed while it travelled) is asked for once more.
    (taken ? taken.catch(() => get<T>(path)) : get<T>(path)).then(
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
