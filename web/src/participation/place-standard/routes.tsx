import type { Route } from '../../app/route.js';
import { lazyModule } from '../../app/lazy.js';

// Each screen is a chunk of its own, fetched when first shown.
const Surveys = lazyModule(() => import('./surveys.js'));
const Survey = lazyModule(() => import('./survey.js'));
const Compass = lazyModule(() => import('./compass.js'));
const Responses = lazyModule(() => import('./responses.js'));

export const placeStandardRoutes: Route[] = [
  { path: '/programmes/:slug/place-standard', programme: true, render: () => <Surveys.SurveyList /> },
  { path: '/programmes/:slug/place-standard/new', programme: true, render: () => <Surveys.SurveyForm /> },
  { path: '/programmes/:slug/place-standard/:survey', programme: true, render: (p) => <Survey.SurveyPage slug={p.survey!} /> },
  { path: '/programmes/:slug/place-standard/:survey/compass', programme: true, render: (p) => <Compass.CompassPage slug={p.survey!} /> },
  {
    path: '/programmes/:slug/place-standard/:survey/responses',
    programme: true,
    render: (p) => <Responses.ResponsesPage slug={p.survey!} />,
  },
];
