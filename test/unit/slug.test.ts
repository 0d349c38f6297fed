// Tenant slugs: which names a tenant may take, and the schema name each one maps to.
import { describe, expect, it } from 'vitest';
import { RESERVED_SLUGS, SLUG_PATTERN, schemaNameFor, slugProblem } from '../../src/tenancy/slug.js';

const SHAPE = 'must be 2-40 characters: a lowercase letter, then lowercase letters, digits or hyphens';

describe('tenant slugs', () => {
  it('accepts a lowercase name of 2 to 40 characters that starts with a letter', () => {
    for (const slug of ['ab', 'acme', 'acme-travel', 'a1', 'a-', `a${'b'.repeat(39)}`])
      expect(slugProblem(slug), slug).toBeNull();
  });

  it('refuses a name too short, too long, not starting with a letter, or with other characters', () => {
    for (const slug of ['', 'a', `a${'b'.repeat(40)}`, '1acme', '-acme', 'Acme', 'ac_me', 'ac.me', 'ac me', ' acme', 'acme\n'])
      expect(slugProblem(slug), JSON.stringify(slug)).toBe(SHAPE);
  });

  it('matches the whole name only, not a part of it', () => {
    expect(SLUG_PATTERN.test('acme!')).toBe(false);
    expect(SLUG_PATTERN.test('!acme')).toBe(false);
  });

  it('refuses every reserved name that otherwise has the shape of a slug', () => {
    const reserved = [
      'www',
      'api',
      'admin',
      'public',
      'platform',
      'app',
      'graphql',
      'static',
      'assets',
      'cdn',
      'mail',
      'smtp',
      'status',
      'health',
      'metrics',
      'auth',
      'login',
      'signup',
      'root',
      'system',
      'support',
      'help',
      'docs',
      'template',
      'information-schema',
      'pg',
      'postgres',
      'test',
      'demo-template',
    ];
    expect([...RESERVED_SLUGS].sort()).toEqual([...reserved].sort());
    for (const slug of reserved) expect(slugProblem(slug), slug).toBe('is reserved');
  });

  it('maps a slug to a schema name with every hyphen turned into an underscore', () => {
    expect(schemaNameFor('acme')).toBe('tenant_acme');
    expect(schemaNameFor('acme-travel-co')).toBe('tenant_acme_travel_co');
  });
});
