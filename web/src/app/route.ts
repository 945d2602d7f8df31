import type { ReactNode } from 'react';
import type { Params } from './router.js';

/** One page address. Each section (accounts/, registry/, monitoring/, evaluation/) lists its own in routes.tsx. */
export interface Route {
  path: string;
  render: (p: Params) => ReactNode;
  /** Open to everyone; every other page needs someone signed in. */
  public?: boolean;
  /** Inside a programme: shows the programme's navigation. */
  programme?: boolean;
  admin?: boolean;
}
