import { type ComponentType, lazy } from 'react';

/**
 * Each named component of a module, loaded on first use (one stable lazy component per name): a section's
 * routes file names its pages through this, so each page file becomes a chunk of its own, fetched when first shown.
 */
// biome-ignore lint/suspicious/noExplicitAny: each page has props of its own; the map only needs them to be components
export function lazyModule<M extends Record<string, ComponentType<any>>>(load: () => Promise<M>): M {
  let loading: Promise<M> | null = null;
  const cache: Record<string, unknown> = {};
  return new Proxy({} as M, {
    get: (_t, key: string) => (cache[key] ??= lazy(async () => ({ default: (await (loading ??= load()))[key]! }))),
  });
}
