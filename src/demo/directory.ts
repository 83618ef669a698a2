/** The demo company's directory: teams, ~25 users covering every role, ~500 customers in segments. */
import type { Role } from '../auth/roles.js';
import { Random } from './random.js';

export const DEMO_COMPANY_ID = '00000000-0000-4000-8000-00000000d001';
export const DEMO_COMPANY = { name: 'Northwind Demo Co.', timezone: 'America/New_York' };
export const SEGMENTS = ['Enterprise', 'Mid-Market', 'SMB', 'Startup'] as const;

export interface DemoUser {
  id: string;
  name: string;
  email: string;
  role: Role;
  team_id: string | null;
  title: string;
}
export interface DemoTeam {
  id: string;
  name: string;
  lead_user_id: string | null;
}
export interface DemoCustomer {
  id: string;
  name: string;
  segment: string;
  owner_user_id: string;
  lifecycle_stage: string;
  /** Relative activity level (busy vs quiet customers). */
  weight: number;
}

const FIRST = [
  'Ava',
  'Ben',
  'Chloe',
  'Dev',
  'Elena',
  'Farid',
  'Grace',
  'Hugo',
  'Ines',
  'Jonas',
  'Kira',
  'Liam',
  'Maya',
  'Noah',
  'Olga',
  'Priya',
  'Quinn',
  'Rosa',
  'Sami',
  'Tara',
  'Umar',
  'Vera',
  'Wen',
  'Xavi',
  'Yara',
  'Zoe',
];
const LAST = [
  'Adams',
  'Brooks',
  'Chen',
  'Diaz',
  'Evans',
  'Fischer',
  'Garcia',
  'Hughes',
  'Ito',
  'Jensen',
  'Khan',
  'Lopez',
  'Meyer',
  'Nakamura',
  'Okafor',
  'Petrov',
  'Quinn',
  'Rossi',
  'Silva',
  'Turner',
];
const COMPANY_A = [
  'Acme',
  'Apex',
  'Blue',
  'Bright',
  'Cedar',
  'Delta',
  'Evergreen',
  'First',
  'Global',
  'Harbor',
  'Iron',
  'Jade',
  'Keystone',
  'Lumen',
  'Maple',
  'North',
  'Orbit',
  'Pioneer',
  'Quantum',
  'River',
  'Summit',
  'Terra',
  'United',
  'Vertex',
  'West',
];
const COMPANY_B = [
  'Analytics',
  'Bank',
  'Bio',
  'Cloud',
  'Foods',
  'Health',
  'Labs',
  'Logistics',
  'Media',
  'Motors',
  'Partners',
  'Retail',
  'Robotics',
  'Software',
  'Systems',
];

export interface DemoDirectory {
  teams: DemoTeam[];
  users: DemoUser[];
  customers: DemoCustomer[];
}

export function buildDemoDirectory(seed = 7): DemoDirectory {
  const rnd = new Random(seed);
  const teamNames = ['Sales East', 'Sales West', 'Customer Success', 'Support'];
  const teams: DemoTeam[] = teamNames.map((name) => ({ id: rnd.uuid(), name, lead_user_id: null }));
  const users: DemoUser[] = [];
  let n = 0;
  const person = (role: Role, team: DemoTeam | null, title: string) => {
    const name = `${FIRST[n % FIRST.length]} ${LAST[(n * 7) % LAST.length]}`;
    n++;
    const user: DemoUser = {
      id: rnd.uuid(),
      name,
      email: `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@northwind.example`,
      role,
      team_id: team?.id ?? null,
      title,
    };
    users.push(user);
    return user;
  };
  for (const team of teams) {
    const frontline: Role = team.name.startsWith('Sales') ? 'rep' : 'agent';
    team.lead_user_id = person('team_lead', team, `${team.name} lead`).id;
    for (let i = 0; i < 4; i++)
      person(frontline, team, frontline === 'rep' ? 'Account executive' : 'Support agent');
  }
  person('marketing', null, 'Marketing manager');
  person('marketing', null, 'Campaign specialist');
  person('executive', null, 'VP of Sales');
  person('executive', null, 'Chief Customer Officer');
  person('compliance', null, 'Compliance officer');
  person('admin', null, 'CRM administrator');
  person('integration', null, 'Communication modules (API)');

  const owners = users.filter((u) => u.role === 'rep' || u.role === 'agent');
  const customers: DemoCustomer[] = [];
  for (let i = 0; i < 500; i++) {
    const segment = rnd.weighted(SEGMENTS, [1, 2, 4, 2]);
    // Pareto-like activity: a few very busy customers, a long quiet tail.
    const weight = Math.min(40, 1 / (rnd.next() ** 0.8 + 0.03)) * (segment === 'Enterprise' ? 2 : 1);
    customers.push({
      id: rnd.uuid(),
      name: `${rnd.pick(COMPANY_A)} ${rnd.pick(COMPANY_B)} ${i + 1}`,
      segment,
      owner_user_id: rnd.pick(owners).id,
      lifecycle_stage: rnd.weighted(['lead', 'prospect', 'customer', 'churned'], [2, 3, 6, 1]),
      weight,
    });
  }
  return { teams, users, customers };
}
