// The fixed vocabularies of the demo seed (docs: /work/shared/spec/seed-data.md §2): tenants, regions,
// catalogues, institutes and the name pools the generator draws from.
import type { RequirementType } from '../db/tables/enums.js';

export interface TenantSpec {
  slug: string;
  name: string;
  regions: readonly string[];
}

/** The first-run demo (src/demo.ts): its platform admin, tenant and owner. */
export const DEMO = {
  platformAdmin: { email: 'admin@leopard.localhost', password: 'leopard-admin' },
  tenant: { slug: 'demo', name: 'Demo Immigration Agency', regions: ['North', 'South'] },
  owner: { email: 'owner@demo.localhost', password: 'leopard-demo', firstName: 'Dana', lastName: 'Owner' },
  /** Every other demo user (branch<n>.admin@, branch<n>.consultant<1-3>@demo.localhost, …). */
  staffPassword: 'leopard-demo',
  clients: 60,
} as const;

/** Never `demo`: the first-run demo owns that slug. */
export const TENANTS: TenantSpec[] = [
  { slug: 'acme', name: 'Acme Migration Group', regions: ['North America', 'Europe', 'Asia Pacific'] },
  { slug: 'globex', name: 'Globex Visa Services', regions: ['East Coast', 'West Coast'] },
  { slug: 'initech', name: 'Initech Education Partners', regions: ['UK & Ireland', 'Continental Europe', 'Middle East'] },
  { slug: 'umbrella', name: 'Umbrella Immigration', regions: ['Northern', 'Southern'] },
  { slug: 'hooli', name: 'Hooli Study Abroad', regions: ['Pacific', 'Atlantic', 'Central'] },
];

export const CITIES = [
  ['New York', 'NY', '10001', 'US'],
  ['Toronto', 'ON', 'M5H 2N2', 'CA'],
  ['London', 'LDN', 'EC1A 1BB', 'GB'],
  ['Sydney', 'NSW', '2000', 'AU'],
  ['Melbourne', 'VIC', '3000', 'AU'],
  ['Mumbai', 'MH', '400001', 'IN'],
  ['Singapore', 'SG', '018956', 'SG'],
  ['Dublin', 'D', 'D02 X285', 'IE'],
  ['Berlin', 'BE', '10115', 'DE'],
  ['Dubai', 'DU', '00000', 'AE'],
] as const;

export const FIRST_NAMES = [
  'James',
  'Mary',
  'Wei',
  'Priya',
  'Ahmed',
  'Sofia',
  'Liam',
  'Olivia',
  'Noah',
  'Emma',
  'Arjun',
  'Mei',
  'Carlos',
  'Fatima',
  'Hiroshi',
  'Aisha',
  'Lucas',
  'Chloe',
  'Omar',
  'Elena',
  'Ravi',
  'Yuki',
  'Diego',
  'Nadia',
];
export const LAST_NAMES = [
  'Smith',
  'Johnson',
  'Chen',
  'Patel',
  'Khan',
  'Garcia',
  'Nguyen',
  'Kim',
  'Singh',
  'Brown',
  'Rossi',
  'Silva',
  'Tanaka',
  'Ali',
  'Müller',
  'Lopez',
  'Wilson',
  'Sato',
  'Haddad',
  'Kowalski',
  'Murphy',
  'Okafor',
  'Costa',
  'Ivanova',
];
export const CLIENT_COUNTRIES = ['US', 'GB', 'CA', 'AU', 'IN', 'CN', 'NG', 'BR', 'PH', 'VN'];

