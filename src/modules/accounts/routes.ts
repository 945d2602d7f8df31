import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import type { Config } from '../../config.js';
import type { Database } from '../../db/database.js';
import type { App } from '../../http/app-type.js';
import { publicBaseUrl } from '../../http/public-url.js';
import { Uuid, actorOf, callerOf, problems } from '../../http/route-kit.js';
import { PROGRAMME_ROLES } from './schema.js';
import {
  acceptInvitation,
  describeInvitation,
  inviteUser,
  listPendingInvitations,
  listUsers,
  requireAdmin,
  setPartnershipMember,
  setProgrammeRole,
  signIn,
  userDetail,
} from './service.js';
import { SESSION_COOKIE, SESSION_DAYS, type SessionStore } from './sessions.js';
import { SignInLimiter } from './sign-in-limits.js';
import { resetRoutes } from './reset-routes.js';

const Email = z.email({ message: 'Enter an email address in the right format, like name@example.org' }).max(254);
const Role = z.enum(PROGRAMME_ROLES);

const SessionUser = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  isAdmin: z.boolean(),
  programmes: z.array(z.object({ programmeId: z.string(), role: z.string() })),
  partnershipIds: z.array(z.string()),
});
const UserSummary = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  isAdmin: z.boolean(),
  hasPassword: z.boolean(),
  disabled: z.boolean(),
});
const UserDetail = UserSummary.extend({
  programmeRoles: z.array(z.object({ programme: z.string(), programmeName: z.string(), role: z.string() })),
  partnerships: z.array(z.object({ partnershipId: z.string(), partnershipName: z.string(), programme: z.string() })),
});
/** The People list: each account with its programme roles and the partnerships it belongs to (programme names included). */
const UserListed = UserDetail.extend({
  partnerships: z.array(
    z.object({ partnershipId: z.string(), partnershipName: z.string(), programme: z.string(), programmeName: z.string() }),
  ),
});

