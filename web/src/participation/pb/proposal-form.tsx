// Adding or changing a proposal: what it is, its cost and locality, the evidence of need and who will
// deliver it (shown on the ballot), and the eligibility check with its reason.
import { type PbRoundDetail, patch, post } from '../../api/index.js';
import { useApi } from '../../app/data.js';
import { useProgramme } from '../../app/programme-frame.js';
import { navigate } from '../../app/router.js';
import { Choices, ErrorSummary, SelectField, Submit, TextArea, TextField, useForm } from '../../ui/forms.js';
import { Failed, Loading, NotAllowed, NotFound, Page } from '../../ui/index.js';
import { DELIVERY_WORDS, ELIGIBILITY_WORDS, pbCrumbs } from './words.js';

type Answer = { data: PbRoundDetail; abilities: { update: boolean } };

export function ProposalForm({ slug, id }: { slug: string; id?: string }) {
  const { api, base, crumbs } = useProgramme();
  const loaded = useApi<Answer>(`${api}/pb/rounds/${encodeURIComponent(slug)}`);
  if (loaded.state === 'loading') return <Loading what="round" />;
  if (loaded.state === 'error') return <Failed error={loaded.error} retry={loaded.reload} />;
  const { data: round, abilities } = loaded.data;
  const proposal = id ? round.proposals.find((p) => p.id === id) : undefined;
  if (id && !proposal) return <NotFound detail="This round has no such proposal." />;
  return <Fields round={round} proposal={proposal} canEdit={abilities.update} trail={pbCrumbs(crumbs, base, round)} />;
}

function Fields(props: {
  round: PbRoundDetail;
  proposal: PbRoundDetail['proposals'][number] | undefined;
  canEdit: boolean;
  trail: ReturnType<typeof pbCrumbs>;
}) {
  const { round, proposal } = props;
  const { api, base } = useProgramme();
  const published = round.publishedAt !== null;
  const roundApi = `${api}/pb/rounds/${encodeURIComponent(round.slug)}`;
  const form = useForm(async (v) => {
    if (published && proposal) {
      await patch(`${roundApi}/proposals/${proposal.id}`, { delivery: v.text('delivery') });
    } else {
      const body = {
        name: v.text('name'),
        description: v.text('description'),
        cost: v.number('cost', 'Enter the cost as a whole number of pounds', { whole: true }),
        locality: v.nullable('locality'),
        category: v.text('category'),
        proposedBy: v.text('proposedBy'),
        proposerKind: v.text('proposerKind') || 'group',
        evidenceOfNeed: v.text('evidenceOfNeed'),
        deliveredBy: v.text('deliveredBy'),
        eligibility: v.text('eligibility') || 'pending',
        eligibilityReason: v.text('eligibilityReason'),
      };
      if (v.problems.length) throw new Error('form');
      if (proposal) await patch(`${roundApi}/proposals/${proposal.id}`, body);
      else await post(`${roundApi}/proposals`, body);
    }
    navigate(`${base}/pb/${encodeURIComponent(round.slug)}`);
  });
  const title = proposal ? `Change ${proposal.name}` : 'Add a proposal';
  if (!props.canEdit) {
    return (
      <Page title={title} breadcrumbs={props.trail}>
        <NotAllowed>Only programme managers can change proposals.</NotAllowed>
      </Page>
    );
  }
  if (published && proposal) {
    return (
      <Page title={`Delivery of ${proposal.name}`} breadcrumbs={props.trail}>
        <p>The results are published, so only how delivery is going can change.</p>
        <form onSubmit={form.onSubmit} noValidate>
          <ErrorSummary form={form} />
          <SelectField
            form={form}
            name="delivery"
            label="Delivery"
            defaultValue={proposal.delivery}
            options={Object.entries(DELIVERY_WORDS).map(([value, label]) => ({ value, label }))}
          />
          <Submit form={form}>Save</Submit>
        </form>
      </Page>
    );
  }
  return (
    <Page title={title} breadcrumbs={props.trail}>
      <form onSubmit={form.onSubmit} noValidate>
        <ErrorSummary form={form} />
        <TextField form={form} name="name" label="Name" defaultValue={proposal?.name} />
        <TextArea form={form} name="description" label="What it is (optional)" rows={3} defaultValue={proposal?.description} />
        <TextField form={form} name="cost" label="Cost" prefix="£" inputMode="numeric" width="medium" defaultValue={proposal?.cost} />
        {round.localities.length > 0 && (
          <SelectField
            form={form}
            name="locality"
            label="Locality"
            defaultValue={proposal?.locality}
            empty="Choose a locality"
            options={round.localities.map((l) => ({ value: l.name, label: l.name }))}
          />
        )}
        <TextField
          form={form}
          name="category"
          label="Category (optional)"
          hint="Such as sport, environment or young people"
          width="medium"
          defaultValue={proposal?.category}
        />
        <TextField form={form} name="proposedBy" label="Proposed by (optional)" defaultValue={proposal?.proposedBy} />
        <Choices
          form={form}
          name="proposerKind"
          type="radio"
          inline
          label="Proposed by a"
          checked={[proposal?.proposerKind ?? 'group']}
          options={[
            { value: 'group', label: 'Group' },
            { value: 'resident', label: 'Resident' },
          ]}
        />
        <TextArea
          form={form}
          name="evidenceOfNeed"
          label="Evidence of need"
          hint="Shown on the ballot, so voters understand why it matters"
          rows={3}
          defaultValue={proposal?.evidenceOfNeed}
        />
        <TextField
          form={form}
          name="deliveredBy"
          label="Who will deliver it"
          hint="Shown on the ballot"
          defaultValue={proposal?.deliveredBy}
        />
        <Choices
          form={form}
          name="eligibility"
          type="radio"
          label="Eligibility check"
          checked={[proposal?.eligibility ?? 'pending']}
          options={Object.entries(ELIGIBILITY_WORDS).map(([value, label]) => ({ value, label }))}
        />
        <TextArea
          form={form}
          name="eligibilityReason"
          label="Reason (needed when not eligible)"
          rows={2}
          defaultValue={proposal?.eligibilityReason}
        />
        <Submit form={form}>{proposal ? 'Save changes' : 'Add the proposal'}</Submit>
      </form>
    </Page>
  );
}