export const VISA_CATALOGUE: { name: string; code: string; description: string; types: [string, string][] }[] = [
  {
    name: 'Work Visa',
    code: 'WORK',
    description: 'Employment based visas',
    types: [
      ['Skilled Independent', '189'],
      ['Employer Sponsored', '482'],
      ['Regional Sponsored', '494'],
    ],
  },
  {
    name: 'Student Visa',
    code: 'STUDENT',
    description: 'Study visas',
    types: [
      ['Student', '500'],
      ['Guardian', '590'],
    ],
  },
  {
    name: 'Permanent Residence',
    code: 'PR',
    description: 'Permanent residence pathways',
    types: [
      ['Skilled Independent PR', '189PR'],
      ['Family Sponsored PR', '864'],
    ],
  },
  {
    name: 'Family Visa',
    code: 'FAMILY',
    description: 'Partner and family visas',
    types: [
      ['Partner Visa', '820'],
      ['Parent Visa', '103'],
    ],
  },
  {
    name: 'Visitor Visa',
    code: 'VISITOR',
    description: 'Tourism and short visits',
    types: [
      ['Visitor', '600'],
      ['ETA', '601'],
    ],
  },
  {
    name: 'Business Visa',
    code: 'BUSINESS',
    description: 'Business and investor visas',
    types: [
      ['Business Innovation', '188A'],
      ['Investor', '188B'],
    ],
  },
];
export const VISA_CHECKLIST = ['Identity documents', 'Passport', 'Photos', 'Financial evidence', 'Health examination'];

export const LANGUAGE_EXAMS = [
  { name: 'IELTS', validityTerm: 2, minScore: '0', maxScore: '9', description: 'International English Language Testing System' },
  { name: 'PTE Academic', validityTerm: 2, minScore: '10', maxScore: '90', description: 'Pearson Test of English' },
  { name: 'TOEFL iBT', validityTerm: 2, minScore: '0', maxScore: '120', description: 'Test of English as a Foreign Language' },
];

export const COURSE_LEVELS = [
  'Certificate',
  'Diploma',
  'Advanced Diploma',
  'Bachelor',
  'Bachelor (Honours)',
  'Graduate Certificate',
  'Graduate Diploma',
  'Master',
  'Master (Research)',
  'Doctorate (PhD)',
];
export const FIELDS: [string, string[]][] = [
  [
    'Engineering',
    ['Civil Engineering', 'Mechanical Engineering', 'Electrical Engineering', 'Software Engineering', 'Chemical Engineering'],
  ],
  ['Business and Management', ['Accounting', 'Finance', 'Marketing', 'Management', 'Human Resources']],
  ['Information Technology', ['Computer Science', 'Data Science', 'Cybersecurity', 'Information Systems', 'Web Development']],
  ['Health Sciences', ['Nursing', 'Public Health', 'Pharmacy', 'Physiotherapy', 'Nutrition']],
  ['Education', ['Early Childhood', 'Primary Teaching', 'Secondary Teaching', 'Special Education', 'TESOL']],
  ['Arts and Humanities', ['History', 'Philosophy', 'Linguistics', 'Fine Arts', 'Media Studies']],
  ['Science', ['Physics', 'Chemistry', 'Biology', 'Mathematics', 'Environmental Science']],
  ['Law', ['Corporate Law', 'Criminal Law', 'International Law', 'Migration Law', 'Legal Studies']],
  [
    'Architecture',
    ['Architectural Design', 'Urban Planning', 'Landscape Architecture', 'Interior Design', 'Construction Management'],
  ],
  ['Hospitality and Tourism', ['Hotel Management', 'Tourism Management', 'Event Management', 'Culinary Arts', 'Travel Services']],
];

export const INSTITUTES = [
  ['University of Technology Sydney', 'UTS', '+61 2 9514 2000', 'https://www.uts.edu.au'],
  ['Monash University', 'Monash', '+61 3 9902 6000', 'https://www.monash.edu'],
  ['University of Melbourne', 'UniMelb', '+61 3 9035 5511', 'https://www.unimelb.edu.au'],
  ['University of Sydney', 'USyd', '+61 2 9351 2222', 'https://www.sydney.edu.au'],
  ['RMIT University', 'RMIT', '+61 3 9925 2000', 'https://www.rmit.edu.au'],
  ['Deakin University', 'Deakin', '+61 3 9244 6100', 'https://www.deakin.edu.au'],
  ['Griffith University', 'Griffith', '+61 7 3735 7111', 'https://www.griffith.edu.au'],
  ['Queensland University of Technology', 'QUT', '+61 7 3138 2000', 'https://www.qut.edu.au'],
] as const;

export const REQUIREMENTS: [string, string, RequirementType][] = [
  ['Academic Transcripts', 'Certified transcripts of prior study', 'ACADEMIC'],
  ['English Language Proficiency', 'IELTS 6.5 or equivalent', 'LANGUAGE'],
  ['Financial Evidence', 'Funds for tuition and living costs', 'FINANCIAL'],
  ['Passport Copy', 'Certified copy of the passport', 'DOCUMENT'],
  ['Statement of Purpose', 'One to two pages', 'DOCUMENT'],
];

