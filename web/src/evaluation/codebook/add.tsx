// Codebook: adding a code family, and adding a code (at the top of a family or under another code).
import { useState } from 'react';
import { post } from '../../api/index.js';
import { ErrorSummary, type FieldError, FormProblems, SelectField, Submit, TextArea, TextField, useForm } from '../../ui/forms.js';
import { useProgramme } from '../../app/programme-frame.js';
import { navigate, useLocation } from '../../app/router.js';
import { NotAllowed, Page } from '../../ui/index.js';
import { COLOUR, COLOUR_HINT, ONLY_EVALUATORS, flatten, indented, type CodebookAnswer, useCodebook, useCodebookPaths } from './shared.js';

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
