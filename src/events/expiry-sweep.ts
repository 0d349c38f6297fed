// The expiry sweep: VISA_EXPIRING for live visa applications and PASSPORT_EXPIRING for passports
// of live clients whose expiry date falls from today to today + the tenant's window ("today" in
// the tenant's time zone; an expired one is not "expiring"). Each goes to the client's assignee,
// or, when the client has no active assignee, to the active BRANCH_ADMINs of the client's branch,
// and only to those who may see it. Exactly once per (record, expiry date, recipient): the date is
// in the notification's source key, so a changed expiry date alerts again. With nothing to alert
// it is one statement over the partial expiry indexes.
import { sql, type SQL } from 'drizzle-orm';
import { resultRows } from '../db/database.js';
import { inTransaction } from '../db/tenant-db.js';
import { notificationCreate } from '../modules/notifications/index.js';
import { addDays, localDate } from '../tenancy/settings.js';
import { maySee, recipientViewers } from './handlers/recipients.js';
import type { SweepArgs } from './sweeps.js';

const PAGE = 200;

interface Candidate {
  kind: 'VISA_EXPIRING' | 'PASSPORT_EXPIRING';
  entity_id: string;
  client_id: string;
  client_name: string;
  expiry: string;
  source_key: string;
  recipient_id: string;
  visa_type: string | null;
}

/** Alerts created; pages through every candidate, so recipients who may not see a record never hold others back. */
export async function expirySweep({ db, bus, tenant, now }: SweepArgs): Promise<number> {
  const { visaApplications, visaTypes, passports, clients, users, userBranches, notifications } = db.t;
  const s = tenant.settings;
  const today = localDate(now, s.timeZone);
  const visaUntil = addDays(today, s.visaExpiryWindowDays);
  const passportUntil = addDays(today, s.passportExpiryWindowDays);
  let created = 0;
  let after: { expiry: string; key: string; recipient: string } | null = null;
  for (;;) {
    const keyset: SQL = after
      ? sql`where (x.expiry, x.source_key, x.recipient_id) > (${after.expiry}, ${after.key}, ${after.recipient})`
      : sql``;
    // Who is told about a client: its assignee if active, else its branch's active BRANCH_ADMINs.
    const recipients = sql`join lateral (
        select u.id as recipient_id from ${users} u where u.id = c.assigned_to_id and u.is_active
        union all
        select u.id from ${userBranches} ub join ${users} u on u.id = ub.user_id
        where ub.branch_id = c.branch_id and u.role = 'BRANCH_ADMIN' and u.is_active
          and not exists (select 1 from ${users} a where a.id = c.assigned_to_id and a.is_active)
      ) r on true`;
    const result: unknown = await db.orm.execute(sql`
      select * from (
        select 'VISA_EXPIRING' as kind, v.id::text as entity_id, c.id::text as client_id,
          trim(c.first_name || ' ' || c.last_name) as client_name, to_char(v.expiry_date, 'YYYY-MM-DD') as expiry,
          'visa-expiring:' || v.id || ':' || to_char(v.expiry_date, 'YYYY-MM-DD') as source_key,
          r.recipient_id::text as recipient_id,
          (select case when t.code <> '' then t.name || ' (' || t.code || ')' else t.name end
             from ${visaTypes} t where t.id = v.visa_type_id) as visa_type
        from ${visaApplications} v
        join ${clients} c on c.id = v.client_id and c.deleted_at is null
        ${recipients}
        where v.deleted_at is null and v.expiry_date is not null
          and v.expiry_date between ${today}::date and ${visaUntil}::date
        union all
        select 'PASSPORT_EXPIRING', c.id::text, c.id::text,
          trim(c.first_name || ' ' || c.last_name), to_char(p.date_of_expiry, 'YYYY-MM-DD'),
          'passport-expiring:' || c.id || ':' || to_char(p.date_of_expiry, 'YYYY-MM-DD'),
          r.recipient_id::text, null
        from ${passports} p
        join ${clients} c on c.id = p.client_id and c.deleted_at is null
        ${recipients}
        where p.date_of_expiry is not null
          and p.date_of_expiry between ${today}::date and ${passportUntil}::date
      ) x
      ${keyset}
      ${after ? sql`and` : sql`where`} not exists (select 1 from ${notifications} n
        where n.source_key = x.source_key and n.recipient_id = x.recipient_id::uuid and n.type = x.kind)
      order by x.expiry, x.source_key, x.recipient_id
      limit ${PAGE}`);
    const page: Candidate[] = resultRows<Candidate>(result);
    if (!page.length) return created;
    created += await alert({ db, bus, tenant, now }, page, today);
    if (page.length < PAGE) return created;
    const last: Candidate = page[page.length - 1]!;
    after = { expiry: last.expiry, key: last.source_key, recipient: last.recipient_id };
  }
}

async function alert({ db, bus, tenant }: SweepArgs, page: Candidate[], today: string): Promise<number> {
  const viewers = new Map(
    (await recipientViewers(db.orm, db, tenant, [...new Set(page.map((c) => c.recipient_id))])).map((v) => [v.id, v]),
  );
  // Visibility is read before the transaction: on the embedded database a read through the pool
  // inside an open transaction would wait for it.
  const allowed: Candidate[] = [];
  for (const c of page) {
    const viewer = viewers.get(c.recipient_id);
    const entity = c.kind === 'VISA_EXPIRING' ? 'VisaApplication' : 'Client';
    if (viewer && (await maySee(db.orm, db, viewer, entity, c.client_id))) allowed.push(c);
  }
  if (!allowed.length) return 0;
  return inTransaction(db.orm, async (tx) => {
    let created = 0;
    for (const c of allowed) {
      const daysLeft = Math.round((Date.parse(c.expiry) - Date.parse(today)) / 86_400_000);
      const when = daysLeft === 0 ? 'today' : daysLeft === 1 ? 'tomorrow' : `in ${daysLeft} days`;
      const name = c.client_name || 'a client';
      const visa = c.kind === 'VISA_EXPIRING';
      const row = await notificationCreate({
        tx,
        db,
        bus,
        recipientId: c.recipient_id,
        type: c.kind,
        title: visa ? `Visa Expiring: ${name}` : `Passport Expiring: ${name}`,
        message: visa
          ? `The visa of ${name}${c.visa_type ? ` (${c.visa_type})` : ''} expires on ${c.expiry} (${when}).`
          : `The passport of ${name} expires on ${c.expiry} (${when}).`,
        entityType: visa ? 'VisaApplication' : 'Client',
        entityId: c.entity_id,
        clientId: c.client_id,
        dueDate: new Date(`${c.expiry}T00:00:00Z`),
        metaInfo: { expiryDate: c.expiry, daysLeft, ...(visa ? { visaApplicationId: c.entity_id } : {}) },
        sourceKey: c.source_key,
      });
      if (row) created++;
    }
    return created;
  });
}
