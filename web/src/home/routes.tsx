import type { Route } from '../app/route.js';
import { HomePage } from './home.js';

// The home page is where signing in lands, so it comes with the first bundle.
export const homeRoutes: Route[] = [{ path: '/', render: () => <HomePage /> }];
