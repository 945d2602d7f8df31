import type { Route } from '../../app/route.js';
import { lazyModule } from '../../app/lazy.js';

// The drawing page's chunk holds its frame and side panel; React Flow and ELK come in a chunk of their own
// (editor.tsx) that only the drawing asks for. The outline never loads either.
const Drawing = lazyModule(() => import('./page.js'));
const Outline = lazyModule(() => import('../outline/outline.js'));
const Drill = lazyModule(() => import('./drill.js'));

export const theoryDrawingRoutes: Route[] = [
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
    path: '/programmes/:slug/theories-of-change/:theory/versions/:version/links/:link',
    programme: true,
    render: (p) => <Drill.LinkDrillPage programme={p.slug!} theory={p.theory!} version={p.version!} link={p.link!} />,
  },
];
