// The engagement calendar as an iCalendar file (RFC 5545), for the programme or one locality: each
// engagement an all-day event from its start to its end (DTEND is the day after, as the standard has it).
import ical from 'ical-generator';
import type { EngagementView } from './service.js';

const LEVEL_WORDS: Record<string, string> = {
  inform: 'Inform',
  consult: 'Consult',
  involve: 'Involve',
  collaborate: 'Collaborate',
  empower: 'Empower',
};

const dayAfter = (iso: string) => new Date(Date.parse(`${iso}T00:00:00Z`) + 86_400_000);

export function engagementCalendar(name: string, list: readonly EngagementView[], host: string): string {
  const cal = ical({ name, prodId: { company: 'Cairn', product: 'Engagement register', language: 'EN' } });
  for (const e of list) {
    cal.createEvent({
      id: `${e.id}@${host}`,
      start: new Date(`${e.startsOn}T00:00:00Z`),
      end: dayAfter(e.endsOn),
      allDay: true,
      stamp: new Date(e.createdAt),
      summary: `${e.title} (${e.leadPartner})`,
      location: e.locality,
      description: [
        `Lead partner: ${e.leadPartner}`,
        `Topics: ${e.topics.join(', ')}`,
        `Level of participation: ${LEVEL_WORDS[e.level] ?? e.level}`,
        e.targetGroups.length ? `Target groups: ${e.targetGroups.join(', ')}` : '',
        e.methods.length ? `Methods: ${e.methods.join(', ')}` : '',
      ]
        .filter(Boolean)
        .join('\n'),
    });
  }
  return cal.toString();
}