/** [course name, level index, broad index, narrow index, tuition, CoE fee] */
export const COURSES: [string, number, number, number, number, number][] = [
  ['Bachelor of Computer Science', 3, 2, 0, 35000, 500],
  ['Master of Business Administration', 7, 1, 3, 45000, 600],
  ['Bachelor of Engineering (Civil)', 3, 0, 0, 38000, 550],
  ['Master of Data Science', 7, 2, 1, 42000, 580],
  ['Bachelor of Nursing', 3, 3, 0, 32000, 480],
  ['Master of Education', 7, 4, 4, 28000, 450],
  ['Bachelor of Commerce', 3, 1, 0, 36000, 520],
  ['Master of Public Health', 7, 3, 1, 33000, 500],
  ['Bachelor of Architecture', 3, 8, 0, 40000, 600],
  ['Master of Information Systems', 7, 2, 3, 39000, 560],
];

const BASE_STAGES = ['Application Received', 'Documents Verified', 'Submitted to Institute'];
export const APPLICATION_TYPES: [string, string[]][] = [
  ['Undergraduate', [...BASE_STAGES, 'Under Review', 'Offer Received', 'Offer Accepted', 'Enrolled']],
  ['Postgraduate', [...BASE_STAGES, 'Under Review', 'Interview Scheduled', 'Offer Received', 'Offer Accepted', 'Enrolled']],
  ['Foundation Program', [...BASE_STAGES, 'Offer Received', 'Enrolled']],
  ['Diploma', [...BASE_STAGES, 'Offer Received', 'Enrolled']],
  ['Short Course', [...BASE_STAGES, 'Enrolled']],
  ['English Language', [...BASE_STAGES, 'Enrolled']],
];

export const AGENTS: [string, 'SUPER_AGENT' | 'SUB_AGENT'][] = [
  ['Global Migration Associates', 'SUPER_AGENT'],
  ['Visa Partners Network', 'SUPER_AGENT'],
  ['Regional Consultancy Services', 'SUB_AGENT'],
  ['Education Visa Specialists', 'SUB_AGENT'],
  ['Family Migration Experts', 'SUB_AGENT'],
];

export const TASK_TEMPLATES: [string, string][] = [
  ['Follow up with client', 'Call the client about next steps'],
  ['Review documents', 'Check the submitted documents for completeness'],
  ['Prepare application', 'Prepare the application forms'],
  ['Schedule interview', 'Arrange an interview time with the client'],
  ['Submit application', 'Lodge the application with the authority'],
  ['Medical examination', 'Book the health examination'],
  ['Biometric appointment', 'Book the biometrics appointment'],
  ['College offer processing', 'Process the offer letter from the institute'],
  ['Collect fees', 'Collect the service fee instalment'],
  ['Update client profile', 'Bring passport and qualification details up to date'],
  ['Send checklist', 'Email the document checklist'],
  ['Verify English test', 'Verify the language test result online'],
];
export const TASK_TAGS = ['urgent', 'follow-up', 'documentation', 'client-meeting', 'application', 'review', 'compliance'];
export const NOTE_TEXTS = [
  'Called the client; documents expected next week.',
  'Client asked about processing times.',
  'Passport copy received and checked.',
  'Discussed course options and intakes.',
  'Sent the fee schedule by email.',
  'Client prefers contact in the afternoon.',
  'Waiting on the English test result.',
  'Referred by a former client.',
];
export const EVENT_TITLES = [
  'Client consultation',
  'Team meeting',
  'Document review session',
  'Institute webinar',
  'Visa workshop',
];
export const EMPLOYERS = [
  'Northwind Traders',
  'Contoso Ltd',
  'Fabrikam Inc',
  'Tailspin Toys',
  'Wide World Importers',
  'Adventure Works',
];
export const POSITIONS = [
  'Software Developer',
  'Accountant',
  'Registered Nurse',
  'Sales Manager',
  'Chef',
  'Civil Engineer',
  'Teacher',
];
