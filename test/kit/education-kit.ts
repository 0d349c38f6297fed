// Master data for college applications made through the API (institute, campus, intake, course,
// an application type with stages, clients), shared by the education and event tests.
import { randomBytes } from 'node:crypto';
import type { RunningServer } from '../../src/server.js';
import { gql, must } from './server.js';

type Vars = Record<string, unknown>;
type Auth = { tenant: string; token: string };

let n = 0;
// A suffix of its own, so names never clash with those a test file makes with its own counter.
const unique = (prefix: string) => `${prefix} k${++n}-${randomBytes(3).toString('hex')}`;

/** Master data and clients, made through the API as `auth` (the fixture's owner by default). */
export function educationKit(server: () => RunningServer, auth: () => Auth) {
  const run = (query: string, variables: Vars = {}) => gql(server(), query, variables, auth());
  const ok = async (query: string, variables: Vars = {}) => must(run(query, variables));
  return {
    run,
    ok,
    institute: async () =>
      (
        await ok('mutation($i: CreateInstituteInput!) { createInstitute(input: $i) { id } }', {
          i: { name: unique('Uni'), shortName: 'U' },
        })
      ).createInstitute.id as string,
    location: async (instituteId: string) =>
      (
        await ok('mutation($i: CreateInstituteLocationInput!) { createInstituteLocation(input: $i) { id } }', {
          i: { instituteId, state: 'Victoria', country: 'au' },
        })
      ).createInstituteLocation.id as string,
    intake: async (instituteId: string, intakeDate = '2030-02-01') =>
      (
        await ok('mutation($i: CreateInstituteIntakeInput!) { createInstituteIntake(input: $i) { id } }', {
          i: { instituteId, intakeDate },
        })
      ).createInstituteIntake.id as string,
    level: async () =>
      (await ok('mutation($i: CreateNamedInput!) { createCourseLevel(input: $i) { id } }', { i: { name: unique('Level') } }))
        .createCourseLevel.id as string,
    broad: async () =>
      (await ok('mutation($i: CreateNamedInput!) { createBroadField(input: $i) { id } }', { i: { name: unique('Broad') } }))
        .createBroadField.id as string,
    narrow: async (broadFieldId: string) =>
      (
        await ok('mutation($i: CreateNarrowFieldInput!) { createNarrowField(input: $i) { id } }', {
          i: { broadFieldId, name: unique('Narrow') },
        })
      ).createNarrowField.id as string,
    type: async (title = unique('Type')) =>
      (await ok('mutation($i: CreateApplicationTypeInput!) { createApplicationType(input: $i) { id } }', { i: { title } }))
        .createApplicationType.id as string,
    stage: async (applicationTypeId: string, name: string, position?: number) =>
      (
        await ok('mutation($i: CreateApplicationStageInput!) { createApplicationStage(input: $i) { id } }', {
          i: { applicationTypeId, name, position },
        })
      ).createApplicationStage.id as string,
    client: async (branchId: string) =>
      (
        await ok('mutation($i: CreateClientInput!) { createClient(input: $i) { id } }', {
          i: { firstName: unique('Client'), lastName: 'Test', gender: 'FEMALE', country: 'NP', branchId },
        })
      ).createClient.id as string,
  };
}

export type EducationKit = ReturnType<typeof educationKit>;

/** An institute with a campus, an intake and one course; and a type with stages. */
export async function educationWorld(auth: EducationKit) {
  const instituteId = await auth.institute();
  const [locationId, intakeId, levelId, broadFieldId] = await Promise.all([
    auth.location(instituteId),
    auth.intake(instituteId),
    auth.level(),
    auth.broad(),
  ]);
  const narrowFieldId = await auth.narrow(broadFieldId);
  const courseId = (
    await auth.ok('mutation($i: CreateCourseInput!) { createCourse(input: $i) { id } }', {
      i: {
        name: unique('Course'),
        instituteId,
        levelId,
        broadFieldId,
        narrowFieldId,
        totalTuitionFee: '30000.00',
        coeFee: '250',
      },
    })
  ).createCourse.id as string;
  const applicationTypeId = await auth.type();
  const stageIds = [];
  for (const name of ['Applied', 'Offer', 'Enrolled']) stageIds.push(await auth.stage(applicationTypeId, name));
  return { instituteId, locationId, intakeId, levelId, broadFieldId, narrowFieldId, courseId, applicationTypeId, stageIds };
}
export type World = Awaited<ReturnType<typeof educationWorld>>;

export const collegeAppInput = (w: World, clientId: string, extra: Vars = {}) => ({
  clientId,
  applicationTypeId: w.applicationTypeId,
  instituteId: w.instituteId,
  courseId: w.courseId,
  intakeId: w.intakeId,
  locationId: w.locationId,
  totalTuitionFee: '29500.50',
  ...extra,
});
