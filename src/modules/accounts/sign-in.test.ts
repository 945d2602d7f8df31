import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { publicBaseUrl } from '../../http/public-url.js';
import { parseTrustProxy } from '../../http/trust-proxy.js';
import { newPasswordProblem } from './passwords.js';
import { addressKey, minutesToWait } from './sign-in-limits.js';

describe('sign-in rules', () => {
  it('trusts no proxy unless the operator names one, and refuses what would trust everyone', () => {
    expect(parseTrustProxy(undefined)).toBe(false);
    expect(parseTrustProxy('')).toBe(false);
    expect(parseTrustProxy('127.0.0.1')).toEqual(['127.0.0.1']);
    expect(parseTrustProxy(' 10.0.0.0/8, ::1 ,loopback')).toEqual(['10.0.0.0/8', '::1', 'loopback']);
    expect(() => parseTrustProxy('true')).toThrow(/from anyone/);
    expect(() => parseTrustProxy('2')).toThrow(/not a hop count/);
    expect(() => parseTrustProxy('proxy.local')).toThrow(/"proxy.local" is not an IP address/);
    expect(() => parseTrustProxy('10.0.0.0/33')).toThrow(/10.0.0.0\/33/);
    expect(() => loadConfig({ CAIRN_TRUST_PROXY: 'yes' })).toThrow(/^Configuration: CAIRN_TRUST_PROXY "yes" is not an IP address/);
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({}).loginAttemptsPerAddressPer15Min).toBe(100);
  });

  it('counts an IPv6 caller by their /64, which one machine can roam across', () => {
    expect(addressKey('203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:0db8:0001:0002:ffff:1:2:3')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8::7')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
  });

  it('says how long to wait in whole minutes, rounded up', () => {
    expect(minutesToWait(0)).toBe('1 minute');
    expect(minutesToWait(61)).toBe('2 minutes');
    expect(minutesToWait(900)).toBe('15 minutes');
  });

  it('builds links from CAIRN_PUBLIC_URL, or the address Cairn listens on', () => {
    expect(publicBaseUrl({ publicUrl: 'https://cairn.example.org/', host: '0.0.0.0', port: 3000 })).toBe('https://cairn.example.org');
    expect(publicBaseUrl({ publicUrl: undefined, host: '0.0.0.0', port: 3000 })).toBe('http://localhost:3000');
    expect(publicBaseUrl({ publicUrl: undefined, host: '127.0.0.1', port: 0 }, 41234)).toBe('http://127.0.0.1:41234');
    expect(publicBaseUrl({ publicUrl: undefined, host: '::1', port: 8080 })).toBe('http://[::1]:8080');
  });

  it('refuses commonly used and breached passwords, and the person’s own name, in plain words', async () => {
    const ann = { email: 'ann.smith@example.org', name: 'Ann Smith' };
    expect(await newPasswordProblem('password123', ann)).toMatch(/most often used or leaked/);
    expect(await newPasswordProblem('PassWord123', ann)).toMatch(/most often used or leaked/);
    expect(await newPasswordProblem('qwertyuiop', ann)).toMatch(/most often used or leaked/);
    expect(await newPasswordProblem('Ann Smith ', { ...ann, name: 'Ann Smith Jones' })).toBeNull();
    expect(await newPasswordProblem('annsmithjones', { ...ann, name: 'Ann Smith Jones' })).toMatch(/your name/);
    expect(await newPasswordProblem('ANN.SMITH.1960', { ...ann, email: 'ann.smith.1960@example.org' })).toMatch(/first part of your email/);
    expect(await newPasswordProblem('short', ann)).toMatch(/10 characters or more/);
    expect(await newPasswordProblem('correct horse battery', ann)).toBeNull();
  });
});
