// Limits of password-reset requests, per client address and per account, in this process.
import { describe, expect, it } from 'vitest';
import { ResetGuard } from '../../src/auth/reset-guard.js';

async function refusal(p: Promise<void>) {
  try {
    await p;
    return 'allowed';
  } catch (err) {
    const e = err as { message: string; extensions: Record<string, unknown> };
    return { message: e.message, code: e.extensions.code, retryAfterSeconds: e.extensions.retryAfterSeconds };
  }
}

describe('the password-reset guard', () => {
  it('allows the configured number per account, then refuses with the time to wait', async () => {
    const guard = new ResetGuard({ perAccountPerHour: 2, perAddressPerHour: 100 });
    expect(await refusal(guard.take('acme:a@x.test', '10.0.0.1'))).toBe('allowed');
    expect(await refusal(guard.take('acme:a@x.test', '10.0.0.2'))).toBe('allowed');
    expect(await refusal(guard.take('acme:a@x.test', '10.0.0.3'))).toEqual({
      message: 'Too many password reset requests; try again in 3600 s',
      code: 'RATE_LIMITED',
      retryAfterSeconds: 3600,
    });
    expect(await refusal(guard.take('acme:b@x.test', '10.0.0.3'))).toBe('allowed');
  });

  it('allows the configured number per address, whatever the account', async () => {
    const guard = new ResetGuard({ perAccountPerHour: 100, perAddressPerHour: 1 });
    expect(await refusal(guard.take('acme:a@x.test', '10.0.0.1'))).toBe('allowed');
    expect(await refusal(guard.take('acme:b@x.test', '10.0.0.1'))).toMatchObject({ code: 'RATE_LIMITED' });
    expect(await refusal(guard.take('acme:b@x.test', '10.0.0.2'))).toBe('allowed');
  });
});
