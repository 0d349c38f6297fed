// Builds one tenant's demo rows in memory from a seeded PRNG: ids are generated here, so rows can
// reference each other before anything is inserted. Assignees always sit in the client's branch
// (or are the owner), so the data respects the same scope rules as the services.
import { randomUUID } from 'node:crypto';
import type { TenantTables } from '../db/tables/tenant.js';
import type { TenantRole } from '../db/tables/tenant.js';
import {
  CLIENT_STAGES,
  NOTIFICATION_TYPES,
  TASK_PRIORITIES,
  TASK_STATUSES,
  type ActivityType,
  type VisaStatus,
} from '../db/tables/enums.js';
import { assignmentDescription, visaStatusLabel } from '../events/config.js';
import * as D from './data.js';
import type { Rng } from './random.js';

type Row<K extends keyof TenantTables> = TenantTables[K] extends { $inferInsert: infer R } ? R : never;

export interface SeedUser {
  id: string;
  email: string;
  role: TenantRole;
  firstName: string;
  lastName: string;
  branchIds: string[];
  regionIds: string[];
}

export interface TenantRows {
  users: SeedUser[];
  regions: Row<'regions'>[];
  branches: Row<'branches'>[];
  userBranches: Row<'userBranches'>[];
  userRegions: Row<'userRegions'>[];
  visaCategories: Row<'visaCategories'>[];
  visaTypes: Row<'visaTypes'>[];
  languageExams: Row<'languageExams'>[];
  courseLevels: Row<'courseLevels'>[];
  broadFields: Row<'broadFields'>[];
  narrowFields: Row<'narrowFields'>[];
  institutes: Row<'institutes'>[];
  instituteLocations: Row<'instituteLocations'>[];
  instituteContacts: Row<'instituteContacts'>[];
  instituteRequirements: Row<'instituteRequirements'>[];
  instituteIntakes: Row<'instituteIntakes'>[];
  courses: Row<'courses'>[];
  applicationTypes: Row<'applicationTypes'>[];
  applicationStages: Row<'applicationStages'>[];
  agents: Row<'agents'>[];
  clients: Row<'clients'>[];
  passports: Row<'passports'>[];
  proficiencies: Row<'proficiencies'>[];
  qualifications: Row<'qualifications'>[];
  employments: Row<'employments'>[];
  notes: Row<'notes'>[];
  clientActivities: Row<'clientActivities'>[];
  visaApplications: Row<'visaApplications'>[];
  collegeApplications: Row<'collegeApplications'>[];
  tasks: Row<'tasks'>[];
  taskComments: Row<'taskComments'>[];
  events: Row<'events'>[];
  reminders: Row<'reminders'>[];
  calendarEvents: Row<'calendarEvents'>[];
  notifications: Row<'notifications'>[];
}

const DAY = 86_400_000;
const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const money = (n: number): string => n.toFixed(2);

