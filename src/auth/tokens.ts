// Access tokens (short-lived JWTs) and refresh tokens (opaque, stored only as hashes).
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';
import type { Config } from '../config.js';
import type { SigningKeys } from './keys.js';

export type TokenRole =
  'SUPER_SUPER_ADMIN' | 'SUPER_ADMIN' | 'COUNTRY_MANAGER' | 'REGION_MANAGER' | 'BRANCH_ADMIN' | 'CONSULTANT';

export interface AccessClaims {
  sub: string;
  sid: string;
  role: TokenRole;
  /** Tenant slug; absent on platform-admin tokens. */
  tid?: string;
}

export interface IssuedAccessToken {
  token: string;
  expiresAt: Date;
}

/** Verified access tokens kept per process: enough for every token in use on a busy node. */
const VERIFIED_CACHE_SIZE = 10_000;

export class TokenService {
  /**
   * Tokens whose signature and claims were verified, with their expiry (seconds). A signature check
   * costs more than the rest of authentication bar the session read; a token is re-checked for
   * expiry on every use, and the session behind it is read on every request regardless.
   */
  private readonly verified = new Map<string, { claims: AccessClaims; exp: number }>();

  constructor(
    private readonly keys: SigningKeys,
    private readonly config: Config['jwt'],
  ) {}

  async sign(claims: AccessClaims): Promise<IssuedAccessToken> {
    const now = Math.floor(Date.now() / 1000);
    const exp = now + this.config.accessTtlSeconds;
    const token = await new SignJWT({ role: claims.role, sid: claims.sid, ...(claims.tid ? { tid: claims.tid } : {}) })
      .setProtectedHeader({ alg: this.keys.alg, kid: this.keys.kid, typ: 'at+jwt' })
      .setIssuer(this.config.issuer)
      .setAudience(this.config.audience)
      .setSubject(claims.sub)
      .setIssuedAt(now)
      .setExpirationTime(exp)
      // EdDSA signs deterministically: without an id, a session renewed within the second it was
      // issued would get the very same token back.
      .setJti(randomUUID())
      .sign(this.keys.privateKey);
    return { token, expiresAt: new Date(exp * 1000) };
  }

  /** Verifies signature (pinned algorithm), issuer, audience and expiry; null when any fails. */
  async verify(token: string): Promise<AccessClaims | null> {
    const known = this.verified.get(token);
    if (known) {
      if (known.exp > Date.now() / 1000) return known.claims;
      this.verified.delete(token);
      return null;
    }
    try {
      const { payload } = await jwtVerify(token, this.keys.publicKey, {
        algorithms: [this.keys.alg],
        issuer: this.config.issuer,
        audience: this.config.audience,
        typ: 'at+jwt',
        requiredClaims: ['sub', 'exp', 'iat'],
      });
      const { sub, sid, role, tid } = payload as Record<string, unknown>;
      if (typeof sub !== 'string' || typeof sid !== 'string' || typeof role !== 'string') return null;
      if (tid !== undefined && typeof tid !== 'string') return null;
      // Frozen: one object serves every request that presents this token.
      const claims: AccessClaims = Object.freeze({ sub, sid, role: role as TokenRole, ...(tid ? { tid } : {}) });
      // Oldest first out: a Map iterates in insertion order.
      if (this.verified.size >= VERIFIED_CACHE_SIZE) this.verified.delete(this.verified.keys().next().value!);
      this.verified.set(token, { claims, exp: payload.exp! });
      return claims;
    } catch {
      return null;
    }
  }

  get jwks() {
    return this.keys.jwks;
  }
}

export function newRefreshToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
