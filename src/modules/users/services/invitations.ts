// inviteUser: a new user made under exactly createUser's rules (newUserScope, userInsert and its
// seat limit), with no password yet, so it cannot sign in; the invitation link is mailed after
// commit by the outbox (AccountToken.CREATE → src/events/handlers/mail.ts). Accepting it is
// src/modules/auth/services/account-links.ts.
import { assertCan } from '../../../access/can.js';
import { INVITATION_TTL_MS } from '../../../auth/account-tokens.js';
import type { TenantViewer } from '../../../auth/viewer.js';
import { insertOne } from '../../../db/rows.js';
import { inTransaction, type TenantDb } from '../../../db/tenant-db.js';
import { forbidden } from '../../../errors.js';
import { recordEvents } from '../../../events/outbox.js';
import type { UserModel } from '../models.js';
import type { Mailer } from '../../../mail/mailer.js';
import { parseInput } from '../../shared-validation.js';
import { userGetById } from '../selectors/users.js';
import { newUserScope, userInsert } from './users.js';
import { inviteUserInput } from '../validation.js';

export const MAIL_OFF = 'Sending mail is not configured on this server (SMTP_URL)';

export interface UserInviteArgs {
  db: TenantDb;
  viewer: TenantViewer;
  mailer: Mailer;
  input: unknown;
}

export async function userInvite({ db, viewer, mailer, input }: UserInviteArgs): Promise<UserModel> {
  assertCan(viewer, 'user:create');
  const values = parseInput(inviteUserInput, input);
  const { branchIds, regionIds } = await newUserScope({ db, viewer, values });
  if (!mailer.enabled) throw forbidden(`${MAIL_OFF}: create the user with a password instead`);
  const id = await inTransaction(db.orm, async (tx) => {
    const userId = await userInsert({
      tx,
      db,
      user: { ...values, passwordHash: null, branchIds, regionIds },
      actorId: viewer.id,
    });
    const token = await insertOne(tx, db.t.accountTokens, {
      userId,
      purpose: 'INVITATION',
      expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
      createdById: viewer.id,
    });
    await recordEvents(tx, db, { entity: 'AccountToken', id: token.id, before: null, after: token, actorId: viewer.id });
    return userId;
  });
  return userGetById({ db, viewer, id });
}
