// Codebook: merging other codes into a code, with a confirmation saying how many codings move.
import { useState } from 'react';
import { api as call, post } from '../../api/index.js';
import { Choices, ErrorSummary, FormProblems, Submit, useForm } from '../../ui/forms.js';
import { plural } from '../../ui/index.js';
import { CodeStep, after, flatten, type CodeUse, useCodebookPaths } from './shared.js';

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
