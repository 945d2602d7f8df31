import type { Route } from '../app/route.js';
import { lazyModule } from '../app/lazy.js';
import { AcceptInvitation, ResetPassword, SignIn } from './auth.js';

// The sign-in pages load with the first bundle; the people pages (administrators only) when first needed.
const Admin = lazyModule(() => import('./people.js'));

export const accountRoutes: Route[] = [
  { path: '/sign-in', public: true, render: () => <SignIn /> },
  { path: '/invitations/:token', public: true, render: (p) => <AcceptInvitation token={p.token!} /> },
  { path: '/password-reset/:token', public: true, render: (p) => <ResetPassword token={p.token!} /> },
  { path: '/admin/users', admin: true, render: () => <Admin.Users /> },
  { path: '/admin/users/:userId', admin: true, render: (p) => <Admin.User id={p.userId!} /> },
  { path: '/admin/invite', admin: true, render: () => <Admin.Invite /> },
];
