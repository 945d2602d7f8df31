// Setting a partnership's allowance (start and end of support, facilitator days, credit, day rate) and
// the programme's support settings (hours in a facilitator day, the warnings' thresholds): programme
// managers. Each save sends the version the page loaded, so nobody's change is lost unseen.
import { put } from '../api/index.js';
import { useApi } from '../app/data.js';
import { useProgramme } from '../app/programme-frame.js';
import { navigate } from '../app/router.js';
import { DateField } from '../ui/date-input.js';
import { ErrorSummary, Submit, TextField, type Values, useForm } from '../ui/forms.js';
import { Failed, Loading, NotAllowed, NotFound, Page } from '../ui/index.js';
import { supportCrumbs } from './types.js';

interface AllowanceRow {
  partnershipId: string;
  partnershipName: string;
  allowance: {
    startOn: string;
    endOn: string;
    daysAllowed: number;
    creditAllowedPence: number;
    dayRatePence: number;
    version: string;
  } | null;
}
interface Settings {
  minutesPerDay: number;
  contactWeeks: number;
  recommendedDaysPerYear: number;
  creditTimeSharePercent: number;
  version?: string;
}

/**
 * Reads an amount that must be a number of at least 0, in hundredths (pence, hundredths of a day). What
 * is wrong is noted (naming the field in words) and -1 is sent, so the server's problems with the other
 * fields come back in the same answer and every problem shows at once (the page's words win).
 */
function hundredths(v: Values, name: string, words: string): number {
  const n = v.number(name, `Enter ${words} as a number, like 350 or 7.5`);
  if (n === null) v.problems.push({ field: name, message: `Enter ${words}` });
  else if (typeof n === 'number' && n < 0)
    v.problems.push({ field: name, message: `${words[0]!.toUpperCase()}${words.slice(1)} cannot be negative` });
  return typeof n === 'number' && n >= 0 ? Math.round(n * 100) : -1;
}

export function AllowanceForm({ partnershipId }: { partnershipId: string }) {
  const { api, base, crumbs } = useProgramme();
  const list = useApi<{ data: AllowanceRow[]; abilities: { update: boolean } }>(`${api}/support/allowances`);
  const row = list.state === 'ready' ? list.data.data.find((r) => r.partnershipId === partnershipId) : undefined;
  const form = useForm(
    async (v) => {
      const startOn = v.date('startOn', 'the start of support', { required: true });
      const endOn = v.date('endOn', 'the end of support', { required: true });
      await put(
        `${api}/support/allowances/${partnershipId}`,
        {
          startOn,
          endOn,
          dayHundredths: hundredths(v, 'daysAllowed', 'the facilitator days allowed'),
          creditAllowedPence: hundredths(v, 'creditAllowed', 'the credit allowed'),
          dayRatePence: hundredths(v, 'dayRate', 'the day rate'),
        },
        row?.allowance?.version,
      );
      navigate(`${base}/support/allowances?saved=${partnershipId}`);
    },
    {
      fieldOf: (path) =>
        ({ dayHundredths: 'daysAllowed', creditAllowedPence: 'creditAllowed', dayRatePence: 'dayRate' })[String(path[0])] ??
        String(path[0] ?? ''),
      onReload: list.reload,
    },
  );
  const trail = supportCrumbs(crumbs, base, { href: `${base}/support/allowances`, label: 'Allowances' });
  if (list.state === 'loading') return <Loading what="allowance" />;
  if (list.state === 'error') return <Failed error={list.error} retry={list.reload} />;
  if (!row) return <NotFound detail="There is no such partnership in this programme." />;
  const title = `Allowance for ${row.partnershipName}`;
  if (!list.data.abilities.update)
    return (
      <Page title={title} breadcrumbs={trail}>
        <NotAllowed>Only programme managers can set allowances.</NotAllowed>
      </Page>
    );
  const a = row.allowance;
  const money = (pence: number | undefined) => (pence === undefined ? '' : (pence / 100).toFixed(2).replace(/\.00$/, ''));
  return (
    <Page title={title} breadcrumbs={trail}>
      <form onSubmit={form.onSubmit} noValidate key={a?.version ?? 'new'}>
        <ErrorSummary form={form} />
        <DateField form={form} name="startOn" label="When does support start?" defaultValue={a?.startOn} />
        <DateField
          form={form}
          name="endOn"
          label="When does support end?"
          hint="The last day of support, for example 31 3 2028"
          defaultValue={a?.endOn}
        />
        <TextField
          form={form}
          name="daysAllowed"
          label="Facilitator days allowed"
          hint="Over the whole support period, like 24 or 24.5"
          width="short"
          inputMode="decimal"
          defaultValue={a?.daysAllowed}
        />
        <TextField
          form={form}
          name="creditAllowed"
          label="Credit allowed"
          hint="For the group to spend as it chooses, over the whole period"
          prefix="£"
          width="short"
          inputMode="decimal"
          defaultValue={money(a?.creditAllowedPence)}
        />
        <TextField
          form={form}
          name="dayRate"
          label="Day rate"
          hint="What a facilitator day costs; days and credit are traded at this rate"
          prefix="£"
          width="short"
          inputMode="decimal"
          defaultValue={money(a?.dayRatePence)}
        />
        <Submit form={form}>Save the allowance</Submit>
      </form>
    </Page>
  );
}

