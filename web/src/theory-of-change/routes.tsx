import { lazyModule } from '../app/lazy.js';
import type { Route } from '../app/route.js';

const Theories = lazyModule(() => import('./theories.js'));
const TheoryPage = lazyModule(() => import('./theory.js'));
const VersionPage = lazyModule(() => import('./version.js'));
const DiffPage = lazyModule(() => import('./diff.js'));
const MappingPage = lazyModule(() => import('./mapping.js'));
const ValidationPage = lazyModule(() => import('./validation.js'));
const LinkRespondents = lazyModule(() => import('./link-respondents.js'));
// The drawing page's chunk holds its frame and side panel; React Flow and ELK come in a chunk of their own
// (drawing/editor.tsx) that only the drawing asks for. The outline loads neither.
const Drawing = lazyModule(() => import('./drawing/page.js'));
const Outline = lazyModule(() => import('./outline/outline.js'));

export const theoryOfChangeRoutes: Route[] = [
  { path: '/programmes/:slug/theories-of-change', programme: true, render: () => <Theories.TheoriesPage /> },
  { path: '/programmes/:slug/theories-of-change/:theory', programme: true, render: (p) => <TheoryPage.TheoryPage theoryId={p.theory!} /> },
  {
    path: '/programmes/:slug/theories-of-change/:theory/diff',
    programme: true,
    render: (p) => <DiffPage.DiffPage theoryId={p.theory!} />,
  },
  {
    path: '/programmes/:slug/theories-of-change/:theory/versions/:version',
    programme: true,
    render: (p) => <VersionPage.VersionPage theoryId={p.theory!} versionId={p.version!} />,
  },
  {
    path: '/programmes/:slug/theories-of-change/:theory/versions/:version/drawing',
    programme: true,
    render: (p) => <Drawing.DrawingPage programme={p.slug!} theory={p.theory!} version={p.version!} />,
  },
  {
    path: '/programmes/:slug/theories-of-change/:theory/versions/:version/outline',
    programme: true,
    render: (p) => <Outline.OutlinePage programme={p.slug!} theory={p.theory!} version={p.version!} />,
  },
  {
    path: '/programmes/:slug/theories-of-change/:theory/versions/:version/mapping',
    programme: true,
    render: (p) => <MappingPage.MappingPage theoryId={p.theory!} versionId={p.version!} />,
  },
  {
    path: '/programmes/:slug/theories-of-change/:theory/versions/:version/validation',
    programme: true,
    render: (p) => <ValidationPage.ValidationPage theoryId={p.theory!} versionId={p.version!} />,
  },
  {
    path: '/programmes/:slug/theories-of-change/:theory/versions/:version/links/:link',
    programme: true,
    render: (p) => <LinkRespondents.LinkRespondentsPage theoryId={p.theory!} versionId={p.version!} linkKey={p.link!} />,
  },
];
