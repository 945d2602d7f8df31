// Registry: a programme's vocabularies (themes, co-production models, ...) and changing one term.
import { type Term, VOCABULARIES, type Vocabulary, del, patch, post } from '../api/index.js';
import { ErrorSummary, Submit, TextArea, TextField, useForm } from '../ui/forms.js';
import { useProgramme } from '../app/programme-frame.js';
import { Link, navigate } from '../app/router.js';
import { NotAllowed, Page, Table } from '../ui/index.js';
import { useState } from 'react';
import { VOCABULARY_LABELS } from './words.js';

export function Vocabularies() {
  const { programme, base, crumbs, abilities } = useProgramme();
  return (
    <Page title={`Vocabularies – ${programme.name}`} heading="Vocabularies" caption={programme.name} breadcrumbs={crumbs()}>
      <p>
        The programme’s own lists, used to describe its projects, participants and organisations. Renaming a term keeps it on every record
        that uses it.
      </p>
      {!abilities.update && <NotAllowed>Only programme managers can change these lists.</NotAllowed>}
      {VOCABULARIES.map((voc) => {
        const terms = programme.vocabularies[voc] ?? [];
        return (
          <section key={voc} aria-labelledby={`voc-${voc}`}>
            <h2 id={`voc-${voc}`}>{VOCABULARY_LABELS[voc]}</h2>
            {terms.length === 0 ? (
              <p>No terms yet.</p>
            ) : (
              <Table caption={VOCABULARY_LABELS[voc]} captionHidden head={['Term', 'Description', ...(abilities.update ? ['Change'] : [])]}>
                {terms.map((t) => (
                  <tr key={t.id}>
                    <th scope="row">{t.label}</th>
                    <td>{t.description}</td>
                    {abilities.update && (
                      <td>
                        <Link href={`${base}/vocabulary-terms/${t.id}`}>
                          Rename<span className="visually-hidden"> {t.label}</span>
                        </Link>
                      </td>
                    )}
                  </tr>
                ))}
              </Table>
            )}
            {abilities.update && <AddTerm vocabulary={voc} />}
          </section>
        );
      })}
    </Page>
  );
}

function AddTerm({ vocabulary }: { vocabulary: Vocabulary }) {
  const { api, reload } = useProgramme();
  const [added, setAdded] = useState<string | null>(null);
  const [key, setKey] = useState(0);
  const form = useForm(
    async (v) => {
      const label = v.text(`label-${vocabulary}`);
      await post(`${api}/vocabularies/${vocabulary}/terms`, { label });
      setAdded(label);
      setKey((k) => k + 1);
      reload();
    },
    { fieldOf: (path) => `${String(path[0] ?? '')}-${vocabulary}` },
  );
  return (
    <form onSubmit={form.onSubmit} noValidate className="add-term" key={key}>
      <ErrorSummary form={form} />
      <TextField form={form} name={`label-${vocabulary}`} label={`Add to ${VOCABULARY_LABELS[vocabulary].toLowerCase()}`} width="medium" />
      <button type="submit" className="button secondary" aria-disabled={form.busy || undefined}>
        Add<span className="visually-hidden"> to {VOCABULARY_LABELS[vocabulary].toLowerCase()}</span>
      </button>
      <p role="status" className="muted">
        {added ? `Added “${added}”.` : ''}
      </p>
    </form>
  );
}

export function TermForm({ id }: { id: string }) {
  const { programme, api, base, crumbs, abilities, reload } = useProgramme();
  const term: Term | undefined = VOCABULARIES.flatMap((v) => programme.vocabularies[v] ?? []).find((t) => t.id === id);
  const back = `${base}/vocabularies`;
  const form = useForm(async (v) => {
    await patch(`${api}/vocabulary-terms/${id}`, { label: v.text('label'), description: v.text('description') });
    reload();
    navigate(back);
  });
  const removal = useForm(async () => {
    await del(`${api}/vocabulary-terms/${id}`);
    reload();
    navigate(back);
  });
  const trail = crumbs({ href: back, label: 'Vocabularies' });
  if (!term) {
    return (
      <Page title="Term not found" breadcrumbs={trail}>
        <p>This programme has no such term; it may have been removed.</p>
      </Page>
    );
  }
  return (
    <Page title={`Rename ${term.label}`} caption={VOCABULARY_LABELS[term.vocabulary]} breadcrumbs={trail}>
      {!abilities.update ? (
        <NotAllowed>Only programme managers can change these lists.</NotAllowed>
      ) : (
        <>
          <form onSubmit={form.onSubmit} noValidate>
            <ErrorSummary form={form} />
            <TextField
              form={form}
              name="label"
              label="Term"
              hint="Records that use this term keep it under its new name."
              defaultValue={term.label}
            />
            <TextArea form={form} name="description" label="Description (optional)" rows={3} defaultValue={term.description} />
            <Submit form={form}>Save changes</Submit>
          </form>
          <h2>Remove this term</h2>
          <p>You can remove a term only while no record uses it.</p>
          <form onSubmit={removal.onSubmit} noValidate>
            <ErrorSummary form={removal} />
            <button type="submit" className="button warning" aria-disabled={removal.busy || undefined}>
              Remove “{term.label}”
            </button>
          </form>
        </>
      )}
    </Page>
  );
}
