import type { Route } from '../app/route.js';
import { lazyModule } from '../app/lazy.js';

const Evaluation = lazyModule(() => import('./evaluations.js'));
const EvaluationEvidence = lazyModule(() => import('./evidence/evidence.js'));
const EvaluationQuality = lazyModule(() => import('./quality/quality.js'));
const Codebook = lazyModule(() => import('./codebook/codebook.js'));

export const evaluationRoutes: Route[] = [
  { path: '/programmes/:slug/evaluations', programme: true, render: () => <Evaluation.Evaluations /> },
  {
    path: '/programmes/:slug/evaluations/:evaluation',
    programme: true,
    render: (p) => <Evaluation.EvaluationRecord slug={p.evaluation!} />,
  },
  {
    path: '/programmes/:slug/evaluations/:evaluation/crosstab',
    programme: true,
    render: (p) => <Evaluation.CrosstabPage slug={p.evaluation!} />,
  },
  {
    path: '/programmes/:slug/evaluations/:evaluation/configurations',
    programme: true,
    render: (p) => <EvaluationQuality.ConfigurationsPage slug={p.evaluation!} />,
  },
  {
    path: '/programmes/:slug/evaluations/:evaluation/configurations/respondents',
    programme: true,
    render: (p) => <EvaluationQuality.ConfigurationRespondents slug={p.evaluation!} />,
  },
  {
    path: '/programmes/:slug/evaluations/:evaluation/agreement',
    programme: true,
    render: (p) => <EvaluationQuality.AgreementPage slug={p.evaluation!} />,
  },
  {
    path: '/programmes/:slug/evaluations/:evaluation/codebook',
    programme: true,
    render: (p) => <Codebook.CodebookPage slug={p.evaluation!} />,
  },
  {
    path: '/programmes/:slug/evaluations/:evaluation/codebook/new-family',
    programme: true,
    render: (p) => <Codebook.AddFamily slug={p.evaluation!} />,
  },
  {
    path: '/programmes/:slug/evaluations/:evaluation/codebook/new-code',
    programme: true,
    render: (p) => <Codebook.AddCode slug={p.evaluation!} />,
  },
  {
    path: '/programmes/:slug/evaluations/:evaluation/codebook/import',
    programme: true,
    render: (p) => <Codebook.ImportCodebook slug={p.evaluation!} />,
  },
  {
    path: '/programmes/:slug/evaluations/:evaluation/codebook/codes/:codeId',
    programme: true,
    render: (p) => <Codebook.CodeRecord slug={p.evaluation!} codeId={p.codeId!} />,
  },
  {
    path: '/programmes/:slug/evaluations/:evaluation/codebook/codes/:codeId/edit',
    programme: true,
    render: (p) => <Codebook.EditCode slug={p.evaluation!} codeId={p.codeId!} />,
  },
  {
    path: '/programmes/:slug/evaluations/:evaluation/codebook/codes/:codeId/move',
    programme: true,
    render: (p) => <Codebook.MoveCode slug={p.evaluation!} codeId={p.codeId!} />,
  },
  {
    path: '/programmes/:slug/evaluations/:evaluation/codebook/codes/:codeId/merge',
    programme: true,
    render: (p) => <Codebook.MergeCodes slug={p.evaluation!} codeId={p.codeId!} />,
  },
  {
    path: '/programmes/:slug/evaluations/:evaluation/codebook/codes/:codeId/split',
    programme: true,
    render: (p) => <Codebook.SplitCode slug={p.evaluation!} codeId={p.codeId!} />,
  },
  {
    path: '/programmes/:slug/evaluations/:evaluation/transcripts',
    programme: true,
    render: (p) => <EvaluationEvidence.Transcripts slug={p.evaluation!} />,
  },
  {
    path: '/programmes/:slug/evaluations/:evaluation/transcripts/:transcript',
    programme: true,
    render: (p) => <EvaluationEvidence.TranscriptPage slug={p.evaluation!} id={p.transcript!} />,
  },
  {
    path: '/programmes/:slug/evaluations/:evaluation/respondents/:respondent',
    programme: true,
    render: (p) => <Evaluation.RespondentRecord slug={p.evaluation!} id={p.respondent!} />,
  },
];
