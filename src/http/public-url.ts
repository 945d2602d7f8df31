/**
 * The address people use to reach Cairn, for links Cairn hands out (invitations, password resets).
 * Never from the request's Host header: anyone can forge that, and a link pointing at an attacker's
 * host would carry a working token there. Without CAIRN_PUBLIC_URL the honest answer is the address
 * Cairn listens on: `localhost` when it listens on every interface, else the address it was given.
 */
export function publicBaseUrl(config: { publicUrl: string | undefined; host: string; port: number }, boundPort?: number): string {
  if (config.publicUrl) return config.publicUrl.replace(/\/+$/, '');
  const host = ['0.0.0.0', '::', ''].includes(config.host) ? 'localhost' : config.host.includes(':') ? `[${config.host}]` : config.host;
  return `http://${host}:${boundPort || config.port}`;
}
