// The action catalogue: each role's default actions, what a tenant may grant or revoke, and the
// effective set a stored override yields (clamped to what code allows).
import { describe, expect, it } from 'vitest';
import {
  ACTIONS,
  ACTION_NAMES,
  defaultActions,
  effectiveActions,
  grantableActions,
  isAction,
  isEditableRole,
  overrideFor,
  type Action,
} from '../../src/access/actions.js';
import { TENANT_ROLES, type TenantRole } from '../../src/access/roles.js';

// The policy written out independently of the catalogue: kind, and the roles holding the action by
// default (S SUPER_ADMIN, C COUNTRY_MANAGER, R REGION_MANAGER, B BRANCH_ADMIN, U CONSULTANT).
const ALL = 'SCRBU';
const UP_TO_B = 'SCRB';
const POLICY: Record<string, ['data' | 'restricted', string]> = {
  'region:read': ['data', ALL],
  'region:create': ['restricted', 'SC'],
  'region:update': ['restricted', 'SC'],
  'region:delete': ['restricted', 'SC'],
  'branch:read': ['data', ALL],
  'branch:create': ['restricted', 'SCR'],
  'branch:update': ['restricted', 'SCR'],
  'branch:delete': ['restricted', 'SCR'],
  'user:read': ['data', ALL],
  'user:create': ['restricted', UP_TO_B],
  'user:update': ['restricted', UP_TO_B],
  'user:deactivate': ['restricted', UP_TO_B],
  'user:resetPassword': ['restricted', UP_TO_B],
  'permissions:manage': ['restricted', 'S'],
  'settings:read': ['restricted', 'S'],
  'settings:update': ['restricted', 'S'],
  'client:read': ['data', ALL],
  'client:create': ['data', ALL],
  'client:update': ['data', ALL],
  'client:assign': ['data', ALL],
  'client:delete': ['data', UP_TO_B],
  'note:create': ['data', ALL],
  'note:moderate': ['data', UP_TO_B],
  'visaApplication:read': ['data', ALL],
  'visaApplication:create': ['data', ALL],
  'visaApplication:update': ['data', ALL],
  'visaApplication:delete': ['data', UP_TO_B],
  'collegeApplication:read': ['data', ALL],
  'collegeApplication:create': ['data', ALL],
  'collegeApplication:update': ['data', ALL],
  'collegeApplication:delete': ['data', UP_TO_B],
  'catalogue:read': ['data', ALL],
  'agent:write': ['data', UP_TO_B],
  'agent:delete': ['data', UP_TO_B],
  'visaCatalogue:write': ['data', UP_TO_B],
  'languageExam:write': ['data', UP_TO_B],
  'institute:write': ['data', UP_TO_B],
  'institute:delete': ['data', UP_TO_B],
  'courseCatalogue:write': ['data', UP_TO_B],
  'applicationType:write': ['data', UP_TO_B],
  'task:read': ['data', ALL],
  'task:create': ['data', ALL],
  'task:update': ['data', ALL],
  'task:delete': ['data', ALL],
  'reminder:write': ['data', ALL],
  'calendar:write': ['data', ALL],
  'calendar:viewTeam': ['data', UP_TO_B],
  'calendar:assignOthers': ['data', UP_TO_B],
  'events:read': ['restricted', 'S'],
  'events:retry': ['restricted', 'S'],
  'dashboard:read': ['data', ALL],
};
const LETTER: Record<TenantRole, string> = {
  SUPER_ADMIN: 'S',
  COUNTRY_MANAGER: 'C',
  REGION_MANAGER: 'R',
  BRANCH_ADMIN: 'B',
  CONSULTANT: 'U',
};
const names = Object.keys(POLICY).sort() as Action[];
const expectedDefaults = (role: TenantRole) => names.filter((a) => POLICY[a]![1].includes(LETTER[role]));
const dataActions = names.filter((a) => POLICY[a]![0] === 'data');

