// Words the engagement pages share: levels of participation, the National Standards, ratings, statuses.
import type { Engagement, SelfAssessmentCycle, YouSaidWeDid } from '../api/index.js';

export const LEVELS: { value: Engagement['level']; label: string; hint: string }[] = [
  { value: 'inform', label: 'Inform', hint: 'Telling people what is planned or decided' },
  { value: 'consult', label: 'Consult', hint: 'Asking people’s views before deciding' },
  { value: 'involve', label: 'Involve', hint: 'Working with people throughout, so their concerns shape the plans' },
  { value: 'collaborate', label: 'Collaborate', hint: 'Deciding together, as partners' },
  { value: 'empower', label: 'Empower', hint: 'People decide for themselves' },
];
export const levelLabel = (v: string) => LEVELS.find((l) => l.value === v)?.label ?? v;

type Standard = SelfAssessmentCycle['ratings'][number]['standard'];
type Rating = SelfAssessmentCycle['ratings'][number]['rating'];

/** The seven National Standards for Community Engagement, each with a line of what it asks, in Cairn's words. */
export const STANDARDS: { value: Standard; hint: string }[] = [
  { value: 'Inclusion', hint: 'We find and involve the people and organisations the work affects.' },
  { value: 'Support', hint: 'We find and remove what stops people taking part.' },
  { value: 'Planning', hint: 'We agree the purpose and plan it together, with a clear picture of needs and resources.' },
  { value: 'Working Together', hint: 'We work well with each other and with the people taking part.' },
  { value: 'Methods', hint: 'We use ways of engaging that fit the purpose and the people.' },
  { value: 'Communication', hint: 'We tell people clearly what is happening and what came of it.' },
  { value: 'Impact', hint: 'We show what changed because people took part.' },
];

export const RATINGS: { value: Rating; label: string }[] = [
  { value: 'not yet', label: 'Not yet' },
  { value: 'partly', label: 'Partly' },
  { value: 'largely', label: 'Largely' },
  { value: 'fully', label: 'Fully' },
];

export const STATUSES: { value: YouSaidWeDid['status']; label: string }[] = [
  { value: 'planned', label: 'Planned' },
  { value: 'in progress', label: 'In progress' },
  { value: 'done', label: 'Done' },
  { value: 'not going ahead', label: 'Not going ahead' },
];

const day = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const at = (iso: string) => day.format(new Date(`${iso}T00:00:00Z`));
export const dateSpan = (start: string, end: string) => (start === end ? at(start) : `${at(start)} to ${at(end)}`);
export const monthOf = (iso: string) =>
  new Date(`${iso}T00:00:00Z`).toLocaleDateString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