export function SettingsForm() {
  const { api, base, crumbs } = useProgramme();
  const loaded = useApi<{ data: Settings; abilities: { update: boolean } }>(`${api}/support/settings`);
  const form = useForm(
    async (v) => {
      const hours = hundredths(v, 'hoursPerDay', 'the hours in a facilitator day');
      const whole = (name: string, words: string) => {
        const n = v.number(name, `Enter ${words} as a whole number`, { whole: true });
        if (n === null) v.problems.push({ field: name, message: `Enter ${words}` });
        return typeof n === 'number' ? n : -1;
      };
      const contactWeeks = whole('contactWeeks', 'the weeks without contact');
      const recommendedDaysPerYear = whole('recommendedDaysPerYear', 'the recommended days a year');
      const creditTimeSharePercent = whole('creditTimeSharePercent', 'the share of time left');
      await put(`${api}/support/settings`, {
        minutesPerDay: hours < 0 ? -1 : Math.round((hours * 60) / 100),
        contactWeeks,
        recommendedDaysPerYear,
        creditTimeSharePercent,
      });
      navigate(`${base}/support/allowances?saved=settings`);
    },
    {
      fieldOf: (path) => (path[0] === 'minutesPerDay' ? 'hoursPerDay' : String(path[0] ?? '')),
      onReload: loaded.reload,
    },
  );
  const trail = supportCrumbs(crumbs, base, { href: `${base}/support/allowances`, label: 'Allowances' });
  if (loaded.state === 'loading') return <Loading what="settings" />;
  if (loaded.state === 'error') return <Failed error={loaded.error} retry={loaded.reload} />;
  const s = loaded.data.data;
  if (!loaded.data.abilities.update)
    return (
      <Page title="Support settings" breadcrumbs={trail}>
        <NotAllowed>Only programme managers can change the support settings.</NotAllowed>
      </Page>
    );
  return (
    <Page title="Support settings" breadcrumbs={trail}>
      <form onSubmit={form.onSubmit} noValidate key={s.version ?? 'defaults'}>
        <ErrorSummary form={form} />
        <TextField
          form={form}
          name="hoursPerDay"
          label="Hours in a facilitator day"
          hint="Logged hours are turned into days at this rate. Usually 7"
          width="short"
          inputMode="decimal"
          defaultValue={+(s.minutesPerDay / 60).toFixed(2)}
        />
        <TextField
          form={form}
          name="contactWeeks"
          label="Warn after how many weeks without contact?"
          hint="Usually 8: a partnership is flagged when more than 56 days have passed since its last contact"
          width="short"
          inputMode="numeric"
          defaultValue={s.contactWeeks}
        />
        <TextField
          form={form}
          name="recommendedDaysPerYear"
          label="Recommended facilitator days a year"
          hint="Warn when a partnership is on course for fewer. Usually 8"
          width="short"
          inputMode="numeric"
          defaultValue={s.recommendedDaysPerYear}
        />
        <TextField
          form={form}
          name="creditTimeSharePercent"
          label="Warn of unspent credit when less than this share of the support period is left (per cent)"
          hint="Usually 25"
          width="short"
          inputMode="numeric"
          defaultValue={s.creditTimeSharePercent}
        />
        <Submit form={form}>Save the settings</Submit>
      </form>
    </Page>
  );
}
