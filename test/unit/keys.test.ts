// Signing keys: from configuration, kept under DATA_DIR outside tests, generated in memory in tests.
import { hkdfSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportPKCS8, exportSPKI, generateKeyPair } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSigningKeys } from '../../src/auth/keys.js';
import { loadConfig } from '../../src/config.js';
import { bearerToken } from '../../src/auth/viewer.js';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'leopard-keys-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('signing keys', () => {
  it('are generated in memory for tests, a new pair each time, and written nowhere', async () => {
    const dir = tempDir();
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dir });
    const [a, b] = [await loadSigningKeys(config), await loadSigningKeys(config)];
    expect(a.alg).toBe('EdDSA');
    expect(a.kid).not.toBe(b.kid);
    expect(() => statSync(join(dir, 'keys'))).toThrow();
  });

  it('are kept under DATA_DIR in development, private to the owner, and read back on the next start', async () => {
    const dir = tempDir();
    const config = loadConfig({ NODE_ENV: 'development', DATA_DIR: dir });
    const first = await loadSigningKeys(config);
    const file = join(dir, 'keys', 'jwt-eddsa.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'keys')).mode & 0o777).toBe(0o700);
    expect(Object.keys(JSON.parse(readFileSync(file, 'utf8')))).toEqual(['privatePem', 'publicPem']);
    const again = await loadSigningKeys(config);
    expect(again.kid).toBe(first.kid);
    expect(again.jwks).toEqual(first.jwks);
  });

  it('are required in production', async () => {
    const config = loadConfig({ NODE_ENV: 'production', JWT_PRIVATE_KEY: 'x', JWT_PUBLIC_KEY: 'y' });
    await expect(loadSigningKeys({ ...config, jwt: { ...config.jwt, privateKeyPem: undefined } })).rejects.toThrow(
      'signing keys are required in production',
    );
  });

  it('come from configured PEMs with a key id from the public key, or the configured one', async () => {
    const pair = await generateKeyPair('EdDSA', { extractable: true });
    const [priv, pub] = [await exportPKCS8(pair.privateKey), await exportSPKI(pair.publicKey)];
    const base = loadConfig({ NODE_ENV: 'test' });
    const keys = await loadSigningKeys({ ...base, jwt: { ...base.jwt, privateKeyPem: priv, publicKeyPem: pub } });
    const again = await loadSigningKeys({ ...base, jwt: { ...base.jwt, privateKeyPem: priv, publicKeyPem: pub } });
    expect(keys.kid).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(again.kid).toBe(keys.kid);
    expect(keys.jwks.keys).toEqual([
      expect.objectContaining({ kty: 'OKP', crv: 'Ed25519', kid: keys.kid, alg: 'EdDSA', use: 'sig' }),
    ]);
    const named = await loadSigningKeys({ ...base, jwt: { ...base.jwt, privateKeyPem: priv, publicKeyPem: pub, keyId: 'k1' } });
    expect(named.kid).toBe('k1');
    expect(named.jwks.keys[0]!.kid).toBe('k1');
  });

  it('derive the same 32-byte secret per purpose on every node sharing them, another for another purpose', async () => {
    const pair = await generateKeyPair('EdDSA', { extractable: true });
    const [priv, pub] = [await exportPKCS8(pair.privateKey), await exportSPKI(pair.publicKey)];
    const base = loadConfig({ NODE_ENV: 'test' });
    const node = () => loadSigningKeys({ ...base, jwt: { ...base.jwt, privateKeyPem: priv, publicKeyPem: pub } });
    const [a, b] = [await node(), await node()];
    expect(a.deriveSecret('cache')).toHaveLength(32);
    expect(a.deriveSecret('cache').equals(b.deriveSecret('cache'))).toBe(true);
    expect(a.deriveSecret('cache').equals(a.deriveSecret('other'))).toBe(false);
  });

  it('derive their secrets by HKDF-SHA256 from the private PEM with the salt "leopard-graphql" (what every node computes)', async () => {
    const pair = await generateKeyPair('EdDSA', { extractable: true });
    const [priv, pub] = [await exportPKCS8(pair.privateKey), await exportSPKI(pair.publicKey)];
    const base = loadConfig({ NODE_ENV: 'test' });
    const keys = await loadSigningKeys({ ...base, jwt: { ...base.jwt, privateKeyPem: priv, publicKeyPem: pub } });
    const expected = Buffer.from(hkdfSync('sha256', priv, 'leopard-graphql', 'cache', 32));
    expect(keys.deriveSecret('cache').equals(expected)).toBe(true);
  });

  it('in tests ignore keys saved under DATA_DIR', async () => {
    const dir = tempDir();
    const saved = await loadSigningKeys(loadConfig({ NODE_ENV: 'development', DATA_DIR: dir }));
    const inTest = await loadSigningKeys(loadConfig({ NODE_ENV: 'test', DATA_DIR: dir }));
    expect(inTest.kid).not.toBe(saved.kid);
  });

  it('create DATA_DIR and its keys folder when neither exists yet', async () => {
    const dir = join(tempDir(), 'not', 'yet');
    await loadSigningKeys(loadConfig({ NODE_ENV: 'development', DATA_DIR: dir }));
    expect(statSync(join(dir, 'keys', 'jwt-eddsa.json')).isFile()).toBe(true);
  });
});

describe('the bearer token of a request', () => {
  it('is read from "Bearer <token>", any case, trimmed; absent without a header', () => {
    expect(bearerToken(undefined)).toBeUndefined();
    expect(bearerToken('')).toBeUndefined();
    expect(bearerToken('Bearer abc.def')).toBe('abc.def');
    expect(bearerToken('  bearer   abc  ')).toBe('abc');
  });

  it('refuses any other shape as UNAUTHENTICATED', () => {
    for (const h of ['Basic abc', 'Bearer', 'Bearer a b', 'xBearer abc'])
      expect(() => bearerToken(h), h).toThrow('Authorization header must be "Bearer <token>"');
  });
});
