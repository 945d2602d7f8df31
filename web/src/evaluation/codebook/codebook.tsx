// An evaluation's codebook, kept in the browser: the codes of each family as a nested list of links;
// a page per code with its history; forms to add a family or a code, change a code's name, description
// and colour, move it under another code (chosen from a list, never by dragging), merge other codes
// into it (with a confirmation saying how many codings move), and split it in two or more. The codebook
// goes out as a REFI-QDA file (.qdc) or CSV and comes in from a .qdc file, checked before anything is
// saved. Changes are for the programme's evaluators and managers; the API refuses everyone else.
import { Fragment, type ReactNode, useState } from 'react';
import {
  ApiError,
  type AuditEvent,
  type CodeFamily,
  type CodeNode,
  type EvaluationAnswer,
  api as call,
  patch,
  post,
} from '../../api/index.js';
import { useApi } from '../../app/data.js';
import {
  Choices,
  ErrorSummary,
  type FieldError,
  FormProblems,
  SelectField,
  Submit,
  TextArea,
  TextField,
  fieldId,
  useForm,
} from '../../ui/forms.js';
import { useProgramme } from '../../app/programme-frame.js';
import { Link, navigate, useLocation } from '../../app/router.js';
import { Failed, History, Loading, NotAllowed, NotFound, Page, Panel, SummaryList, Table, plural } from '../../ui/index.js';

interface CodebookAnswer {
  data: CodeFamily[];
  abilities: { update: boolean };
}
interface CodeUse {
  code: { id: string; name: string; family: string; familyLabel: string; parentId: string | null };
  codings: number;
  respondentCount: number;
  respondents: { id: string; ref: string; consent: string; codings: number }[];
}
interface ImportResult {
  evaluation: { slug: string; created: boolean };
  family: { key: string; created: boolean } | null;
  families: { key: string; label: string; placedBy: string[]; added: number; updated: number }[];
  renumbered: string[];
}

const ONLY_EVALUATORS = 'Only the programme’s evaluators and managers can change the codebook.';
const COLOUR_HINT = 'Optional. As a hex code, for example #1D70B8, so QDA programs show the same colour';
const COLOUR = /^#[0-9A-Fa-f]{6}$/;

