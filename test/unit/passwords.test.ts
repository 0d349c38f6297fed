// argon2id password hashing at the lowest cost config allows (8 KiB, one pass), so it is fast here.
// The argon2 module is wrapped (not replaced) to see which hash an unknown account is checked against.
import * as argon2 from '@node-rs/argon2';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PasswordHasher } from '../../src/auth/passwords.js';

vi.mock('@node-rs/argon2', async (importOriginal) => {
  const real = await importOriginal<typeof argon2>();
  return { ...real, verify: vi.fn(real.verify) };
});

const hasher = new PasswordHasher({ memoryCost: 8, timeCost: 1 });

afterEach(() => {
  vi.mocked(argon2.verify).mockClear();
});

describe('password hashing', () => {
  it('hashes with argon2id at the configured cost', async () => {
    expect(await hasher.hash('correct horse')).toMatch(/^\$argon2id\$v=19\$m=8,t=1,p=1\$/);
    expect(await new PasswordHasher({ memoryCost: 16, timeCost: 2 }).hash('x')).toMatch(/^\$argon2id\$v=19\$m=16,t=2,/);
  });

  it('accepts the right password and refuses a wrong one', async () => {
    const h = await hasher.hash('correct horse');
    expect(await hasher.verify(h, 'correct horse')).toBe(true);
    expect(await hasher.verify(h, 'wrong horse')).toBe(false);
  });

  it('refuses every password for an account without a hash, and for a malformed hash', async () => {
    expect(await hasher.verify(null, 'not-a-real-password-but-same-cost')).toBe(false);
    expect(await hasher.verify(null, '')).toBe(false);
    expect(await hasher.verify('not a hash', 'x')).toBe(false);
  });

  it('checks an account without a hash against a real hash of the same cost, so it takes as long', async () => {
    await hasher.verify(null, 'guess');
    expect(argon2.verify).toHaveBeenCalledTimes(1);
    const [dummy, password] = vi.mocked(argon2.verify).mock.calls[0]!;
    expect(dummy).toMatch(/^\$argon2id\$v=19\$m=8,t=1,p=1\$/);
    expect(password).toBe('guess');
  });
});
