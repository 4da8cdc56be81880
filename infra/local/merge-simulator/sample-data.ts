// Word lists the record factory draws realistic values from.

export const FIRST_NAMES = [
  'Greg',
  'Gil',
  'Ava',
  'Liam',
  'Noah',
  'Emma',
  'Olivia',
  'Mateo',
  'Sofia',
  'Yuki',
  'Amara',
  'Ravi',
  'Chloe',
  'Lucas',
  'Mia',
  'Ethan',
  'Zara',
  'Omar',
  'Ingrid',
  'Diego',
  'Hana',
  'Kofi',
  'Lena',
  'Arjun',
  'Nora',
  'Felix',
  'Priya',
  'Jonas',
  'Elena',
  'Tariq',
  'Maya',
  'Hugo',
  'Aisha',
  'Leo',
  'Freya',
  'Wei',
] as const;

export const LAST_NAMES = [
  'Hirsch',
  'Feig',
  'Nguyen',
  'Garcia',
  'Smith',
  'Okafor',
  'Tanaka',
  'Müller',
  'Rossi',
  'Kowalski',
  'Johansson',
  'Patel',
  'Dubois',
  'Silva',
  'Kim',
  'Haddad',
  'Novak',
  'Murphy',
  'Larsen',
  'Mensah',
  'Fischer',
  'Costa',
  'Schmidt',
  'Ibrahim',
  'Walsh',
  'Chen',
  'Moreau',
  'Ivanova',
  'Bauer',
  'Reyes',
] as const;

export const JOB_TITLES = [
  'Software Engineer',
  'Senior Software Engineer',
  'Product Manager',
  'Account Executive',
  'Designer',
  'Data Analyst',
  'Recruiter',
  'Customer Success Manager',
  'Engineering Manager',
  'Controller',
  'Marketing Manager',
  'Support Specialist',
  'Site Reliability Engineer',
  'Executive Assistant',
] as const;

export const COMPANIES = [
  'Columbia Dining App.',
  'Waystar Royco',
  'Pierce Global Media',
  'Acme Corp',
  'Globex',
  'Initech',
  'Umbrella Health',
  'Stark Logistics',
  'Wonka Foods',
  'Hooli',
  'Vandelay Industries',
  'Soylent Labs',
] as const;

export const CITIES: readonly { city: string; state: string; postal: string }[] = [
  { city: 'San Francisco', state: 'CA', postal: '94122' },
  { city: 'New York', state: 'NY', postal: '10013' },
  { city: 'Austin', state: 'TX', postal: '78701' },
  { city: 'Chicago', state: 'IL', postal: '60607' },
  { city: 'Seattle', state: 'WA', postal: '98101' },
  { city: 'Miami', state: 'FL', postal: '33130' },
  { city: 'Denver', state: 'CO', postal: '80202' },
  { city: 'Boston', state: 'MA', postal: '02110' },
];

export const STREETS = [
  'Bowling Green Dr',
  'Market St',
  'Main St',
  'Broadway',
  'Elm Ave',
  'Harbor Blvd',
] as const;

export const LEAD_SOURCES = [
  'API Blogger',
  'Webinar',
  'Referral',
  'Trade Show',
  'Inbound',
  'Cold Call',
] as const;

export const APPLICATION_SOURCES = [
  'Campus recruiting event',
  'LinkedIn',
  'Referral',
  'Careers page',
] as const;

export const TICKET_SUBJECTS = [
  'Please add more integrations',
  'Login page returns 500',
  'Export to CSV is missing columns',
  'Invoice PDF renders blank',
  'SSO setup for new tenant',
  'Slow dashboard load times',
  'Webhook retries not arriving',
  'Update billing contact',
] as const;

export const FILES: readonly { name: string; mime: string }[] = [
  {
    name: 'merge_file_storage_launch.docx',
    mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  },
  { name: 'q3_board_deck.pdf', mime: 'application/pdf' },
  { name: 'roadmap.xlsx', mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
  { name: 'team_photo.png', mime: 'image/png' },
  { name: 'notes.txt', mime: 'text/plain' },
  { name: 'contract_signed.pdf', mime: 'application/pdf' },
];

export const GENDERS = ['MALE', 'FEMALE', 'NON-BINARY', 'OTHER', 'PREFER_NOT_TO_DISCLOSE'] as const;

export const ETHNICITIES = [
  'AMERICAN_INDIAN_OR_ALASKA_NATIVE',
  'ASIAN_OR_INDIAN_SUBCONTINENT',
  'BLACK_OR_AFRICAN_AMERICAN',
  'HISPANIC_OR_LATINO',
  'NATIVE_HAWAIIAN_OR_OTHER_PACIFIC_ISLANDER',
  'TWO_OR_MORE_RACES',
  'WHITE',
  'PREFER_NOT_TO_DISCLOSE',
] as const;

export const MARITAL_STATUSES = [
  'SINGLE',
  'MARRIED_FILING_JOINTLY',
  'MARRIED_FILING_SEPARATELY',
  'HEAD_OF_HOUSEHOLD',
] as const;
