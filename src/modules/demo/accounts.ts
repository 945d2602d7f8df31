import type { ProgrammeRole } from '../accounts/schema.js';

/** The one password of every demo account; printed in the start-up banner, never used outside demo data. */
export const DEMO_PASSWORD = 'cairn-demo-2026';

export interface DemoAccount {
  email: string;
  name: string;
  /** What this account shows off, for the banner. */
  can: string;
  isAdmin?: boolean;
  role?: { programme: string; role: ProgrammeRole };
  /** A partnership of the PBSA programme, by name. */
  partnership?: string;
}

// `.example` addresses cannot reach anyone (RFC 2606), so nobody is emailed by mistake.
export const DEMO_ACCOUNTS: DemoAccount[] = [
  { email: 'admin@cairn-demo.example', name: 'Demo administrator', can: 'everything: all programmes, accounts', isAdmin: true },
  {
    email: 'manager@cairn-demo.example',
    name: 'Demo PBSA programme manager',
    can: 'manage the PBSA registry',
    role: { programme: 'pbsa', role: 'programme_manager' },
  },
  {
    email: 'evaluator@cairn-demo.example',
    name: 'Demo PBSA evaluator',
    can: 'read all of PBSA, as its evaluator',
    role: { programme: 'pbsa', role: 'evaluator' },
  },
  {
    email: 'viewer@cairn-demo.example',
    name: 'Demo PBSA viewer',
    can: 'read all of PBSA, as a viewer',
    role: { programme: 'pbsa', role: 'viewer' },
  },
  {
    email: 'grapevine@cairn-demo.example',
    name: 'Demo Grapevine Coventry member',
    can: 'see only Grapevine Coventry in PBSA',
    partnership: 'Grapevine Coventry',
  },
];
