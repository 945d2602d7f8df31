import { DrizzleQueryError } from 'drizzle-orm/errors';
import { describe, expect, it } from 'vitest';
import { errorForLog } from './errors.js';

describe('errorForLog', () => {
  it('keeps what locates a fault and leaves out a failed query’s parameters and the driver’s fields', () => {
    const cause = Object.assign(new Error('duplicate key value violates unique constraint "users_email_unique"'), {
      code: '23505',
      detail: 'Key (email)=(ada@example.org) already exists.',
      client: { connectionParameters: { password: 'hunter2hunter2' } },
    });
    const err = new DrizzleQueryError(
      'insert into users (email, password_hash) values ($1, $2)',
      ['ada@example.org', '$argon2id$v=19$secret'],
      cause,
    );
    expect(err.message).toContain('ada@example.org'); // what would reach the log without this
    const logged = errorForLog(err);
    const text = JSON.stringify(logged);
    expect(logged).toMatchObject({ cause: { code: '23505', message: expect.stringContaining('users_email_unique') } });
    expect(String(logged.message)).toContain('insert into users (email, password_hash)');
    expect(String(logged.stack)).toContain('errors.test.ts');
    for (const secret of ['ada@example.org', '$argon2id', 'hunter2']) expect(text).not.toContain(secret);
  });

  it('says what was thrown when it is not an Error', () => {
    expect(errorForLog('boom')).toEqual({ message: 'boom' });
  });
});