export async function accountRoutes(app: App, deps: { database: Database; config: Config; sessions: SessionStore }) {
  const { db } = deps.database;
  const cookieOpts = {
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: deps.config.secureCookies,
    path: '/',
    maxAge: SESSION_DAYS * 86_400,
  };
  // Links are built from CAIRN_PUBLIC_URL (or the address Cairn listens on), never from the Host header.
  const baseUrl = () => publicBaseUrl(deps.config, (app.server.address() as AddressInfo | null)?.port);

  app.get(
    '/auth/session',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['accounts'],
        summary: 'Who is signed in, and a CSRF token to send as X-CSRF-Token on every write',
        response: { 200: z.object({ user: SessionUser.nullable(), csrfToken: z.string() }) },
      },
    },
    async (req, reply) => {
      const c = req.caller;
      return {
        user: c
          ? {
              id: c.userId,
              email: c.email,
              name: c.name,
              isAdmin: c.isAdmin,
              programmes: [...c.programmeRoles].map(([programmeId, role]) => ({ programmeId, role })),
              partnershipIds: [...c.partnerships.keys()],
            }
          : null,
        csrfToken: reply.generateCsrf(),
      };
    },
  );

  const limiter = new SignInLimiter(db, {
    perEmail: deps.config.loginAttemptsPer15Min,
    perAddress: deps.config.loginAttemptsPerAddressPer15Min,
  });
  await limiter.sweep();

  app.post(
    '/auth/login',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['accounts'],
        summary:
          'Sign in with email and password; sets an HttpOnly session cookie. Failed attempts are limited per email and address (429 with Retry-After).',
        body: z.strictObject({ email: Email, password: z.string().min(1, 'Enter your password').max(200) }),
        response: { 200: z.object({ user: UserSummary }), ...problems, 429: problems[400] },
      },
    },
    async (req, reply) => {
      // Counted here, after the body is parsed, so the key holds the email as well as the address.
      const attempt = await limiter.begin(req.body.email, req.ip);
      const user = await signIn(db, req.body.email, req.body.password);
      await attempt.succeeded();
      const { token } = await deps.sessions.create(user.id);
      reply.setCookie(SESSION_COOKIE, token, cookieOpts);
      return { user };
    },
  );

  resetRoutes(app, { db, sessions: deps.sessions, limiter, baseUrl });

  app.post(
    '/auth/logout',
    {
      config: { auth: 'public' },
      schema: { tags: ['accounts'], summary: 'Sign out', response: { 204: z.null(), ...problems } },
    },
    async (req, reply) => {
      const token = req.cookies[SESSION_COOKIE];
      if (token) await deps.sessions.destroy(token);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/invitations/:token',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['accounts'],
        summary: 'Look at an invitation before accepting it',
        params: z.object({ token: z.string().min(10).max(100) }),
        response: { 200: z.object({ email: z.string(), name: z.string(), expired: z.boolean(), accepted: z.boolean() }), ...problems },
      },
    },
    async (req) => describeInvitation(db, req.params.token),
  );

  app.post(
    '/invitations/:token/accept',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['accounts'],
        summary: 'Accept an invitation: choose a password and sign in',
        params: z.object({ token: z.string().min(10).max(100) }),
        body: z.strictObject({ name: z.string().trim().max(200).default(''), password: z.string().max(200) }),
        response: { 200: z.object({ user: UserSummary }), ...problems },
      },
    },
    async (req, reply) => {
      const user = await acceptInvitation(db, req.params.token, req.body);
      const { token } = await deps.sessions.create(user.id);
      deps.sessions.forgetAll();
      reply.setCookie(SESSION_COOKIE, token, cookieOpts);
      return { user };
    },
  );

  app.get(
    '/invitations',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Invitations not yet accepted (administrators)',
        response: {
          200: z.object({
            data: z.array(
              z.object({
                id: z.string(),
                email: z.string(),
                name: z.string(),
                role: z.string().nullable(),
                programme: z.string().nullable(),
                expiresAt: z.string(),
                expired: z.boolean(),
              }),
            ),
          }),
          ...problems,
        },
      },
    },
    async (req) => {
      requireAdmin(callerOf(req));
      return { data: await listPendingInvitations(db) };
    },
  );

  app.post(
    '/invitations',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Invite someone (administrators). The answer holds the invitation link to pass on.',
        body: z.strictObject({
          email: Email,
          name: z.string().trim().min(1, 'Enter their name').max(200, 'Name must be 200 characters or fewer'),
          isAdmin: z.boolean().optional(),
          programme: z.string().max(60).optional(),
          role: Role.optional(),
          partnershipId: Uuid.optional(),
        }),
        response: {
          201: z.object({
            data: z.object({ id: z.string(), email: z.string(), name: z.string(), expiresAt: z.string(), link: z.string() }),
          }),
          ...problems,
        },
      },
    },
    async (req, reply) => {
      requireAdmin(callerOf(req));
      const data = await inviteUser(db, actorOf(req), req.body, baseUrl());
      return reply.code(201).send({ data });
    },
  );

  app.get(
    '/users',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Accounts, each with its programme roles and partnerships (administrators)',
        querystring: z.strictObject({ q: z.string().max(200).optional() }),
        response: { 200: z.object({ data: z.array(UserListed) }), ...problems },
      },
    },
    async (req) => {
      requireAdmin(callerOf(req));
      return { data: await listUsers(db, { search: req.query.q }) };
    },
  );

  app.get(
    '/users/:userId',
    {
      schema: {
        tags: ['accounts'],
        summary: 'One account with its roles (administrators)',
        params: z.object({ userId: Uuid }),
        response: { 200: z.object({ data: UserDetail }), ...problems },
      },
    },
    async (req) => {
      requireAdmin(callerOf(req));
      return { data: await userDetail(db, req.params.userId) };
    },
  );

  app.put(
    '/users/:userId/programme-roles/:programme',
    {
      schema: {
        tags: ['accounts'],
        summary: "Set a person's role in a programme (administrators)",
        params: z.object({ userId: Uuid, programme: z.string().max(60) }),
        body: z.strictObject({ role: Role }),
        response: { 200: z.object({ data: UserDetail }), ...problems },
      },
    },
    async (req) => {
      requireAdmin(callerOf(req));
      const data = await setProgrammeRole(db, actorOf(req), req.params.userId, req.params.programme, req.body.role);
      deps.sessions.forgetAll();
      return { data };
    },
  );

  app.delete(
    '/users/:userId/programme-roles/:programme',
    {
      schema: {
        tags: ['accounts'],
        summary: "Remove a person's role in a programme (administrators)",
        params: z.object({ userId: Uuid, programme: z.string().max(60) }),
        response: { 200: z.object({ data: UserDetail }), ...problems },
      },
    },
    async (req) => {
      requireAdmin(callerOf(req));
      const data = await setProgrammeRole(db, actorOf(req), req.params.userId, req.params.programme, null);
      deps.sessions.forgetAll();
      return { data };
    },
  );

  app.put(
    '/users/:userId/partnerships/:partnershipId',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Make a person a member of a partnership (administrators)',
        params: z.object({ userId: Uuid, partnershipId: Uuid }),
        response: { 200: z.object({ data: UserDetail }), ...problems },
      },
    },
    async (req) => {
      requireAdmin(callerOf(req));
      const data = await setPartnershipMember(db, actorOf(req), req.params.userId, req.params.partnershipId, true);
      deps.sessions.forgetAll();
      return { data };
    },
  );

  app.delete(
    '/users/:userId/partnerships/:partnershipId',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Remove a person from a partnership (administrators)',
        params: z.object({ userId: Uuid, partnershipId: Uuid }),
        response: { 200: z.object({ data: UserDetail }), ...problems },
      },
    },
    async (req) => {
      requireAdmin(callerOf(req));
      const data = await setPartnershipMember(db, actorOf(req), req.params.userId, req.params.partnershipId, false);
      deps.sessions.forgetAll();
      return { data };
    },
  );
}
