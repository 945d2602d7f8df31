import type { ProgrammeRole } from '../accounts/schema.js';

/** The one password of every demo account; printed in the start-up banner, never used outside demo data. */
export const DEMO_PASSWORD = 'cairn-demo-2026';

export interface DemoAccount {
  email: string;
  name: string;
  /** What this account shows off, for the banner. */
  can: string;
  isAdmin?: boolean;
  /** Programme roles, by programme slug. */
  roles?: { programme: string; role: ProgrammeRole }[];
  /** A partnership this account is a member of, by programme slug and partnership name. */
  partnership?: { programme: string; name: string };
}

// `.example` addresses cannot reach anyone (RFC 2606), so nobody is emailed by mistake.
export const DEMO_ACCOUNTS: DemoAccount[] = [
  { email: 'admin@cairn-demo.example', name: 'Demo administrator', can: 'everything: all programmes, accounts', isAdmin: true },
  {
    email: 'manager@cairn-demo.example',
    name: 'Demo programme manager',
    can: 'manage PBSA and the PCF: review and chase returns',
    roles: [
      { programme: 'pbsa', role: 'programme_manager' },
      { programme: 'pcf', role: 'programme_manager' },
    ],
  },
  {
    email: 'evaluator@cairn-demo.example',
    name: 'Demo evaluator',
    can: 'evaluate PBSA and the PCF: code the PCF review (synthetic)',
    roles: [
      { programme: 'pbsa', role: 'evaluator' },
      { programme: 'pcf', role: 'evaluator' },
    ],
  },
  {
    email: 'facilitator@cairn-demo.example',
    name: 'Demo JRF facilitator',
    can: 'read the JRF Neighbourhood Programme, as a facilitator',
    roles: [{ programme: 'jrf-neighbourhood', role: 'facilitator' }],
  },
  {
    email: 'viewer@cairn-demo.example',
    name: 'Demo PBSA viewer',
    can: 'read all of PBSA, as a viewer',
    roles: [{ programme: 'pbsa', role: 'viewer' }],
  },
  {
    email: 'inverness@cairn-demo.example',
    name: 'Demo Inverness partnership member',
    can: 'send the Inverness anchor partnership’s PCF returns (one sent back, one due)',
    partnership: { programme: 'pcf', name: 'Inverness community anchor partnership' },
  },
  {
    email: 'grapevine@cairn-demo.example',
    name: 'Demo Grapevine Coventry member',
    can: 'see only Grapevine Coventry in PBSA',
    partnership: { programme: 'pbsa', name: 'Grapevine Coventry' },
  },
];
