// Resident-panel mode: a panel of residents decides instead of a vote. Who sat and why, what it chose and
// why it chose each; the panel's choice is then the result.
import { type PbRoundDetail, patch, put } from '../../api/index.js';
import { useApi } from '../../app/data.js';
import { useProgramme } from '../../app/programme-frame.js';
import { Checkbox, ErrorSummary, Submit, TextArea, TextField, useForm } from '../../ui/forms.js';
import { Failed, Loading, Page } from '../../ui/index.js';
import { pbCrumbs, pounds } from './words.js';

type Answer = { data: PbRoundDetail; abilities: { update: boolean } };

export function PanelPage({ slug }: { slug: string }) {
  const { api, base, crumbs } = useProgramme();
  const roundApi = `${api}/pb/rounds/${encodeURIComponent(slug)}`;
  const loaded = useApi<Answer>(roundApi);
  const modeForm = useForm(async (v) => {
    await patch(roundApi, { mode: v.text('mode') });
    loaded.reload();
  });
  const round = loaded.state === 'ready' ? loaded.data.data : null;
  // Room for everyone already recorded and three more; saving gives three more again.
  const rows = round ? round.panelMembers.length + 3 : 0;
  const panelForm = useForm(
    async (v) => {
      if (!round) return;
      const members = Array.from({ length: rows }, (_, i) => ({ name: v.text(`member-${i}`), why: v.text(`why-${i}`) })).filter(
        (m) => m.name || m.why,
      );
      const chosen = round.proposals.filter((p) => v.checked(`chosen-${p.id}`)).map((p) => p.id);
      const why = Object.fromEntries(chosen.map((id) => [id, v.text(`reason-${id}`)]));
      await put(`${roundApi}/panel`, { members, chosen, why, reasons: v.text('reasons') });
      loaded.reload();
    },
    {
      // ['members', 2, 'name'] → member-2; ['members', 2, 'why'] → why-2.
      fieldOf: (path) =>
        path[0] === 'members' && typeof path[1] === 'number' ? `${path[2] === 'why' ? 'why' : 'member'}-${path[1]}` : String(path[0]),
    },
  );
  if (loaded.state === 'loading') return <Loading what="round" />;
  if (loaded.state === 'error') return <Failed error={loaded.error} retry={loaded.reload} />;
  const { data: r, abilities } = loaded.data;
  const canChange = abilities.update && r.publishedAt === null;
  const eligible = r.proposals.filter((p) => p.eligibility !== 'ineligible');
  return (
    <Page title="Resident panel" caption={r.name} breadcrumbs={pbCrumbs(crumbs, base, r)}>
      <p>
        Instead of a vote, a panel of residents can decide which proposals are funded (as Lincoln’s community chest did). Record who sat on
        the panel and why, and which proposals it chose and why: the panel’s choice is the round’s result when you publish it.
      </p>
      {canChange && (
        <form onSubmit={modeForm.onSubmit} noValidate>
          <ErrorSummary form={modeForm} />
          <input type="hidden" name="mode" value={r.mode === 'panel' ? 'vote' : 'panel'} />
          <p>{r.mode === 'panel' ? 'A resident panel decides this round.' : 'Residents vote in this round.'}</p>
          <Submit form={modeForm}>{r.mode === 'panel' ? 'Let residents vote instead' : 'Let a resident panel decide instead'}</Submit>
        </form>
      )}
      {r.mode === 'panel' && !canChange && <PanelDecision round={r} />}
      {r.mode === 'panel' && canChange && (
        <form onSubmit={panelForm.onSubmit} noValidate>
          <ErrorSummary form={panelForm} />
          <h2>Who sat on the panel</h2>
          <p className="hint">
            Names are shown on the public results page with why each person sat. Leave a row empty if you do not need it.
          </p>
          {Array.from({ length: rows }, (_, i) => {
            const m = r.panelMembers[i];
            return (
              <fieldset key={`${i}-${m?.name ?? ''}`} className="fieldset">
                <legend className="legend">Panel member {i + 1}</legend>
                <TextField form={panelForm} name={`member-${i}`} label="Name" defaultValue={m?.name ?? ''} />
                <TextField
                  form={panelForm}
                  name={`why-${i}`}
                  label="Why they sat on the panel"
                  hint="For example: lives on the estate; chairs the tenants’ group"
                  defaultValue={m?.why ?? ''}
                />
              </fieldset>
            );
          })}
          <h2>What the panel chose</h2>
          {eligible.length === 0 && <p>No eligible proposals yet.</p>}
          {eligible.map((p) => (
            <fieldset key={p.id} className="fieldset">
              <legend className="legend">{p.name}</legend>
              <p className="hint">
                {pounds(p.cost)}
                {p.locality ? ` · ${p.locality}` : ''}
                {p.evidenceOfNeed ? ` · Evidence of need: ${p.evidenceOfNeed}` : ''}
              </p>
              <Checkbox form={panelForm} name={`chosen-${p.id}`} label="The panel chose this proposal" defaultChecked={p.panelChosen} />
              <TextArea
                form={panelForm}
                name={`reason-${p.id}`}
                label="Why the panel chose it"
                hint="Only kept if the panel chose it"
                rows={2}
                defaultValue={p.panelReason}
              />
            </fieldset>
          ))}
          <TextArea form={panelForm} name="reasons" label="The panel’s reasons overall" rows={4} defaultValue={r.panelReasons} />
          <Submit form={panelForm}>Save the panel’s decision</Submit>
        </form>
      )}
    </Page>
  );
}

/** The panel's decision as recorded, for those who may not change it (or once published). */
function PanelDecision({ round: r }: { round: PbRoundDetail }) {
  const chosen = r.proposals.filter((p) => p.panelChosen);
  return (
    <>
      <h2>Who sat on the panel</h2>
      {r.panelMembers.length === 0 ? (
        <p>Not recorded yet.</p>
      ) : (
        <ul className="list">
          {r.panelMembers.map((m) => (
            <li key={m.name}>
              {m.name}
              {m.why && `: ${m.why}`}
            </li>
          ))}
        </ul>
      )}
      <h2>What the panel chose</h2>
      {chosen.length === 0 ? (
        <p>Nothing recorded yet.</p>
      ) : (
        <ul className="list">
          {chosen.map((p) => (
            <li key={p.id}>
              {p.name} ({pounds(p.cost)}){p.panelReason && `: ${p.panelReason}`}
            </li>
          ))}
        </ul>
      )}
      {r.panelReasons && <p>{r.panelReasons}</p>}
    </>
  );
}
