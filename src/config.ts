import { z } from 'zod';
import { type TrustProxy, parseTrustProxy } from './http/trust-proxy.js';

/** Configuration read once from the environment, checked at boot so a typo fails loudly. */
const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  CAIRN_DATA_DIR: z.string().default('./.cairn'),
  DATABASE_URL: z.string().url().optional(),
  // Mark cookies Secure when served over HTTPS (behind a proxy). Local http needs it off.
  CAIRN_SECURE_COOKIES: z.enum(['true', 'false']).default('false'),
  // Failed sign-ins: per email from one address, and per address whatever the email (see accounts/sign-in-limits.ts).
  CAIRN_LOGIN_ATTEMPTS_PER_15_MIN: z.coerce.number().int().positive().default(10),
  CAIRN_LOGIN_ATTEMPTS_PER_ADDRESS_PER_15_MIN: z.coerce.number().int().positive().default(100),
  CAIRN_PUBLIC_URL: z.string().url().optional(),
  CAIRN_TRUST_PROXY: z.string().optional(),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  secureCookies: boolean;
  loginAttemptsPer15Min: number;
  loginAttemptsPerAddressPer15Min: number;
  publicUrl: string | undefined;
  trustProxy: TrustProxy;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = Env.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new Error(`Configuration: ${first?.path.join('.')} ${first?.message}`);
  }
  const e = parsed.data;
  let trustProxy: TrustProxy;
  try {
    trustProxy = parseTrustProxy(e.CAIRN_TRUST_PROXY);
  } catch (err) {
    throw new Error(`Configuration: CAIRN_TRUST_PROXY ${(err as Error).message}`);
  }
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: e.CAIRN_DATA_DIR,
    databaseUrl: e.DATABASE_URL,
    secureCookies: e.CAIRN_SECURE_COOKIES === 'true',
    loginAttemptsPer15Min: e.CAIRN_LOGIN_ATTEMPTS_PER_15_MIN,
    loginAttemptsPerAddressPer15Min: e.CAIRN_LOGIN_ATTEMPTS_PER_ADDRESS_PER_15_MIN,
    publicUrl: e.CAIRN_PUBLIC_URL,
    trustProxy,
    ...overrides,
  };
}
