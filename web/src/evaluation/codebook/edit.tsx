// Codebook: changing a code's name, description and colour; moving it under another code (chosen from a list,
// never by dragging).
import { patch } from '../../api/index.js';
import { ErrorSummary, type FieldError, FormProblems, SelectField, Submit, TextArea, TextField, useForm } from '../../ui/forms.js';
import { COLOUR, COLOUR_HINT, CodeStep, after, branchOf, flatten, indented, useCodebookPaths } from './shared.js';

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
