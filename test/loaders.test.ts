// Per-request DataLoaders: built lazily a module at a time, never shared between requests, and
// each batch runs in the request's scope (FORBIDDEN outside a signed-in tenant request).
import DataLoader from 'dataloader';
import { describe, expect, it } from 'vitest';
import { createLoaders, modulesBuilt } from '../src/graphql/loaders.js';

describe('createLoaders', () => {
  it('builds a module’s loaders on first use only, once per request', () => {
    const loaders = createLoaders(null, null);
    expect(modulesBuilt(loaders)).toBe(0);
    const branch = loaders.branchById;
    expect(branch).toBeInstanceOf(DataLoader);
    expect(loaders.branchById).toBe(branch); // the same loader for the whole request
    expect(loaders.regionById).toBeInstanceOf(DataLoader); // same module: nothing more built
    expect(modulesBuilt(loaders)).toBe(1);
    expect(loaders.userById).toBeInstanceOf(DataLoader);
    expect(modulesBuilt(loaders)).toBe(2);
    expect(createLoaders(null, null).branchById).not.toBe(branch);
  });

  it('answers FORBIDDEN from a batch outside a signed-in tenant request', async () => {
    await expect(createLoaders(null, null).branchById.load('00000000-0000-0000-0000-000000000000')).rejects.toMatchObject({
      extensions: { code: 'FORBIDDEN' },
    });
  });
});