export function generateTenant(
  rng: Rng,
  spec: { slug: string; name: string; regions: readonly string[] },
  owner: { id: string; email: string; firstName: string; lastName: string },
  opts: { clients: number; tasks: number; anchor: number },
): TenantRows {
  const ownerId = owner.id;
  const { anchor } = opts;
  const domain = `${spec.slug}.localhost`;
  const r: TenantRows = {
    users: [],
    regions: [],
    branches: [],
    userBranches: [],
    userRegions: [],
    visaCategories: [],
    visaTypes: [],
    languageExams: [],
    courseLevels: [],
    broadFields: [],
    narrowFields: [],
    institutes: [],
    instituteLocations: [],
    instituteContacts: [],
    instituteRequirements: [],
    instituteIntakes: [],
    courses: [],
    applicationTypes: [],
    applicationStages: [],
    agents: [],
    clients: [],
    passports: [],
    proficiencies: [],
    qualifications: [],
    employments: [],
    notes: [],
    clientActivities: [],
    visaApplications: [],
    collegeApplications: [],
    tasks: [],
    taskComments: [],
    events: [],
    reminders: [],
    calendarEvents: [],
    notifications: [],
  };
  const by = { createdById: ownerId, updatedById: ownerId };
  /** A timeline entry as the event handlers write it (the seed records no events, so it writes them itself). */
  const activity = (clientId: string, activityType: ActivityType, description: string, by: SeedUser, at: number) =>
    r.clientActivities.push({
      id: randomUUID(),
      clientId,
      activityType,
      description,
      performedById: by.id,
      createdAt: new Date(Math.min(at, anchor)),
    });
  const fullName = (u: SeedUser) => `${u.firstName} ${u.lastName}`;

  // Organisation: 2-3 regions, 4-6 branches, every region with at least one branch.
  const regionNames = spec.regions.slice(0, rng.int(2, Math.min(3, spec.regions.length)));
  for (const name of regionNames) r.regions.push({ id: randomUUID(), name, description: `${name} region for ${spec.name}` });
  const branchCount = rng.int(4, 6);
  const cities = rng.sample(D.CITIES, branchCount);
  for (let i = 0; i < branchCount; i++) {
    const region = r.regions[i % r.regions.length]!;
    const [city, state, postcode, country] = cities[i]!;
    r.branches.push({
      id: randomUUID(),
      regionId: region.id!,
      name: `${city} Office`,
      phone: `+1-555-0${100 + i}`,
      website: `https://${domain}`,
      street: `${rng.int(1, 999)} Main St`,
      suburb: city,
      state,
      postcode,
      country,
      ...by,
    });
  }

  // Users: the owner exists already; one COUNTRY_MANAGER, a REGION_MANAGER per region, a
  // BRANCH_ADMIN and 2-3 CONSULTANTs per branch (as the original's seed).
  r.users.push({
    ...owner,
    role: 'SUPER_ADMIN',
    branchIds: [],
    regionIds: [],
  });
  const addUser = (u: Omit<SeedUser, 'id'>): SeedUser => {
    const user = { id: randomUUID(), ...u };
    r.users.push(user);
    return user;
  };
  addUser({
    email: `country@${domain}`,
    role: 'COUNTRY_MANAGER',
    firstName: 'Country',
    lastName: 'Manager',
    branchIds: [],
    regionIds: [],
  });
  r.regions.forEach((reg, i) =>
    addUser({
      email: `region${i + 1}@${domain}`,
      role: 'REGION_MANAGER',
      firstName: 'Regional',
      lastName: `Manager ${i + 1}`,
      branchIds: [],
      regionIds: [reg.id!],
    }),
  );
  const consultantsOf = new Map<string, SeedUser[]>();
  const staffOf = new Map<string, SeedUser[]>();
  const adminOf = new Map<string, SeedUser>();
  r.branches.forEach((b, i) => {
    const admin = addUser({
      email: `branch${i + 1}.admin@${domain}`,
      role: 'BRANCH_ADMIN',
      firstName: 'Branch',
      lastName: `Admin ${i + 1}`,
      branchIds: [b.id!],
      regionIds: [],
    });
    const cons = Array.from({ length: rng.int(2, 3) }, (_, k) => k + 1).map((n) =>
      addUser({
        email: `branch${i + 1}.consultant${n}@${domain}`,
        role: 'CONSULTANT',
        firstName: rng.pick(D.FIRST_NAMES),
        lastName: rng.pick(D.LAST_NAMES),
        branchIds: [b.id!],
        regionIds: [],
      }),
    );
    consultantsOf.set(b.id!, cons);
    adminOf.set(b.id!, admin);
    staffOf.set(b.id!, [admin, ...cons]);
  });
  for (const u of r.users) {
    for (const branchId of u.branchIds) r.userBranches.push({ userId: u.id, branchId });
    for (const regionId of u.regionIds) r.userRegions.push({ userId: u.id, regionId });
  }

  // Master data.
  for (const c of D.VISA_CATALOGUE) {
    const id = randomUUID();
    r.visaCategories.push({ id, name: c.name, code: c.code, description: c.description });
    for (const [name, code] of c.types)
      r.visaTypes.push({
        id: randomUUID(),
        visaCategoryId: id,
        name,
        code,
        description: `${name} (subclass ${code})`,
        checklist: D.VISA_CHECKLIST,
      });
  }
  for (const e of D.LANGUAGE_EXAMS) r.languageExams.push({ id: randomUUID(), ...e });
  for (const name of D.COURSE_LEVELS) r.courseLevels.push({ id: randomUUID(), name, ...by });
  const narrowIds: string[][] = [];
  for (const [broad, narrows] of D.FIELDS) {
    const id = randomUUID();
    r.broadFields.push({ id, name: broad, ...by });
    narrowIds.push(
      narrows.map((name) => {
        const nid = randomUUID();
        r.narrowFields.push({ id: nid, name, broadFieldId: id, ...by });
        return nid;
      }),
    );
  }
  interface Inst {
    id: string;
    locations: string[];
    intakes: { id: string; date: number }[];
    courses: { id: string; name: string; fee: number }[];
    name: string;
  }
  const insts: Inst[] = [];
  for (const [name, short, phone, website] of D.INSTITUTES) {
    const id = randomUUID();
    const lc = short.toLowerCase();
    r.institutes.push({ id, name, shortName: short, phone, website, ...by });
    const inst: Inst = { id, name, locations: [], intakes: [], courses: [] };
    const campuses = rng.sample(
      [
        ['123 University Ave', 'Sydney', 'NSW', '2000'],
        ['456 Campus Dr', 'Melbourne', 'VIC', '3000'],
        ['78 College Rd', 'Brisbane', 'QLD', '4000'],
      ],
      rng.int(1, 2),
    );
    for (const [street, suburb, state, postcode] of campuses) {
      const lid = randomUUID();
      inst.locations.push(lid);
      r.instituteLocations.push({
        id: lid,
        instituteId: id,
        streetName: street!,
        suburb: suburb!,
        state: state!,
        postcode: postcode!,
        country: 'AU',
        phoneNumber: phone,
        email: `info@${lc}.edu.au`,
        ...by,
      });
    }
    const contacts = rng.sample(
      [
        ['John Smith', 'MALE', 'Admissions Manager'],
        ['Sarah Johnson', 'FEMALE', 'International Student Coordinator'],
      ] as const,
      rng.int(1, 2),
    );
    for (const [cname, gender, position] of contacts)
      r.instituteContacts.push({
        id: randomUUID(),
        instituteId: id,
        name: cname,
        gender,
        position,
        phone,
        email: `contact@${lc}.edu.au`,
        ...by,
      });
    for (const [title, description, requirementType] of rng.sample(D.REQUIREMENTS, rng.int(2, 4)))
      r.instituteRequirements.push({ id: randomUUID(), instituteId: id, title, description, requirementType, ...by });
    const months = rng.sample([2, 4, 6, 8, 10, 12, 14, 16, 18], rng.int(2, 3)).sort((a, b) => a - b);
    for (const m of months) {
      const date = anchor + m * 30 * DAY;
      const iid = randomUUID();
      inst.intakes.push({ id: iid, date });
      const label = new Date(date).toLocaleString('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' });
      r.instituteIntakes.push({ id: iid, instituteId: id, intakeDate: isoDate(date), description: `Intake for ${label}`, ...by });
    }
    for (const [cname, level, broad, narrow, fee, coe] of rng.sample(D.COURSES, rng.int(2, 4))) {
      const cid = randomUUID();
      inst.courses.push({ id: cid, name: cname, fee });
      r.courses.push({
        id: cid,
        name: `${cname} - ${short}`,
        instituteId: id,
        levelId: r.courseLevels[level]!.id!,
        broadFieldId: r.broadFields[broad]!.id!,
        narrowFieldId: narrowIds[broad]![narrow]!,
        totalTuitionFee: money(fee),
        coeFee: money(coe),
        ...by,
      });
    }
    insts.push(inst);
  }
  const stagesOf: string[][] = [];
  for (const [title, stages] of D.APPLICATION_TYPES) {
    const id = randomUUID();
    r.applicationTypes.push({
      id,
      title,
      currency: 'USD',
      taxName: 'GST',
      taxPercentage: '10.00',
      description: `${title} applications`,
      ...by,
    });
    stagesOf.push(
      stages.map((stageName, i) => {
        const sid = randomUUID();
        r.applicationStages.push({
          id: sid,
          applicationTypeId: id,
          stageName,
          position: i + 1,
          description: `${stageName} (${title})`,
          ...by,
        });
        return sid;
      }),
    );
  }
  for (const [agentName, agentType] of D.AGENTS) {
    const handle = agentName.toLowerCase().replace(/[^a-z]+/g, '');
    r.agents.push({
      id: randomUUID(),
      agentName,
      agentType,
      companyName: agentName,
      phoneNumber: `+1-555-${rng.int(1000, 9999)}`,
      email: `contact@${handle}.example.com`,
      website: `https://${handle}.example.com`,
      street: `${rng.int(100, 999)} Business St`,
      suburb: 'Business District',
      state: 'NY',
      postcode: '10001',
      country: 'US',
      ...by,
    });
  }
  const superAgents = r.agents.filter((a) => a.agentType === 'SUPER_AGENT');
  const subAgents = r.agents.filter((a) => a.agentType === 'SUB_AGENT');

  // Clients and everything hanging off them.
  const clientsOut: { id: string; branchId: string; consultant: SeedUser; name: string }[] = [];
  const visaOut: { id: string; clientId: string; consultant: SeedUser; label: string }[] = [];
  const collegeOut: { id: string; clientId: string; consultant: SeedUser; label: string }[] = [];
  for (let i = 0; i < opts.clients; i++) {
    const id = randomUUID();
    const branch = rng.pick(r.branches);
    const consultant = rng.pick(consultantsOf.get(branch.id!)!);
    const firstName = rng.pick(D.FIRST_NAMES);
    const lastName = rng.pick(D.LAST_NAMES);
    const country = rng.pick(D.CLIENT_COUNTRIES);
    const created = anchor - rng.int(0, 365) * DAY - rng.int(0, 86_399) * 1000;
    r.clients.push({
      id,
      firstName,
      middleName: rng.chance(0.3) ? rng.pick(['A', 'B', 'C', 'D']) : '',
      lastName,
      gender: rng.chance(0.5) ? 'MALE' : 'FEMALE',
      dob: isoDate(anchor - rng.int(22 * 365, 49 * 365) * DAY),
      phoneNumber: `+1-555-${rng.int(1000, 9999)}`,
      email: `${firstName}.${lastName}${i + 1}@example.com`.toLowerCase(),
      street: `${rng.int(1, 999)} ${rng.pick(['Oak', 'Maple', 'Pine', 'Cedar', 'Elm'])} St`,
      suburb: branch.suburb!,
      state: branch.state!,
      postcode: branch.postcode!,
      country,
      branchId: branch.id!,
      visaCategoryId: rng.chance(0.8) ? rng.pick(r.visaCategories).id! : null,
      agentId: rng.chance(0.4) ? rng.pick(r.agents).id! : null,
      assignedToId: consultant.id,
      stage: rng.pick(CLIENT_STAGES),
      active: rng.chance(0.7),
      description: `Client interested in ${rng.pick(['work', 'study', 'family', 'business'])} visa`,
      createdById: consultant.id,
      updatedById: consultant.id,
      createdAt: new Date(created),
      updatedAt: new Date(created),
    });
    const name = `${firstName} ${lastName}`;
    clientsOut.push({ id, branchId: branch.id!, consultant, name });
    activity(id, 'ASSIGNED', assignmentDescription('Client', { name: fullName(consultant) }, null), consultant, created);
    const cby = { createdById: consultant.id, updatedById: consultant.id };
    if (rng.chance(0.6)) {
      // About one in eight passports expires within the default passport window (180 days).
      const expires = rng.chance(0.12) ? anchor + rng.int(10, 170) * DAY : anchor - rng.int(100, 3000) * DAY + 3650 * DAY;
      const issued = expires - 3650 * DAY;
      r.passports.push({
        clientId: id,
        passportNo: `${country}${rng.int(1_000_000, 9_999_999)}`,
        passportCountry: country,
        dateOfIssue: isoDate(issued),
        dateOfExpiry: isoDate(expires),
        placeOfIssue: 'Passport Office',
        countryOfBirth: country,
        nationality: country,
        ...cby,
      });
      activity(id, 'PASSPORT_ADDED', 'Passport added', consultant, created + DAY);
    }
    if (rng.chance(0.5)) {
      for (const exam of rng.sample([0, 1, 2], rng.int(1, 2))) {
        const e = D.LANGUAGE_EXAMS[exam]!;
        const lo = Number(e.minScore);
        const hi = Number(e.maxScore);
        const s = (): string => (lo + (hi - lo) * (0.55 + rng.next() * 0.4)).toFixed(1);
        const overall = exam === 0 ? (Math.round(Number(s()) * 2) / 2).toFixed(1) : s();
        r.proficiencies.push({
          id: randomUUID(),
          clientId: id,
          examId: r.languageExams[exam]!.id!,
          overallScore: overall,
          speakingScore: s(),
          readingScore: s(),
          listeningScore: s(),
          writingScore: s(),
          testDate: isoDate(anchor - rng.int(10, 700) * DAY),
          ...cby,
        });
      }
    }
    for (let q = rng.count([30, 50, 20]); q > 0; q--) {
      const [broad, narrows] = rng.pick(D.FIELDS);
      const enroll = anchor - rng.int(4, 15) * 365 * DAY;
      r.qualifications.push({
        id: randomUUID(),
        clientId: id,
        course: rng.pick(narrows),
        institute: `${rng.pick(['National', 'City', 'State', 'Central'])} University`,
        degree: rng.pick(['Bachelor', 'Diploma', 'Master']),
        fieldOfStudy: broad,
        enrollDate: isoDate(enroll),
        completionDate: isoDate(enroll + rng.int(2, 4) * 365 * DAY),
        country,
        ...cby,
      });
    }
    for (let e = rng.count([40, 40, 20]); e > 0; e--) {
      const start = anchor - rng.int(400, 3000) * DAY;
      r.employments.push({
        id: randomUUID(),
        clientId: id,
        employerName: rng.pick(D.EMPLOYERS),
        position: rng.pick(D.POSITIONS),
        startDate: isoDate(start),
        endDate: e === 1 && rng.chance(0.5) ? null : isoDate(start + rng.int(180, 360) * DAY),
        country,
      });
    }
    for (let n = rng.int(0, 3); n > 0; n--) {
      const at = new Date(created + rng.int(1, 60) * DAY);
      r.notes.push({
        id: randomUUID(),
        clientId: id,
        authorId: consultant.id,
        content: rng.pick(D.NOTE_TEXTS),
        createdAt: at,
        updatedAt: at,
      });
      activity(id, 'NOTE_ADDED', 'Note added', consultant, at.getTime());
    }
    if (rng.chance(0.6)) {
      for (let v = rng.count([70, 25, 5], 1); v > 0; v--) {
        const type = rng.pick(r.visaTypes);
        const status = rng.pick<VisaStatus>(['TO_BE_APPLIED', 'VISA_APPLIED', 'CASE_OPENED', 'GRANTED', 'REJECTED']);
        const applied = status === 'TO_BE_APPLIED' ? null : anchor - rng.int(1, 180) * DAY;
        const decided = applied === null ? null : applied + rng.int(30, 120) * DAY;
        // A granted visa runs 1-4 years; about one in five of them expires within the default 90-day window.
        const visaExpires =
          status !== 'GRANTED' ? null : rng.chance(0.2) ? anchor + rng.int(5, 85) * DAY : decided! + rng.int(1, 4) * 365 * DAY;
        const vid = randomUUID();
        r.visaApplications.push({
          id: vid,
          clientId: id,
          visaTypeId: type.id!,
          immigrationFee: money(rng.int(500, 5000)),
          serviceFee: money(rng.int(200, 2000)),
          notes: `Application for ${type.name} (${type.code})`,
          assignedToId: consultant.id,
          requiredDocuments: D.VISA_CHECKLIST.map((d) => ({ name: d, received: rng.chance(0.5) })),
          dateApplied: applied === null ? null : isoDate(applied),
          dateOpened: status === 'CASE_OPENED' && applied !== null ? isoDate(applied + 7 * DAY) : null,
          dateGranted: status === 'GRANTED' ? isoDate(decided!) : null,
          dateRejected: status === 'REJECTED' ? isoDate(decided!) : null,
          expiryDate: visaExpires === null ? null : isoDate(visaExpires),
          status,
          ...cby,
        });
        const display = type.code ? `${type.name} (${type.code})` : type.name!;
        activity(id, 'VISA_APPLICATION_CREATED', `Visa Application created for ${display}`, consultant, created + DAY);
        if (status !== 'TO_BE_APPLIED') {
          const outcome = `Visa application ${display}: ${visaStatusLabel('TO_BE_APPLIED')} → ${visaStatusLabel(status)}`;
          activity(id, 'VISA_STATUS_CHANGED', outcome, consultant, decided ?? applied!);
        }
        visaOut.push({ id: vid, clientId: id, consultant, label: `${type.name} for ${name}` });
      }
    }
    if (rng.chance(0.4)) {
      for (let c = rng.count([80, 20], 1); c > 0; c--) {
        const t = rng.int(0, D.APPLICATION_TYPES.length - 1);
        const stages = stagesOf[t]!;
        const pos = rng.weighted(stages.map((_, k) => [k, Math.max(1, Math.round(50 * 0.6 ** k))] as const));
        const inst = rng.pick(insts);
        const course = rng.pick(inst.courses);
        const intake = rng.pick(inst.intakes);
        const years = t >= 4 ? 1 : rng.int(2, 4);
        const cid = randomUUID();
        r.collegeApplications.push({
          id: cid,
          applicationTypeId: r.applicationTypes[t]!.id!,
          stageId: stages[pos]!,
          clientId: id,
          instituteId: inst.id,
          courseId: course.id,
          intakeId: intake.id,
          locationId: rng.pick(inst.locations),
          finishDate: isoDate(intake.date + years * 365 * DAY),
          totalTuitionFee: money(Math.round(course.fee * (0.9 + rng.next() * 0.2))),
          studentId: pos >= 4 ? `STU${rng.int(100000, 999999)}` : '',
          superAgentId: rng.chance(0.15) ? rng.pick(superAgents).id! : null,
          subAgentId: rng.chance(0.15) ? rng.pick(subAgents).id! : null,
          assignedToId: consultant.id,
          notes: `${course.name} at ${inst.name}`,
          ...cby,
        });
        activity(
          id,
          'COLLEGE_APPLICATION_CREATED',
          `College Application created for ${inst.name} - ${course.name}`,
          consultant,
          created + 2 * DAY,
        );
        collegeOut.push({ id: cid, clientId: id, consultant, label: `${course.name} for ${name}` });
      }
    }
  }

  // Whatever the dice said, the demo shows the expiry alerts: the first client's passport expires
  // in 60 days and it holds a granted visa that expires in 45 (the sweep alerts its consultant).
  const highlight = clientsOut[0];
  if (highlight) {
    const expires = anchor + 60 * DAY;
    const passport = r.passports.find((p) => p.clientId === highlight.id);
    if (passport) Object.assign(passport, { dateOfIssue: isoDate(expires - 3650 * DAY), dateOfExpiry: isoDate(expires) });
    else {
      const country = r.clients[0]!.country!;
      r.passports.push({
        clientId: highlight.id,
        passportNo: `${country}${rng.int(1_000_000, 9_999_999)}`,
        passportCountry: country,
        dateOfIssue: isoDate(expires - 3650 * DAY),
        dateOfExpiry: isoDate(expires),
        placeOfIssue: 'Passport Office',
        countryOfBirth: country,
        nationality: country,
        createdById: highlight.consultant.id,
        updatedById: highlight.consultant.id,
      });
    }
    const type = r.visaTypes[0]!;
    const vid = randomUUID();
    r.visaApplications.push({
      id: vid,
      clientId: highlight.id,
      visaTypeId: type.id!,
      immigrationFee: money(710),
      serviceFee: money(400),
      notes: `Application for ${type.name} (${type.code})`,
      assignedToId: highlight.consultant.id,
      requiredDocuments: D.VISA_CHECKLIST.map((d) => ({ name: d, received: true })),
      dateApplied: isoDate(anchor - 400 * DAY),
      dateGranted: isoDate(anchor - 320 * DAY),
      expiryDate: isoDate(anchor + 45 * DAY),
      status: 'GRANTED',
      createdById: highlight.consultant.id,
      updatedById: highlight.consultant.id,
    });
    visaOut.push({
      id: vid,
      clientId: highlight.id,
      consultant: highlight.consultant,
      label: `${type.name} for ${highlight.name}`,
    });
  }

  // Tasks: linked ones go to the client's consultant or its branch pool; the owner assigns.
  const staff = r.users.filter((u) => u.role !== 'SUPER_ADMIN');
  for (let i = 0; i < opts.tasks; i++) {
    const [title, detail] = rng.pick(D.TASK_TEMPLATES);
    const status = rng.weighted(TASK_STATUSES.map((s, k) => [s, [30, 25, 35, 10][k]!] as const));
    const offset = rng.weighted([
      [[-30, -1], 20],
      [[0, 7], 30],
      [[8, 30], 30],
      [[31, 90], 20],
    ] as const);
    const due = anchor + rng.int(offset[0], offset[1]) * DAY + rng.int(9, 17) * 3_600_000;
    let link: {
      type: 'CLIENT' | 'VISA_APPLICATION' | 'COLLEGE_APPLICATION';
      id: string;
      clientId: string;
      consultant: SeedUser;
      label: string;
    } | null = null;
    if (clientsOut.length && rng.chance(0.4)) {
      const kind = rng.weighted([
        ['CLIENT', 40],
        ['VISA_APPLICATION', visaOut.length ? 35 : 0],
        ['COLLEGE_APPLICATION', collegeOut.length ? 25 : 0],
      ] as const);
      if (kind === 'CLIENT') {
        const c = rng.pick(clientsOut);
        link = { type: kind, id: c.id, clientId: c.id, consultant: c.consultant, label: c.name };
      } else {
        const a = rng.pick(kind === 'VISA_APPLICATION' ? visaOut : collegeOut);
        link = { type: kind, id: a.id, clientId: a.clientId, consultant: a.consultant, label: a.label };
      }
    }
    const mode = rng.weighted([
      ['user', 70],
      ['branch', 20],
      ['none', 10],
    ] as const);
    let assignedToId: string | null = null;
    let branchId: string | null = null;
    if (mode === 'user') assignedToId = link ? link.consultant.id : rng.pick(staff).id;
    else if (mode === 'branch') branchId = link ? link.consultant.branchIds[0]! : rng.pick(r.branches).id!;
    const creator = assignedToId ? ownerId : link ? link.consultant.id : ownerId;
    const taskId = randomUUID();
    r.tasks.push({
      id: taskId,
      title,
      detail: `${detail}${link ? ` (${link.label})` : ''}${rng.chance(0.2) ? '. This is a high-priority item.' : ''}`,
      priority: rng.weighted(TASK_PRIORITIES.map((p, k) => [p, [15, 35, 35, 15][k]!] as const)),
      status,
      dueDate: new Date(due),
      assignedToId,
      branchId,
      assignedById: assignedToId ? ownerId : null,
      tags: rng.chance(0.2) ? rng.sample(D.TASK_TAGS, rng.int(1, 3)) : [],
      linkedEntityType: link?.type ?? null,
      linkedEntityId: link?.id ?? null,
      clientId: link?.clientId ?? null,
      completedAt: status === 'COMPLETED' ? new Date(due - rng.int(0, 5) * DAY - rng.int(1, 8) * 3_600_000) : null,
      createdById: creator,
      updatedById: creator,
    });
    // Some client tasks carry a comment of the consultant mentioning its branch admin, who was told.
    if (link && assignedToId && rng.chance(0.3)) {
      const admin = adminOf.get(link.consultant.branchIds[0]!)!;
      const at = anchor - rng.int(1, 72) * 3_600_000;
      r.taskComments.push({
        taskId,
        authorId: link.consultant.id,
        text: `@${fullName(admin)} ${rng.pick(['could you check this before it goes out?', 'the client asked for you.', 'please sign off.'])}`,
        mentionedUserIds: [admin.id],
        createdAt: new Date(at),
      });
      r.notifications.push({
        id: randomUUID(),
        recipientId: admin.id,
        type: 'TASK_MENTIONED',
        // As the TaskComment.CREATE handler writes it (src/events/config.ts).
        title: 'You were mentioned in a task comment',
        message: `A comment on task "${title}" mentions you.`,
        entityType: 'Task',
        entityId: taskId,
        clientId: link.clientId,
        metaInfo: { taskId, taskTitle: title },
        createdById: link.consultant.id,
        createdAt: new Date(at),
      });
    }
  }

  // One failed event with the alert its failure raised, so the events view and the alert show something.
  const failing = clientsOut[0];
  if (failing) {
    const eventId = randomUUID();
    const failedAt = new Date(anchor - 2 * 3_600_000);
    const error = 'notification: the mail relay refused the message (demo failure)';
    r.events.push({
      id: eventId,
      eventType: 'Client.stage.UPDATE',
      entityType: 'Client',
      entityId: failing.id,
      action: 'UPDATE',
      changedFields: ['stage'],
      actorId: failing.consultant.id,
      status: 'FAILED',
      attempts: 5,
      maxAttempts: 5,
      lastError: error,
      createdAt: new Date(failedAt.getTime() - 3_600_000),
      processedAt: failedAt,
    });
    r.notifications.push({
      id: randomUUID(),
      recipientId: ownerId,
      type: 'SYSTEM_ALERT',
      title: 'Event Client.stage.UPDATE failed',
      message: `Processing of event Client.stage.UPDATE failed after its last attempt: ${error}. Retry it once the cause is fixed.`,
      entityType: 'Event',
      entityId: eventId,
      metaInfo: { eventId, eventType: 'Client.stage.UPDATE', error },
      sourceKey: `event-failed:${eventId}:${failedAt.toISOString()}`,
      createdAt: failedAt,
    });
  }

  // Per user: reminders (future, or past and already notified so the sweeper stays quiet),
  // calendar events in the coming weeks and a few notifications.
  const hour = 3_600_000;
  for (const u of r.users) {
    const mine = clientsOut.filter((c) => c.consultant.id === u.id);
    for (let k = 0; k < 3; k++) {
      const past = rng.chance(0.3);
      const at = anchor + (past ? -rng.int(1, 20) : rng.int(1, 30)) * DAY + rng.int(9, 17) * hour;
      const c = mine.length && rng.chance(0.6) ? rng.pick(mine) : null;
      r.reminders.push({
        id: randomUUID(),
        title: c
          ? `Call ${c.name}`
          : rng.pick(['Renew memberships', 'Check intake deadlines', 'Weekly report', 'Update fee schedule']),
        remindAt: new Date(at),
        linkedEntityType: c ? 'CLIENT' : null,
        linkedEntityId: c?.id ?? null,
        ownerId: u.id,
        isRead: past,
        isCompleted: past && rng.chance(0.5),
        notifiedAt: past ? new Date(at) : null,
        createdById: u.id,
        updatedById: u.id,
      });
    }
    for (let k = 0; k < 3; k++) {
      const start = anchor + rng.int(-3, 21) * DAY + rng.int(9, 16) * hour;
      r.calendarEvents.push({
        id: randomUUID(),
        title: rng.pick(D.EVENT_TITLES),
        description: 'Seeded demo event',
        startsAt: new Date(start),
        endsAt: new Date(start + rng.int(1, 2) * hour),
        assignedToId: u.id,
        hexColor: rng.pick(['#3788d8', '#e67e22', '#27ae60', '#8e44ad']),
        location: rng.pick(['Meeting room 1', 'Online', 'Client site']),
        branchId: u.branchIds[0] ?? null,
        createdById: u.id,
        updatedById: u.id,
      });
    }
    for (let k = 0; k < 4; k++) {
      const c = mine.length ? rng.pick(mine) : null;
      const type = c
        ? rng.pick(['CLIENT_ASSIGNED', 'CLIENT_STAGE_CHANGED'] as const)
        : rng.pick(['SYSTEM_ALERT', 'TASK_DUE_SOON'] as const);
      const at = anchor - rng.int(0, 14) * DAY - rng.int(0, 23) * hour;
      r.notifications.push({
        id: randomUUID(),
        recipientId: u.id,
        type: NOTIFICATION_TYPES.includes(type) ? type : 'SYSTEM_ALERT',
        title: c
          ? `${type === 'CLIENT_ASSIGNED' ? 'Client assigned' : 'Stage changed'}: ${c.name}`
          : type === 'SYSTEM_ALERT'
            ? 'Welcome to Leopard'
            : 'Tasks due soon',
        message: c ? `${c.name} needs your attention` : 'Seeded demo notification',
        // Every row names every column (the bulk insert fills absent keys with null, not defaults).
        metaInfo: {},
        entityType: c ? 'Client' : null,
        entityId: c?.id ?? null,
        clientId: c?.id ?? null,
        readAt: rng.chance(0.5) ? new Date(at + hour) : null,
        createdById: ownerId,
        createdAt: new Date(at),
      });
    }
  }
  return r;
}