/** Addresses inside one evaluation's codebook. */
function useCodebookPaths(slug: string) {
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
function flatten(families: CodeFamily[]): Located[] {
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
function branchOf(code: CodeNode): Set<string> {
  const ids = new Set<string>();
  const walk = (c: CodeNode) => {
    ids.add(c.id);
    c.children.forEach(walk);
  };
  walk(code);
  return ids;
}

/** A code's name indented by its depth in a select, so the tree shows in a plain list of options. */
const indented = (l: Located) => `${'\u00A0\u00A0\u00A0'.repeat(l.depth)}${l.depth ? '– ' : ''}${l.code.name}`;

/** Loads the evaluation and its codebook; renders the page once both are in. */
function useCodebook(slug: string) {
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
const Swatch = ({ colour }: { colour: string }) => (
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

function CodeList({ codes, codePage }: { codes: CodeNode[]; codePage: (id: string) => string }) {
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

export function CodebookPage({ slug }: { slug: string }) {
  const { programme } = useProgramme();
  const { apiBase, book, trail, codePage } = useCodebookPaths(slug);
  const { search } = useLocation();
  const { gate, evaluation: e, families, canChange } = useCodebook(slug);
  const history = useApi<{ data: AuditEvent[]; nextBefore: number | null }>(canChange ? `${apiBase}/codebook/history?limit=50` : null);
  if (gate || !e) return gate;
  const total = flatten(families).length;
  const added = search.get('added');
  return (
    <Page title={`Codebook – ${e.title} – ${programme.name}`} heading="Codebook" caption={e.title} breadcrumbs={trail(e.title)}>
      {added && <Panel title={`Code family ${added} added`} />}
      <p>
        The codes respondents’ answers are coded with, in families such as contexts, mechanisms and outcomes. {plural(total, 'code')} in{' '}
        {plural(families.length, 'family', 'families')}. Choose a code to change, move, merge or split it.
      </p>
      {canChange ? (
        <ul className="list">
          <li>
            <Link href={`${book}/new-code`}>Add a code</Link>
          </li>
          <li>
            <Link href={`${book}/new-family`}>Add a code family</Link>
          </li>
          <li>
            <Link href={`${book}/import`}>Import a codebook from a QDA program (.qdc)</Link>
          </li>
        </ul>
      ) : (
        <NotAllowed>{ONLY_EVALUATORS} They also see the codebook’s history.</NotAllowed>
      )}
      {families.map((f) => (
        <section key={f.id} aria-labelledby={`family-${f.key}`}>
          <h2 id={`family-${f.key}`}>{f.label}</h2>
          {f.codes.length === 0 ? <p className="muted">No codes yet.</p> : <CodeList codes={f.codes} codePage={codePage} />}
          {canChange && (
            <p>
              <Link href={`${book}/new-code?family=${encodeURIComponent(f.key)}`}>
                Add a code<span className="visually-hidden"> to {f.label}</span>
              </Link>
            </p>
          )}
        </section>
      ))}
      <h2>Download the codebook</h2>
      {total === 0 ? (
        <p>There are no codes to download yet.</p>
      ) : (
        <ul className="list">
          <li>
            <a href={`/api/v1${apiBase}/codebook.qdc`} download>
              REFI-QDA codebook (.qdc)
            </a>{' '}
            <span className="muted">– opens in NVivo, ATLAS.ti, MAXQDA and QualCoder</span>
          </li>
          <li>
            <a href={`/api/v1${apiBase}/codebook.csv`} download>
              Spreadsheet (.csv)
            </a>
          </li>
        </ul>
      )}
      {canChange &&
        (history.state === 'loading' ? (
          <Loading what="history" />
        ) : history.state === 'error' ? (
          <Failed error={history.error} retry={history.reload} />
        ) : (
          <>
            <History events={history.data.data} />
            {history.data.nextBefore !== null && (
              <p className="muted">The latest 50 changes are shown. Each code’s page shows all of its own.</p>
            )}
          </>
        ))}
    </Page>
  );
}

// ---------------------------------------------------------------- adding

export function AddFamily({ slug }: { slug: string }) {
  const { programme } = useProgramme();
  const { apiBase, book, trail } = useCodebookPaths(slug);
  const { gate, evaluation: e, canChange } = useCodebook(slug);
  const form = useForm(async (v) => {
    const problems: FieldError[] = [];
    if (!v.text('label')) problems.push({ field: 'label', message: 'Enter a name for the family, such as Turning points' });
    if (!v.text('key')) problems.push({ field: 'key', message: 'Enter a short name, such as turning_point' });
    if (problems.length) throw new FormProblems(problems);
    await post(`${apiBase}/codebook/families`, { key: v.text('key'), label: v.text('label') });
    navigate(`${book}?added=${encodeURIComponent(v.text('label'))}`);
  });
  if (gate || !e) return gate;
  return (
    <Page
      title={`Add a code family – ${e.title} – ${programme.name}`}
      heading="Add a code family"
      caption={e.title}
      breadcrumbs={trail(e.title, { href: book, label: 'Codebook' })}
    >
      {!canChange ? (
        <NotAllowed>{ONLY_EVALUATORS}</NotAllowed>
      ) : (
        <form onSubmit={form.onSubmit} noValidate>
          <ErrorSummary form={form} />
          <TextField form={form} name="label" label="Name" hint="As people will read it, for example Turning points" />
          <TextField
            form={form}
            name="key"
            label="Short name"
            hint="Lower-case letters, numbers and _ only, for example turning_point. Used in exports and the command line."
            width="medium"
            spellCheck={false}
          />
          <Submit form={form}>Add family</Submit>
        </form>
      )}
    </Page>
  );
}

export function AddCode({ slug }: { slug: string }) {
  const { programme } = useProgramme();
  const { apiBase, book, trail, codePage } = useCodebookPaths(slug);
  const { search } = useLocation();
  const { gate, evaluation: e, families, canChange } = useCodebook(slug);
  const [familyKey, setFamilyKey] = useState<string | null>(null);
  const chosenFamily = familyKey ?? search.get('family') ?? '';
  const parentDefault = search.get('parent') ?? '';
  const form = useForm(async (v) => {
    const problems: FieldError[] = [];
    if (!v.text('family')) problems.push({ field: 'family', message: 'Choose the family the code belongs to' });
    if (!v.text('name')) problems.push({ field: 'name', message: 'Enter a name for the code' });
    if (v.text('colour') && !COLOUR.test(v.text('colour')))
      problems.push({ field: 'colour', message: 'Enter the colour as # and six letters or digits, for example #1D70B8' });
    if (problems.length) throw new FormProblems(problems);
    const answer = await post<CodebookAnswer>(`${apiBase}/codebook/codes`, {
      family: v.text('family'),
      name: v.text('name'),
      parentId: v.nullable('parentId'),
      ...(v.text('description') ? { description: v.text('description') } : {}),
      ...(v.text('colour') ? { colour: v.text('colour').toUpperCase() } : {}),
    });
    const made = flatten(answer.data).find(
      (l) => l.family.key === v.text('family') && l.code.name === v.text('name') && (l.parent?.id ?? '') === v.text('parentId'),
    );
    navigate(made ? codePage(made.code.id) : book);
  });
  if (gate || !e) return gate;
  const family = families.find((f) => f.key === chosenFamily);
  const under = flatten(families).filter((l) => l.family.key === chosenFamily);
  return (
    <Page
      title={`Add a code – ${e.title} – ${programme.name}`}
      heading="Add a code"
      caption={e.title}
      breadcrumbs={trail(e.title, { href: book, label: 'Codebook' })}
    >
      {!canChange ? (
        <NotAllowed>{ONLY_EVALUATORS}</NotAllowed>
      ) : (
        <form onSubmit={form.onSubmit} noValidate>
          <ErrorSummary form={form} />
          <SelectField
            form={form}
            name="family"
            label="Family"
            options={families.map((f) => ({ value: f.key, label: f.label }))}
            empty="Choose a family"
            defaultValue={chosenFamily}
            onChange={setFamilyKey}
          />
          {family && (
            <SelectField
              key={family.key}
              form={form}
              name="parentId"
              label="Where it goes"
              hint="At the top of the family, or under a broader code"
              options={under.map((l) => ({ value: l.code.id, label: indented(l) }))}
              empty={`At the top of ${family.label}`}
              defaultValue={under.some((l) => l.code.id === parentDefault) ? parentDefault : ''}
            />
          )}
          <TextField form={form} name="name" label="Name" hint="Short, in the words people used, for example Made to feel welcome" />
          <TextArea
            form={form}
            name="description"
            label="Description (optional)"
            hint="When to use this code, so every coder reads it the same way"
            rows={3}
          />
          <TextField form={form} name="colour" label="Colour (optional)" hint={COLOUR_HINT} width="short" spellCheck={false} />
          <Submit form={form}>Add code</Submit>
        </form>
      )}
    </Page>
  );
}

// ---------------------------------------------------------------- one code

function useCode(slug: string, codeId: string) {
  const loaded = useCodebook(slug);
  const here = flatten(loaded.families).find((l) => l.code.id === codeId) ?? null;
  return { ...loaded, here };
}

export function CodeRecord({ slug, codeId }: { slug: string; codeId: string }) {
  const { apiBase, book, trail, codePage } = useCodebookPaths(slug);
  const { search } = useLocation();
  const { gate, evaluation: e, here, canChange } = useCode(slug, codeId);
  const use = useApi<{ data: CodeUse }>(canChange && here ? `${apiBase}/codebook/codes/${codeId}/codings` : null);
  const history = useApi<{ data: AuditEvent[] }>(canChange && here ? `${apiBase}/codebook/history?codeId=${codeId}` : null);
  if (gate || !e) return gate;
  if (!here) return <NotFound detail="This evaluation’s codebook has no such code. It may have been merged into another." />;
  const { code, family, parent } = here;
  const done = search.get('done');
  const base = codePage(code.id);
  return (
    <Page
      title={`${code.name} – Codebook – ${e.title}`}
      heading={code.name}
      caption={`Code in ${family.label}`}
      breadcrumbs={trail(e.title, { href: book, label: 'Codebook' })}
    >
      {done && <Panel title={done} />}
      <SummaryList
        rows={[
          ['Family', family.label],
          ['Under', parent ? <Link href={codePage(parent.id)}>{parent.name}</Link> : `The top of ${family.label}`],
          ['Description', code.description || <span className="muted">None</span>],
          [
            'Colour',
            code.colour ? (
              <>
                <Swatch colour={code.colour} />
                {code.colour}
              </>
            ) : (
              <span className="muted">None</span>
            ),
          ],
          [
            'Codes under it',
            code.children.length ? (
              code.children.map((c, i) => (
                <Fragment key={c.id}>
                  {i > 0 && ', '}
                  <Link href={codePage(c.id)}>{c.name}</Link>
                </Fragment>
              ))
            ) : (
              <span className="muted">None</span>
            ),
          ],
          ...(use.state === 'ready'
            ? [
                [
                  'Coded',
                  `${plural(use.data.data.respondentCount, 'respondent')} (${plural(use.data.data.codings, 'coding')}, every coder’s)`,
                ] as [string, string],
              ]
            : []),
        ]}
      />
      {canChange ? (
        <>
          <h2>Change this code</h2>
          <ul className="list">
            <li>
              <Link href={`${base}/edit`}>Rename, describe or recolour</Link>
            </li>
            <li>
              <Link href={`${base}/move`}>Move under another code</Link>
            </li>
            <li>
              <Link href={`${base}/merge`}>Merge other codes into this one</Link>
            </li>
            <li>
              <Link href={`${base}/split`}>Split into new codes</Link>
            </li>
            <li>
              <Link href={`${book}/new-code?family=${encodeURIComponent(family.key)}&parent=${code.id}`}>Add a code under this one</Link>
            </li>
          </ul>
          {history.state === 'ready' && <History events={history.data.data} />}
        </>
      ) : (
        <NotAllowed>{ONLY_EVALUATORS}</NotAllowed>
      )}
      <p>
        <Link href={book}>Back to the codebook</Link>
      </p>
    </Page>
  );
}

/** The frame of every page that changes one code: loads it, says who may, offers the way back. */
function CodeStep(props: {
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

const after = (codePage: (id: string) => string, id: string, message: string) =>
  navigate(`${codePage(id)}?done=${encodeURIComponent(message)}`);

export function EditCode({ slug, codeId }: { slug: string; codeId: string }) {
  const { apiBase, codePage } = useCodebookPaths(slug);
  const form = useForm(async (v) => {
    const problems: FieldError[] = [];
    if (!v.text('name')) problems.push({ field: 'name', message: 'Enter a name for the code' });
    if (v.text('colour') && !COLOUR.test(v.text('colour')))
      problems.push({ field: 'colour', message: 'Enter the colour as # and six letters or digits, for example #1D70B8' });
    if (problems.length) throw new FormProblems(problems);
    await patch(`${apiBase}/codebook/codes/${codeId}`, {
      name: v.text('name'),
      description: v.text('description'),
      colour: v.text('colour') ? v.text('colour').toUpperCase() : null,
    });
    after(codePage, codeId, 'Code saved');
  });
  return (
    <CodeStep slug={slug} codeId={codeId} heading={(name) => `Change ${name}`}>
      {({ here }) => (
        <form onSubmit={form.onSubmit} noValidate>
          <ErrorSummary form={form} />
          <p>Renaming keeps every coding: respondents who were coded with this code stay coded with it.</p>
          <TextField form={form} name="name" label="Name" defaultValue={here.code.name} />
          <TextArea
            form={form}
            name="description"
            label="Description (optional)"
            hint="When to use this code"
            defaultValue={here.code.description}
            rows={3}
          />
          <TextField
            form={form}
            name="colour"
            label="Colour (optional)"
            hint={COLOUR_HINT}
            width="short"
            defaultValue={here.code.colour ?? ''}
            spellCheck={false}
          />
          <Submit form={form}>Save code</Submit>
        </form>
      )}
    </CodeStep>
  );
}

export function MoveCode({ slug, codeId }: { slug: string; codeId: string }) {
  const { apiBase, codePage } = useCodebookPaths(slug);
  const form = useForm(async (v) => {
    await patch(`${apiBase}/codebook/codes/${codeId}`, { parentId: v.nullable('parentId') });
    after(codePage, codeId, 'Code moved');
  });
  return (
    <CodeStep slug={slug} codeId={codeId} heading={(name) => `Move ${name}`}>
      {({ here, families }) => {
        const inside = branchOf(here.code);
        const places = flatten(families).filter((l) => l.family.id === here.family.id && !inside.has(l.code.id));
        return (
          <form onSubmit={form.onSubmit} noValidate>
            <ErrorSummary form={form} />
            <p>The code keeps its codings and takes the codes under it along. A code stays in its family.</p>
            <SelectField
              form={form}
              name="parentId"
              label="Put it under"
              options={places.map((l) => ({ value: l.code.id, label: indented(l) }))}
              empty={`The top of ${here.family.label}`}
              defaultValue={here.parent?.id ?? ''}
            />
            <Submit form={form}>Move code</Submit>
          </form>
        );
      }}
    </CodeStep>
  );
}

// ---------------------------------------------------------------- merging

export function MergeCodes({ slug, codeId }: { slug: string; codeId: string }) {
  const { apiBase, codePage } = useCodebookPaths(slug);
  const [chosen, setChosen] = useState<{ ids: string[]; uses: CodeUse[] } | null>(null);
  const pick = useForm(async (v) => {
    const ids = v.all('mergeCodeIds');
    if (!ids.length) throw new FormProblems([{ field: 'mergeCodeIds', message: 'Choose at least one code to merge into this one' }]);
    // Each code's use, so the confirmation can say how many codings move.
    const uses = await Promise.all(ids.map((id) => call<{ data: CodeUse }>(`${apiBase}/codebook/codes/${id}/codings`).then((a) => a.data)));
    setChosen({ ids, uses });
  });
  const confirm = useForm(
    async () => {
      if (!chosen) return;
      await post(`${apiBase}/codebook/codes/${codeId}/merge`, { mergeCodeIds: chosen.ids });
      after(codePage, codeId, `${plural(chosen.ids.length, 'code')} merged`);
    },
    { fieldOf: () => '' },
  );
  return (
    <CodeStep slug={slug} codeId={codeId} heading={(name) => (chosen ? `Merge into ${name}?` : `Merge codes into ${name}`)}>
      {({ here, families }) => {
        if (chosen) {
          const codings = chosen.uses.reduce((n, u) => n + u.codings, 0);
          const people = chosen.uses.reduce((n, u) => n + u.respondentCount, 0);
          return (
            <form onSubmit={confirm.onSubmit} noValidate>
              <ErrorSummary form={confirm} />
              <p>These codes will be merged into {here.code.name} and then removed:</p>
              <ul className="list">
                {chosen.uses.map((u) => (
                  <li key={u.code.id}>
                    {u.code.name} – {plural(u.codings, 'coding')} ({plural(u.respondentCount, 'respondent')})
                  </li>
                ))}
              </ul>
              <p className="inset">
                {plural(codings, 'coding')} will move to {here.code.name}
                {people > 0 ? `. A respondent who already had ${here.code.name} keeps just one` : ''}. Codes under the merged codes move
                under {here.code.name}. Their names and descriptions stay in the history.
              </p>
              <div className="button-group">
                <Submit form={confirm}>Merge {plural(chosen.ids.length, 'code')}</Submit>
                <button type="button" className="button secondary" onClick={() => setChosen(null)}>
                  Change the codes chosen
                </button>
              </div>
            </form>
          );
        }
        // The code kept cannot take in itself or a code above it (it would go with it).
        const all = flatten(families);
        const above = new Set<string>();
        for (let p = here.parent; p; p = all.find((x) => x.code.id === p!.id)?.parent ?? null) above.add(p.id);
        const options = all.filter((l) => l.family.id === here.family.id && l.code.id !== here.code.id && !above.has(l.code.id));
        if (!options.length) return <p>There are no other codes in {here.family.label} to merge into this one.</p>;
        return (
          <form onSubmit={pick.onSubmit} noValidate>
            <ErrorSummary form={pick} />
            <Choices
              form={pick}
              type="checkbox"
              name="mergeCodeIds"
              label={`Which codes mean the same as ${here.code.name}?`}
              hint="Their codings move to this code. You will see how many before anything changes."
              options={options.map((l) => ({
                value: l.code.id,
                label: l.parent ? `${l.code.name} (under ${l.parent.name})` : l.code.name,
              }))}
            />
            <Submit form={pick}>Continue</Submit>
          </form>
        );
      }}
    </CodeStep>
  );
}

// ---------------------------------------------------------------- splitting

const SPLIT_SLOTS = 4;

export function SplitCode({ slug, codeId }: { slug: string; codeId: string }) {
  const { apiBase, codePage } = useCodebookPaths(slug);
  const use = useApi<{ data: CodeUse }>(`${apiBase}/codebook/codes/${codeId}/codings`);
  const [plan, setPlan] = useState<{ names: { name: string; description: string }[]; place: 'beside' | 'under' } | null>(null);

  const name = useForm(async (v) => {
    const names = Array.from({ length: SPLIT_SLOTS }, (_, i) => ({
      name: v.text(`name${i}`),
      description: v.text(`description${i}`),
    })).filter((n) => n.name);
    const problems: FieldError[] = [];
    if (!names.length) problems.push({ field: 'name0', message: 'Enter a name for at least one new code' });
    const seen = new Set<string>();
    Array.from({ length: SPLIT_SLOTS }, (_, i) => v.text(`name${i}`)).forEach((n, i) => {
      if (n && seen.has(n.toLowerCase()))
        problems.push({ field: `name${i}`, message: `Two new codes are called ${n}: give each its own name` });
      seen.add(n.toLowerCase());
    });
    if (problems.length) throw new FormProblems(problems);
    setPlan({ names, place: v.text('place') === 'under' ? 'under' : 'beside' });
  });

  const assign = useForm(
    async (v) => {
      if (!plan || use.state !== 'ready') return;
      const moves = use.data.data.respondents.flatMap((r) => {
        const to = plan.names.map((_, i) => i).filter((i) => v.checked(`to-${r.id}-${i}`));
        const keep = v.checked(`keep-${r.id}`);
        return to.length || !keep ? [{ respondentId: r.id, to, keep }] : [];
      });
      const lost = use.data.data.respondents.filter(
        (r) => !v.checked(`keep-${r.id}`) && !plan.names.some((_, i) => v.checked(`to-${r.id}-${i}`)),
      );
      if (lost.length) {
        throw new FormProblems(
          lost.map((r) => ({
            field: `keep-${r.id}`,
            message: `${r.ref} would lose their coding: keep it on the original or tick a new code`,
          })),
        );
      }
      await post(`${apiBase}/codebook/codes/${codeId}/split`, {
        codes: plan.names.map((n) => ({ name: n.name, ...(n.description ? { description: n.description } : {}) })),
        place: plan.place,
        moves,
      });
      after(codePage, codeId, `Split into ${plan.names.map((n) => n.name).join(', ')}`);
    },
    {
      // The server's problems (a name taken since the first step) are said here, without a link to a field not on screen.
      fieldOf: () => '',
    },
  );

  return (
    <CodeStep slug={slug} codeId={codeId} heading={(n) => `Split ${n}`} wide={Boolean(plan)}>
      {({ here }) => {
        if (use.state === 'loading') return <Loading what="codings" />;
        if (use.state === 'error') return <Failed error={use.error} retry={use.reload} />;
        const u = use.data.data;
        if (!plan) {
          return (
            <form onSubmit={name.onSubmit} noValidate>
              <ErrorSummary form={name} />
              <p>
                When a code turns out to hold two ideas, make a new code for each. Next you choose, for each of the{' '}
                {plural(u.respondentCount, 'respondent')} coded with {here.code.name}, which code their coding goes to. Anyone you leave as
                they are stays coded with {here.code.name}. No coding is lost.
              </p>
              {Array.from({ length: SPLIT_SLOTS }, (_, i) => (
                <fieldset className="fieldset inset" key={i}>
                  <legend className="legend">
                    New code {i + 1}
                    {i > 0 ? ' (optional)' : ''}
                  </legend>
                  <TextField form={name} name={`name${i}`} label="Name" />
                  <TextField form={name} name={`description${i}`} label="Description (optional)" />
                </fieldset>
              ))}
              <Choices
                form={name}
                type="radio"
                name="place"
                label="Where the new codes go"
                checked={['beside']}
                options={[
                  {
                    value: 'beside',
                    label: `Beside ${here.code.name}`,
                    hint: here.parent ? `Under ${here.parent.name}, as ${here.code.name} is` : `At the top of ${here.family.label}`,
                  },
                  { value: 'under', label: `Under ${here.code.name}`, hint: 'When the new codes are narrower kinds of it' },
                ]}
              />
              <Submit form={name}>Continue</Submit>
            </form>
          );
        }
        return (
          <form onSubmit={assign.onSubmit} noValidate>
            <ErrorSummary form={assign} />
            <p>
              Tick the new code or codes each respondent’s coding goes to. Untick “keep on {here.code.name}” to take it off the original.
              Each respondent keeps at least one.
            </p>
            {u.respondents.length === 0 ? (
              <p>Nobody is coded with {here.code.name} yet, so only the new codes will be added.</p>
            ) : (
              <Table
                caption={`Respondents coded with ${here.code.name}`}
                head={['Respondent', `Keep on ${here.code.name}`, ...plan.names.map((n) => `Move to ${n.name}`)]}
              >
                {u.respondents.map((r) => (
                  <tr key={r.id}>
                    <th scope="row">
                      {r.ref}
                      {r.consent === 'withdrawn' && <span className="muted"> (consent withdrawn)</span>}
                    </th>
                    <td>
                      <div className="choice">
                        <input type="checkbox" id={fieldId(`keep-${r.id}`)} name={`keep-${r.id}`} value="yes" defaultChecked />
                        <label htmlFor={fieldId(`keep-${r.id}`)}>
                          <span className="visually-hidden">
                            {r.ref}: keep on {here.code.name}
                          </span>
                        </label>
                      </div>
                    </td>
                    {plan.names.map((n, i) => (
                      <td key={i}>
                        <div className="choice">
                          <input type="checkbox" id={fieldId(`to-${r.id}-${i}`)} name={`to-${r.id}-${i}`} value="yes" />
                          <label htmlFor={fieldId(`to-${r.id}-${i}`)}>
                            <span className="visually-hidden">
                              {r.ref}: move to {n.name}
                            </span>
                          </label>
                        </div>
                      </td>
                    ))}
                  </tr>
                ))}
              </Table>
            )}
            {u.respondents.length < u.respondentCount && (
              <p className="inset">
                The first {u.respondents.length.toLocaleString('en-GB')} respondents are listed; the others stay on {here.code.name}.
              </p>
            )}
            <div className="button-group">
              <Submit form={assign}>Split {here.code.name}</Submit>
              <button type="button" className="button secondary" onClick={() => setPlan(null)}>
                Change the new codes
              </button>
            </div>
          </form>
        );
      }}
    </CodeStep>
  );
}

// ---------------------------------------------------------------- import

function sendQdc(path: string, file: File, family: string) {
  return call<{ data: ImportResult }>(`${path}${family ? `?family=${encodeURIComponent(family)}` : ''}`, {
    method: 'POST',
    // Browsers know no type for .qdc: say it is XML, and let the server read the bytes.
    raw: { body: file, type: 'application/xml' },
  });
}

function ImportSummary({ result, done }: { result: ImportResult; done: boolean }) {
  return (
    <ul className="list">
      {result.family?.created && (
        <li>
          A new code family, {result.family.key}, {done ? 'was' : 'will be'} added.
        </li>
      )}
      {result.families.map((f) => (
        <li key={f.key}>
          {f.label}: {plural(f.added, 'code')} {done ? 'added' : 'to add'}, {plural(f.updated, 'code')} {done ? 'updated' : 'to update'}
          {f.placedBy.length > 0 && <span className="muted"> (from {f.placedBy.join(', ')} in the file)</span>}
        </li>
      ))}
      {result.renumbered.length > 0 && (
        <li>Another evaluation already uses the ids of {result.renumbered.join(', ')}: here they get new ids.</li>
      )}
    </ul>
  );
}

export function ImportCodebook({ slug }: { slug: string }) {
  const { programme } = useProgramme();
  const { apiBase, book, trail } = useCodebookPaths(slug);
  const { gate, evaluation: e, canChange, reload } = useCodebook(slug);
  const [checked, setChecked] = useState<{ file: File; family: string; result: ImportResult } | null>(null);
  const [done, setDone] = useState<ImportResult | null>(null);

  const check = useForm(async (v) => {
    const file = v.file('file');
    setDone(null);
    if (!file) throw new FormProblems([{ field: 'file', message: 'Choose a .qdc file to import' }]);
    try {
      const { data } = await sendQdc(`${apiBase}/codebook/import/preview`, file, v.text('family'));
      setChecked({ file, family: v.text('family'), result: data });
    } catch (err) {
      // The file's own problems (malformed, cut short, codes with no family) belong to the file question.
      if (err instanceof ApiError && err.status === 422) {
        const family = err.problem.errors?.some((x) => x.path[0] === 'family');
        throw new FormProblems([{ field: family ? 'family' : 'file', message: err.message }]);
      }
      throw err;
    }
  });
  const confirm = useForm(
    async () => {
      if (!checked) return;
      const { data } = await sendQdc(`${apiBase}/codebook/import`, checked.file, checked.family);
      setDone(data);
      setChecked(null);
      reload();
    },
    { fieldOf: () => '' },
  );

  if (gate || !e) return gate;
  return (
    <Page
      title={`Import a codebook – ${e.title} – ${programme.name}`}
      heading="Import a codebook"
      caption={e.title}
      breadcrumbs={trail(e.title, { href: book, label: 'Codebook' })}
    >
      {!canChange ? (
        <NotAllowed>{ONLY_EVALUATORS}</NotAllowed>
      ) : done ? (
        <>
          <Panel title="Codebook imported">
            <ImportSummary result={done} done />
          </Panel>
          <p>
            <Link href={book}>See the codebook</Link>
          </p>
        </>
      ) : checked ? (
        <form onSubmit={confirm.onSubmit} noValidate>
          <ErrorSummary form={confirm} />
          <h2>What importing {checked.file.name} will do</h2>
          <ImportSummary result={checked.result} done={false} />
          <p>Codes already in the codebook (the same id, or the same name in the same place) are updated, not added twice.</p>
          <div className="button-group">
            <Submit form={confirm}>Import the codebook</Submit>
            <button type="button" className="button secondary" onClick={() => setChecked(null)}>
              Choose a different file
            </button>
          </div>
        </form>
      ) : (
        <form onSubmit={check.onSubmit} noValidate>
          <ErrorSummary form={check} />
          <p>
            Bring in a codebook exported from NVivo, ATLAS.ti, MAXQDA, QualCoder or another Cairn evaluation, as a REFI-QDA codebook (.qdc).
            Codes keep their nesting, descriptions and colours. Nothing is saved until you have seen what the file would add and confirmed.
          </p>
          <div className={`form-group${check.errorFor('file') ? ' form-group-error' : ''}`}>
            <label className="label" htmlFor={fieldId('file')}>
              Codebook file
            </label>
            <div className="hint" id="file-hint">
              A .qdc file, up to 5 MB
            </div>
            {check.errorFor('file') && (
              <p className="error-message" id="file-error">
                <span className="visually-hidden">Error:</span> {check.errorFor('file')}
              </p>
            )}
            <input
              id={fieldId('file')}
              name="file"
              type="file"
              className="file-upload"
              accept=".qdc,application/xml,text/xml"
              aria-describedby={`file-hint${check.errorFor('file') ? ' file-error' : ''}`}
            />
          </div>
          <TextField
            form={check}
            name="family"
            label="Family to put the codes in (optional)"
            hint="Leave empty to place each top-level code by its name (Contexts, Mechanisms, …). A new name makes a new family."
            width="medium"
          />
          <Submit form={check}>Check the file</Submit>
        </form>
      )}
    </Page>
  );
}
