// Signing keys for access tokens: from configuration, or (outside production) a key pair
// generated once and kept under DATA_DIR so tokens survive a restart.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash, hkdfSync } from 'node:crypto';
import { join } from 'node:path';
import { exportJWK, exportPKCS8, exportSPKI, generateKeyPair, importPKCS8, importSPKI, type JWK } from 'jose';
import type { Config } from '../config.js';

type CryptoKey = Awaited<ReturnType<typeof importPKCS8>>;

export interface SigningKeys {
  readonly alg: 'EdDSA' | 'RS256';
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
  readonly jwks: { keys: JWK[] };
  /**
   * A secret every node sharing these keys derives alike, for one purpose (HKDF over the private
   * key): lets nodes recognise each other's data without sending it in the clear.
   */
  deriveSecret(purpose: string): Buffer;
}

async function fromPem(alg: 'EdDSA' | 'RS256', privatePem: string, publicPem: string, kid?: string) {
  const privateKey = await importPKCS8(privatePem, alg);
  const publicKey = await importSPKI(publicPem, alg); // public keys can always be exported
  const jwk = await exportJWK(publicKey);
  const keyId = kid ?? createHash('sha256').update(publicPem).digest('base64url').slice(0, 16);
  return {
    alg,
    kid: keyId,
    privateKey,
    publicKey,
    jwks: { keys: [{ ...jwk, kid: keyId, alg, use: 'sig' }] },
    deriveSecret: (purpose: string) => Buffer.from(hkdfSync('sha256', privatePem, 'leopard-graphql', purpose, 32)),
  };
}

export async function loadSigningKeys(config: Config): Promise<SigningKeys> {
  const { alg, privateKeyPem, publicKeyPem, keyId } = config.jwt;
  if (privateKeyPem && publicKeyPem) return fromPem(alg, privateKeyPem, publicKeyPem, keyId);
  if (config.isProduction) throw new Error('signing keys are required in production');

  const file = join(config.dataDir, 'keys', `jwt-${alg.toLowerCase()}.json`);
  if (config.env !== 'test' && existsSync(file)) {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { privatePem: string; publicPem: string };
    return fromPem(alg, saved.privatePem, saved.publicPem);
  }
  const pair = await generateKeyPair(alg, { extractable: true });
  const privatePem = await exportPKCS8(pair.privateKey);
  const publicPem = await exportSPKI(pair.publicKey);
  if (config.env !== 'test') {
    mkdirSync(join(config.dataDir, 'keys'), { recursive: true, mode: 0o700 });
    writeFileSync(file, JSON.stringify({ privatePem, publicPem }), { mode: 0o600 });
  }
  return fromPem(alg, privatePem, publicPem);
}
