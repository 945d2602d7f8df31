import type { Route } from '../app/route.js';
import { lazyModule } from '../app/lazy.js';

const Evaluation = lazyModule(() => import('./evaluations.js'));
const Respondent = lazyModule(() => import('./respondents/respondent.js'));
const Bases = lazyModule(() => import('./respondents/bases.js'));
const Crosstab = lazyModule(() => import('./analysis/crosstab.js'));
const Transcripts = lazyModule(() => import('./evidence/transcripts.js'));
const Transcript = lazyModule(() => import('./evidence/transcript.js'));
const Configurations = lazyModule(() => import('./quality/configurations.js'));
const CellRespondents = lazyModule(() => import('./quality/cell-respondents.js'));
const Agreement = lazyModule(() => import('./quality/agreement.js'));
const Codebook = lazyModule(() => import('./codebook/codebook.js'));
const CodebookAdd = lazyModule(() => import('./codebook/add.js'));
const Code = lazyModule(() => import('./codebook/code.js'));
const CodeEdit = lazyModule(() => import('./codebook/edit.js'));
const CodeMerge = lazyModule(() => import('./codebook/merge.js'));
const CodeSplit = lazyModule(() => import('./codebook/split.js'));
const CodebookImport = lazyModule(() => import('./codebook/import.js'));

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
    render: (p) => <Crosstab.CrosstabPage slug={p.evaluation!} />,
  },
  {
    path: '/programmes/:slug/evaluations/:evaluation/configurations',
    programme: true,
    render: (p) => <Configurations.ConfigurationsPage slug={p.evaluation!} />,
  },
  {
    path: '/programmes/:slug/evaluations/:evaluation/configurations/respondents',
    programme: true,
    render: (p) => <CellRespondents.ConfigurationRespondents slug={p.evaluation!} />,
  },
  {
    path: '/programmes/:slug/evaluations/:evaluation/agreement',
    programme: true,
    render: (p) => <Agreement.AgreementPage slug={p.evaluation!} />,
  },
  {
    path: '/programmes/:slug/evaluations/:evaluation/codebook',
    programme: true,
    render: (p) => <Codebook.CodebookPage slug={p.evaluation!} />,
  },
  {
    path: '/programmes/:slug/evaluations/:evaluation/codebook/new-family',
    programme: true,
    render: (p) => <CodebookAdd.AddFamily slug={p.evaluation!} />,
  },
  {
    path: '/programmes/:slug/evaluations/:evaluation/codebook/new-code',
    programme: true,
    render: (p) => <CodebookAdd.AddCode slug={p.evaluation!} />,
  },
  {
    path: '/programmes/:slug/evaluations/:evaluation/codebook/import',
    programme: true,
    render: (p) => <CodebookImport.ImportCodebook slug={p.evaluation!} />,
  },
  {
    path: '/programmes/:slug/evaluations/:evaluation/codebook/codes/:codeId',
    programme: true,
    render: (p) => <Code.CodeRecord slug={p.evaluation!} codeId={p.codeId!} />,
  },
  {
    path: '/programmes/:slug/evaluations/:evaluation/codebook/codes/:codeId/edit',
    programme: true,
    render: (p) => <CodeEdit.EditCode slug={p.evaluation!} codeId={p.codeId!} />,
  },
  {
    path: '/programmes/:slug/evaluations/:evaluation/codebook/codes/:codeId/move',
    programme: true,
    render: (p) => <CodeEdit.MoveCode slug={p.evaluation!} codeId={p.codeId!} />,
  },
  {
    path: '/programmes/:slug/evaluations/:evaluation/codebook/codes/:codeId/merge',
    programme: true,
    render: (p) => <CodeMerge.MergeCodes slug={p.evaluation!} codeId={p.codeId!} />,
  },
  {
    path: '/programmes/:slug/evaluations/:evaluation/codebook/codes/:codeId/split',
    programme: true,
    render: (p) => <CodeSplit.SplitCode slug={p.evaluation!} codeId={p.codeId!} />,
  },
  {
    path: '/programmes/:slug/evaluations/:evaluation/transcripts',
    programme: true,
    render: (p) => <Transcripts.Transcripts slug={p.evaluation!} />,
  },
  {
    path: '/programmes/:slug/evaluations/:evaluation/transcripts/:transcript',
    programme: true,
    render: (p) => <Transcript.TranscriptPage slug={p.evaluation!} id={p.transcript!} />,
  },
  {
    path: '/programmes/:slug/evaluations/:evaluation/bases',
    programme: true,
    render: (p) => <Bases.BasesPage slug={p.evaluation!} />,
  },
  {
    path: '/programmes/:slug/evaluations/:evaluation/bases/:family',
    programme: true,
    render: (p) => <Bases.BaseEdit slug={p.evaluation!} family={p.family!} />,
  },
  {
    path: '/programmes/:slug/evaluations/:evaluation/respondents/:respondent',
    programme: true,
    render: (p) => <Respondent.RespondentRecord slug={p.evaluation!} id={p.respondent!} />,
  },
];