describe('the action catalogue', () => {
  it('lists every action once, sorted by name', () => {
    expect(ACTION_NAMES).toEqual(names);
  });

  it('gives every action its kind, its default roles and a description', () => {
    for (const a of names) {
      const spec = ACTIONS[a];
      expect([a, spec.kind, [...spec.defaults].map((r) => LETTER[r]).join('')]).toEqual([a, ...POLICY[a]!]);
      expect(spec.description.length, a).toBeGreaterThan(10);
    }
  });

  it('knows its own action names and nothing else, not even inherited object keys', () => {
    expect(isAction('client:read')).toBe(true);
    expect(isAction('client:fly')).toBe(false);
    expect(isAction('toString')).toBe(false);
    expect(isAction('')).toBe(false);
  });

  it("gives each role its defaults from the policy, and only SUPER_ADMIN's set is fixed", () => {
    for (const role of TENANT_ROLES) expect(defaultActions(role), role).toEqual(expectedDefaults(role));
    expect(TENANT_ROLES.filter(isEditableRole)).toEqual(['COUNTRY_MANAGER', 'REGION_MANAGER', 'BRANCH_ADMIN', 'CONSULTANT']);
  });

  it('lets a tenant grant a role every data action and the restricted ones it holds anyway; SUPER_ADMIN nothing more', () => {
    expect(grantableActions('SUPER_ADMIN')).toEqual(expectedDefaults('SUPER_ADMIN'));
    expect(grantableActions('CONSULTANT')).toEqual(dataActions);
    expect(grantableActions('REGION_MANAGER')).toEqual(
      names.filter((a) => POLICY[a]![0] === 'data' || POLICY[a]![1].includes('R')),
    );
    expect(grantableActions('REGION_MANAGER')).toContain('branch:create');
    expect(grantableActions('REGION_MANAGER')).not.toContain('region:create');
    expect(grantableActions('BRANCH_ADMIN')).not.toContain('permissions:manage');
  });
});

describe('the effective set of a role in a tenant', () => {
  it('is the defaults when the tenant changed nothing', () => {
    expect([...effectiveActions('CONSULTANT', null)].sort()).toEqual(expectedDefaults('CONSULTANT'));
    expect([...effectiveActions('CONSULTANT', undefined)].sort()).toEqual(expectedDefaults('CONSULTANT'));
    expect([...effectiveActions('CONSULTANT', { granted: [], revoked: [] })].sort()).toEqual(expectedDefaults('CONSULTANT'));
  });

  it('drops revoked actions and adds granted data actions', () => {
    const set = effectiveActions('CONSULTANT', { granted: ['client:delete'], revoked: ['client:assign'] });
    expect(set.has('client:delete')).toBe(true);
    expect(set.has('client:assign')).toBe(false);
    expect(set.size).toBe(expectedDefaults('CONSULTANT').length);
  });

  it('never adds a restricted action beyond the defaults, an unknown name, or revokes an unknown one', () => {
    const set = effectiveActions('BRANCH_ADMIN', {
      granted: ['permissions:manage', 'branch:create', 'client:fly', 'toString'],
      revoked: ['nothing:here', 'user:create'],
    });
    expect([...set].sort()).toEqual(expectedDefaults('BRANCH_ADMIN').filter((a) => a !== 'user:create'));
  });

  it('lets a grant within the ceiling win over a revoke of the same action', () => {
    const set = effectiveActions('REGION_MANAGER', { granted: ['branch:create'], revoked: ['branch:create'] });
    expect(set.has('branch:create')).toBe(true);
  });

  it("ignores any override of SUPER_ADMIN's set", () => {
    const set = effectiveActions('SUPER_ADMIN', { granted: [], revoked: ['settings:update', 'permissions:manage'] });
    expect([...set].sort()).toEqual(expectedDefaults('SUPER_ADMIN'));
  });
});

describe('the override stored for a wanted set', () => {
  it('names what is granted beyond the defaults and what is revoked from them, sorted', () => {
    const wanted = expectedDefaults('CONSULTANT').filter((a) => a !== 'task:delete' && a !== 'client:assign');
    expect(overrideFor('CONSULTANT', ['note:moderate', 'client:delete', ...wanted])).toEqual({
      granted: ['client:delete', 'note:moderate'],
      revoked: ['client:assign', 'task:delete'],
    });
    expect(overrideFor('CONSULTANT', expectedDefaults('CONSULTANT'))).toEqual({ granted: [], revoked: [] });
  });

  it('round-trips through the effective set', () => {
    const wanted: Action[] = ['client:read', 'task:read', 'calendar:viewTeam'];
    expect([...effectiveActions('CONSULTANT', overrideFor('CONSULTANT', wanted))].sort()).toEqual([...wanted].sort());
  });
});
