// The Place Standard's shapes, from the API's own generated types.
import type { components } from '../../api/schema.generated.js';

type Schemas = components['schemas'];
export type PlaceSurvey = Schemas['PlaceSurvey'];
export type PlaceSurveyItem = PlaceSurvey & { responses: number };
export type PlaceSurveyDetail = Schemas['PlaceSurveyDetail'];
export type PlaceResponse = Schemas['PlaceResponse'];
export type PlaceCompass = Schemas['PlaceCompass'];

export const VERSION_OPTIONS = [
  { value: 'adult', label: 'Adults', hint: 'The Place Standard tool, scored 1 to 7' },
  { value: 'young_people', label: 'Young people', hint: 'Simpler questions, scored 1 to 7' },
  { value: 'children', label: 'Children', hint: 'Simpler questions, scored 1 to 3' },
];
export const STATUS_WORDS: Record<PlaceSurvey['status'], string> = { draft: 'Not open yet', open: 'Open', closed: 'Closed' };

/** The survey's pages in the web UI. */
export const surveyPath = (base: string, slug: string) => `${base}/place-standard/${encodeURIComponent(slug)}`;
