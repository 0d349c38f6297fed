// argon2id hashing. Unknown accounts are checked against a dummy hash so that a wrong email and a
// wrong password take about the same time.
import { hash, verify } from '@node-rs/argon2';

/** @node-rs/argon2's Algorithm.Argon2id (a const enum, which isolatedModules cannot import). */
const ARGON2ID = 2;
import type { Config } from '../config.js';

export class PasswordHasher {
  private dummy: Promise<string>;
  constructor(private readonly cost: Config['argon2']) {
    // Stryker disable next-line StringLiteral: any dummy will do
    this.dummy = this.hash('not-a-real-password-but-same-cost');
  }

  hash(password: string): Promise<string> {
    return hash(password, { algorithm: ARGON2ID, memoryCost: this.cost.memoryCost, timeCost: this.cost.timeCost });
  }

  async verify(passwordHash: string | null, password: string): Promise<boolean> {
    if (passwordHash === null) {
      // The same work as a real check; its outcome is ignored.
      try {
        await verify(await this.dummy, password);
      } catch {
        // never expected: the dummy is a well-formed hash
      }
      return false;
    }
    return verify(passwordHash, password).catch(() => false);
  }
}
