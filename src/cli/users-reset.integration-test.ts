// One engine: the reset link the CLI prints and its password rules; nothing engine-specific.
import { describe, expect, it } from 'vitest';
import { cliWorkspace } from '../../test/support/cli.js';

// `cairn users reset-link` as an administrator at a terminal runs it: a child process on its own database.
const ws = cliWorkspace('cairn-cli-reset-');

describe('cairn users reset-link', () => {
  it('prints a one-time link built from CAIRN_PUBLIC_URL, and refuses a common password for a new account', async () => {
    const common = await ws.cairn(['users', 'create', '--email', 'pat@example.org', '--name', 'Pat'], { CAIRN_PASSWORD: 'password123' });
    expect(common.code).toBe(1);
    expect(common.stderr).toMatch(/^cairn: Password is one of the passwords most often used or leaked/);

    expect(
      (await ws.cairn(['users', 'create', '--email', 'pat@example.org', '--name', 'Pat'], { CAIRN_PASSWORD: 'pat’s long enough password' }))
        .code,
    ).toBe(0);
    const made = await ws.cairn(['users', 'reset-link', '--email', 'PAT@example.org'], { CAIRN_PUBLIC_URL: 'https://cairn.example.org/' });
    expect(made.code).toBe(0);
    expect(made.stdout).toMatch(
      /^Send Pat <pat@example\.org> this link to choose a new password \(it works once, until .* UTC; using it signs them out everywhere\):\nhttps:\/\/cairn\.example\.org\/password-reset\/[\w-]{43}\n$/,
    );

    const nobody = await ws.cairn(['users', 'reset-link', '--email', 'nobody@example.org']);
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toBe(
      'cairn: There is no account with the email address nobody@example.org.\n  --email: Give the email address the person signs in with (see `cairn users list`)\n',
    );
  }, 300_000);
});
