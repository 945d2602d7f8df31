// An evaluation's codebook, kept in the browser: the codes of each family as a nested list of links;
// a page per code with its history; forms to add a family or a code, change a code's name, description
// and colour, move it under another code (chosen from a list, never by dragging), merge other codes
// into it (with a confirmation saying how many codings move), and split it in two or more. The codebook
// goes out as a REFI-QDA file (.qdc) or CSV and comes in from a .qdc file, checked before anything is
// saved. Changes are for the programme's evaluators and managers; the API refuses everyone else.
//
// This file: the shapes, addresses, loaders and pieces the codebook pages share.
import type { ReactNode } from 'react';
import type { CodeFamily, CodeNode, EvaluationAnswer } from '../../api/index.js';
import { useApi } from '../../app/data.js';
import { useProgramme } from '../../app/programme-frame.js';
import { Link, navigate } from '../../app/router.js';
import { Failed, Loading, NotAllowed, NotFound, Page } from '../../ui/index.js';

export interface CodebookAnswer {
  data: CodeFamily[];
  abilities: { update: boolean };
}
export interface CodeUse {
  code: { id: string; name: string; family: string; familyLabel: string; parentId: string | null };
  codings: number;
  respondentCount: number;
  respondents: { id: string; ref: string; consent: string; codings: number }[];
}
export interface ImportResult {
  evaluation: { slug: string; created: boolean };
  family: { key: string; created: boolean } | null;
  families: { key: string; label: string; placedBy: string[]; added: number; updated: number }[];
  renumbered: string[];
  sets: { added: number; updated: number };
}

export const ONLY_EVALUATORS = 'Only the programme’s evaluators and managers can change the codebook.';
export const COLOUR_HINT = 'Optional. As a hex code, for example #1D70B8, so QDA programs show the same colour';
export const COLOUR = /^#[0-9A-Fa-f]{6}$/;

/** Addresses inside one evaluation's codebook. */
export function useCodebookPaths(slug: string) {
  const { api, base, crumbs } = useProgramme();
  const apiBase = `${api}/evaluations/${encodeURIComponent(slug)}`;
  const home = `${base}/evaluations/${encodeURIComponent(slug)}`;
  const book = `${home}/codebook`;
  const trail = (title: string, ...more: { href: string; label: string }[]) =>
    crumbs({ href: `${base}/evaluations`, label: 'Evaluations' }, { href: home, label: title }, ...more);
  return { apiBase, home, book, trail, codePage: (id: string) => `${book}/codes/${id}` };
}

interface Located {
  code: CodeNode;
  family: CodeFamily;
  parent: CodeNode | null;
  depth: number;
}

/** Every code with its family, parent and depth, in codebook order. */
export function flatten(families: CodeFamily[]): Located[] {
  const out: Located[] = [];
  const walk = (family: CodeFamily, list: CodeNode[], parent: CodeNode | null, depth: number) => {
    for (const code of list) {
      out.push({ code, family, parent, depth });
      walk(family, code.children, code, depth + 1);
    }
  };
  for (const f of families) walk(f, f.codes, null, 0);
  return out;
}

/** The codes under a code, itself included, so a move never offers a place inside its own branch. */
export function branchOf(code: CodeNode): Set<string> {
  const ids = new Set<string>();
  const walk = (c: CodeNode) => {
    ids.add(c.id);
    c.children.forEach(walk);
  };
  walk(code);
  return ids;
}

/** A code's name indented by its depth in a select, so the tree shows in a plain list of options. */
export const indented = (l: Located) => `${'\u00A0\u00A0\u00A0'.repeat(l.depth)}${l.depth ? '– ' : ''}${l.code.name}`;

/** Loads the evaluation and its codebook; renders the page once both are in. */
export function useCodebook(slug: string) {
  const { apiBase } = useCodebookPaths(slug);
  const evaluation = useApi<EvaluationAnswer>(apiBase);
  const codebook = useApi<CodebookAnswer>(`${apiBase}/codebook`);
  let gate: ReactNode = null;
  if (evaluation.state === 'loading' || codebook.state === 'loading') gate = <Loading what="codebook" />;
  else if (evaluation.state === 'error') gate = <Failed error={evaluation.error} retry={evaluation.reload} />;
  else if (codebook.state === 'error') gate = <Failed error={codebook.error} retry={codebook.reload} />;
  return {
    gate,
    evaluation: evaluation.state === 'ready' ? evaluation.data.data : null,
    families: codebook.state === 'ready' ? codebook.data.data : [],
    canChange: codebook.state === 'ready' && codebook.data.abilities.update,
    reload: codebook.reload,
  };
}

// ---------------------------------------------------------------- the codebook

/** A small square of the code's colour beside its name; decoration only, so hidden from screen readers. */
export const Swatch = ({ colour }: { colour: string }) => (
  <span
    aria-hidden="true"
    style={{
      display: 'inline-block',
      width: '0.8em',
      height: '0.8em',
      marginRight: '0.4em',
      background: colour,
      border: '1px solid currentColor',
    }}
  />
);

export function CodeList({ codes, codePage }: { codes: CodeNode[]; codePage: (id: string) => string }) {
  return (
    <ul className="list">
      {codes.map((c) => (
        <li key={c.id}>
          {c.colour && <Swatch colour={c.colour} />}
          <Link href={codePage(c.id)}>{c.name}</Link>
          {c.description && <span className="muted"> – {c.description}</span>}
          {c.children.length > 0 && <CodeList codes={c.children} codePage={codePage} />}
        </li>
      ))}
    </ul>
  );
}

// ---------------------------------------------------------------- one code

export function useCode(slug: string, codeId: string) {
  const loaded = useCodebook(slug);
  const here = flatten(loaded.families).find((l) => l.code.id === codeId) ?? null;
  return { ...loaded, here };
}

/** The frame of every page that changes one code: loads it, says who may, offers the way back. */
export function CodeStep(props: {
  slug: string;
  codeId: string;
  heading: (name: string) => string;
  children: (ctx: { here: Located; families: CodeFamily[] }) => ReactNode;
  wide?: boolean;
}) {
  const { programme } = useProgramme();
  const { book, trail, codePage } = useCodebookPaths(props.slug);
  const { gate, evaluation: e, families, here, canChange } = useCode(props.slug, props.codeId);
  if (gate || !e) return gate;
  if (!here) return <NotFound detail="This evaluation’s codebook has no such code. It may have been merged into another." />;
  const heading = props.heading(here.code.name);
  return (
    <Page
      title={`${heading} – ${e.title} – ${programme.name}`}
      heading={heading}
      caption={`Code in ${here.family.label}`}
      breadcrumbs={trail(e.title, { href: book, label: 'Codebook' }, { href: codePage(here.code.id), label: here.code.name })}
      wide={props.wide}
    >
      {canChange ? props.children({ here, families }) : <NotAllowed>{ONLY_EVALUATORS}</NotAllowed>}
      <p>
        <Link href={codePage(here.code.id)}>Cancel and go back to {here.code.name}</Link>
      </p>
    </Page>
  );
}

export const after = (codePage: (id: string) => string, id: string, message: string) =>
  navigate(`${codePage(id)}?done=${encodeURIComponent(message)}`);
