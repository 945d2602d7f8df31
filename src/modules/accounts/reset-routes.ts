import { z } from 'zod';
import type { Db } from '../../db/database.js';
import type { App } from '../../http/app-type.js';
import { Uuid, actorOf, callerOf, problems } from '../../http/route-kit.js';
import { describeReset, issueResetLink, useReset } from './password-resets.js';
import { requireAdmin } from './service.js';
import type { SessionStore } from './sessions.js';
import type { SignInLimiter } from './sign-in-limits.js';

const Token = z.string().min(10).max(100);

/** Password reset links: an administrator makes one, the person opens it and chooses a new password. */
export function resetRoutes(app: App, deps: { db: Db; sessions: SessionStore; limiter: SignInLimiter; baseUrl: () => string }) {
  const { db } = deps;

  app.post(
    '/users/:userId/reset-link',
    {
      schema: {
        tags: ['accounts'],
        summary: `Make a one-time link for a person to choose a new password (administrators). It works once, for 24 hours, and replaces any earlier link; using it ends all their sessions.`,
        params: z.object({ userId: Uuid }),
        response: {
          201: z.object({
            data: z.object({ userId: z.string(), email: z.string(), name: z.string(), expiresAt: z.string(), link: z.string() }),
          }),
          ...problems,
        },
      },
    },
    async (req, reply) => {
      requireAdmin(callerOf(req));
      const data = await issueResetLink(db, actorOf(req), req.params.userId, deps.baseUrl());
      return reply.code(201).send({ data });
    },
  );

  app.get(
    '/password-resets/:token',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['accounts'],
        summary: 'Look at a password reset link before using it',
        params: z.object({ token: Token }),
        response: { 200: z.object({ email: z.string(), expired: z.boolean(), used: z.boolean() }), ...problems },
      },
    },
    async (req) => describeReset(db, req.params.token),
  );

  app.post(
    '/password-resets/:token',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['accounts'],
        summary: 'Choose a new password with a reset link; ends every session of that account (sign in again afterwards)',
        params: z.object({ token: Token }),
        body: z.strictObject({ password: z.string().max(200, 'Password must be 200 characters or fewer') }),
        response: { 200: z.object({ email: z.string() }), ...problems },
      },
    },
    async (req) => {
      const done = await useReset(db, req.params.token, req.body.password);
      deps.sessions.forgetAll();
      // Let them straight back in from wherever their failed attempts were refused.
      await deps.limiter.forgetEmail(done.email);
      return done;
    },
  );
}
