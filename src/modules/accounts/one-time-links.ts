import { newToken } from './tokens.js';

/**
 * Links that let one person in once, for a while: invitations and password resets. The person gets the
 * token in the link; the database keeps only its hash, so a leaked table opens nothing.
 */
export function issueOneTimeLink(baseUrl: string, page: 'invitations' | 'password-reset', lifetimeMs: number) {
  const { token, hash } = newToken();
  return {
    token,
    hash,
    expiresAt: new Date(Date.now() + lifetimeMs),
    link: `${baseUrl.replace(/\/+$/, '')}/${page}/${token}`,
  };
}

export type LinkState = 'usable' | 'used' | 'expired';

export function linkState(row: { expiresAt: Date; usedAt: Date | null }, now = Date.now()): LinkState {
  if (row.usedAt) return 'used';
  return row.expiresAt.getTime() < now ? 'expired' : 'usable';
}
