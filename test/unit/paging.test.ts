import { describe, expect, it } from 'vitest';
import { decodeCursor, toConnection } from '../../src/db/paging.js';

describe('toConnection', () => {
  const rows = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
  const make = () => {
    const keyed: string[] = [];
    const page = toConnection(
      rows,
      2,
      (r) => (keyed.push(r.id), [r.id]),
      async () => 3,
    );
    return { page, keyed };
  };

  it('encodes no cursor for a query that reads only nodes', () => {
    const { page, keyed } = make();
    expect(page.nodes).toEqual([{ id: 'a' }, { id: 'b' }]);
    expect(page.pageInfo.hasNextPage).toBe(true);
    expect(keyed).toEqual([]);
  });

  it('encodes each cursor of the page once, for edges and endCursor alike', async () => {
    const { page, keyed } = make();
    expect(page.pageInfo.endCursor).toBe(page.edges[1]!.cursor);
    expect(page.edges.map((e) => e.node.id)).toEqual(['a', 'b']);
    expect(decodeCursor(page.pageInfo.endCursor, ['text'])).toEqual(['b']);
    expect(keyed).toEqual(['a', 'b']);
    expect(await page.totalCount()).toBe(3);
  });

  it('has no end cursor for an empty page', () => {
    const page = toConnection(
      [],
      10,
      () => [],
      async () => 0,
    );
    expect(page.edges).toEqual([]);
    expect(page.pageInfo).toEqual({ hasNextPage: false, endCursor: null });
  });
});
