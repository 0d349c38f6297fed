import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('configuration', () => {
  it('reports every bad variable at once', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'abc', DATABASE_URL: 'not a url', JWT_ALG: 'HS256', PLATFORM_ADMIN_EMAIL: 'a@b.test' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/PORT/);
    expect(problems).toMatch(/DATABASE_URL/);
    expect(problems).toMatch(/JWT_ALG/);
  });

  it('refuses to start in production without signing keys, and turns sign-up and the demo off there', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_PRIVATE_KEY/);
    const prod = loadConfig({ NODE_ENV: 'production', JWT_PRIVATE_KEY: 'x', JWT_PUBLIC_KEY: 'y' });
    expect(prod.signupEnabled).toBe(false);
    expect(prod.demoOnFirstRun).toBe(false);
    const dev = loadConfig({});
    expect(dev.signupEnabled).toBe(true);
    expect(dev.databaseUrl).toBeUndefined();
    expect(dev.dataDir).toBe('.data');
  });

  it('needs the platform admin email and password together', () => {
    expect(() => loadConfig({ PLATFORM_ADMIN_EMAIL: 'a@b.test' })).toThrow(/set together/);
  });

  it('reads TRUST_PROXY as a hop count, a boolean, or addresses', () => {
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: 'loopback, uniquelocal' }).trustProxy).toBe('loopback, uniquelocal');
  });

  it('turns introspection and the playground off in production unless asked, and CORS to tenant origins only', () => {
    const keys = { JWT_PRIVATE_KEY: 'x', JWT_PUBLIC_KEY: 'y' };
    const prod = loadConfig({ NODE_ENV: 'production', ...keys });
    expect([prod.introspection, prod.playground, prod.corsOrigins]).toEqual([false, false, []]);
    const dev = loadConfig({});
    expect([dev.introspection, dev.playground, dev.corsOrigins]).toEqual([true, true, ['*']]);
    const opened = loadConfig({
      NODE_ENV: 'production',
      ...keys,
      INTROSPECTION: 'on',
      CORS_ORIGINS: 'https://App.example.com/ , https://b.test',
    });
    expect([opened.introspection, opened.corsOrigins]).toEqual([true, ['https://app.example.com', 'https://b.test']]);
  });
});
