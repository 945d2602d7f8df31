// The Place Standard compass: the server draws it (SVG and PNG, src/modules/participation/domain/place-compass.ts),
// and the page shows the picture, the same figures as a table, why any locality or wave is left out, and
// what residents wrote under each theme.
import { type FormEvent, useState } from 'react';
import { qs } from '../../api/index.js';
import { useApi } from '../../app/data.js';
import { useProgramme } from '../../app/programme-frame.js';
import { navigate, useLocation } from '../../app/router.js';
import { Failed, Loading, Page, Table } from '../../ui/index.js';
import { type PlaceCompass, type PlaceSurveyDetail, surveyPath } from './types.js';

const num = (n: number | null) => (n === null ? '–' : String(n));
const mean = (n: number | null) => (n === null ? '–' : n.toFixed(2));

export function CompassPage({ slug }: { slug: string }) {
  const { api, base, crumbs } = useProgramme();
  const survey = useApi<{ data: PlaceSurveyDetail }>(`${api}/place-surveys/${encodeURIComponent(slug)}`);
  const { search, path } = useLocation();
  const picked = {
    locality: search.get('locality') ?? undefined,
    wave: search.get('wave') ?? undefined,
    locality2: search.get('locality2') ?? undefined,
    wave2: search.get('wave2') ?? undefined,
  };
  const query = qs(picked);
  const compass = useApi<{ data: PlaceCompass }>(`${api}/place-surveys/${encodeURIComponent(slug)}/compass${query}`);
  if (survey.state === 'loading') return <Loading what="survey" />;
  if (survey.state === 'error') return <Failed error={survey.error} retry={survey.reload} />;
  const s = survey.data.data;
  const here = surveyPath(base, s.slug);
  const file = (ext: 'svg' | 'png') => `/api/v1${api}/place-surveys/${encodeURIComponent(s.slug)}/compass.${ext}${query}`;
  const trail = crumbs({ href: `${base}/place-standard`, label: 'Place Standard' }, { href: here, label: s.title });

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const pick = (name: string) => s.groups[Number(form.get(name))];
    const first = pick('first');
    const second = form.get('second') === '' ? undefined : pick('second');
    navigate(`${path}${qs({ locality: first?.locality, wave: first?.wave, locality2: second?.locality, wave2: second?.wave })}`);
  };
  const shown = compass.state === 'ready' ? compass.data.data : null;
  const indexOf = (locality: string | undefined, wave: string | undefined) =>
    s.groups.findIndex((g) => g.locality.toLowerCase() === (locality ?? '').toLowerCase() && g.wave === wave);
  const firstIndex = shown?.compass.series[0]
    ? indexOf(shown.compass.series[0].locality, shown.compass.series[0].wave)
    : indexOf(picked.locality, picked.wave);
  const label = (g: PlaceSurveyDetail['groups'][number]) =>
    `${g.locality || 'Locality not given'}, wave ${g.wave} (${g.responses} ${g.responses === 1 ? 'response' : 'responses'}${g.charted ? '' : ', too few to chart'})`;

  return (
    <Page title={`Compass – ${s.title}`} heading="Place Standard compass" caption={s.title} breadcrumbs={trail}>
      <p>
        Each spoke is one of the 14 themes, scored from 1 at the centre to {s.scale} at the edge: the points nearest the centre are where
        people see most room for improvement. Localities and waves with fewer than {s.threshold} respondents are not charted, so nobody’s
        answers can be picked out.
      </p>
      {s.groups.length === 0 ? (
        <p>No responses yet, so there is nothing to chart.</p>
      ) : (
        <form className="search" action={path} method="get" onSubmit={submit}>
          <div className="search-fields">
            <div className="form-group">
              <label className="label" htmlFor="compass-first">
                Locality and wave
              </label>
              <select id="compass-first" name="first" className="select" defaultValue={String(Math.max(0, firstIndex))} key={firstIndex}>
                {s.groups.map((g, i) => (
                  <option key={`${g.locality}|${g.wave}`} value={i}>
                    {label(g)}
                  </option>
                ))}
              </select>
            </div>
            <div className="form-group">
              <label className="label" htmlFor="compass-second">
                Compare with (optional)
              </label>
              <select id="compass-second" name="second" className="select" defaultValue={String(indexOf(picked.locality2, picked.wave2))}>
                <option value="">Nothing</option>
                {s.groups.map((g, i) => (
                  <option key={`${g.locality}|${g.wave}`} value={i}>
                    {label(g)}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <button type="submit" className="button secondary">
            Show compass
          </button>
        </form>
      )}
      {compass.state === 'loading' && <Loading what="compass" />}
      {compass.state === 'error' && <Failed error={compass.error} retry={compass.reload} />}
      {shown && <CompassView view={shown} file={file} />}
    </Page>
  );
}

function CompassView({ view, file }: { view: PlaceCompass; file: (ext: 'svg' | 'png') => string }) {
  const [failed, setFailed] = useState(false);
  const { compass, table, comments } = view;
  return (
    <>
      {compass.notCharted.map((n) => (
        <p className="inset" key={n.label}>
          {n.reason}
        </p>
      ))}
      {compass.series.length > 0 && (
        <>
          <figure className="chart" style={{ margin: '0 0 20px', maxWidth: '100%' }}>
            {failed ? (
              <p className="inset">The compass picture could not be loaded. Its figures are in the table below.</p>
            ) : (
              <img
                src={file('svg')}
                alt={compass.description}
                style={{ width: '100%', maxWidth: '48rem', height: 'auto', display: 'block' }}
                onError={() => setFailed(true)}
              />
            )}
          </figure>
          <ul className="actions">
            <li>
              <a href={file('png')} download>
                Download PNG<span className="visually-hidden"> of the compass</span>
              </a>
            </li>
            <li>
              <a href={file('svg')} download>
                Download SVG<span className="visually-hidden"> of the compass</span>
              </a>
            </li>
          </ul>
          <Table
            caption="The compass’s figures: responses, median and mean score of each theme"
            head={['Theme', ...compass.series.flatMap((s) => [`${s.label}: responses`, 'Median', 'Mean'])]}
          >
            {table.map((row) => (
              <tr key={row.theme}>
                <th scope="row">{row.name}</th>
                {row.series.flatMap((x, i) => [
                  <td className="numeric" key={`${i}r`}>
                    {x.responses}
                  </td>,
                  <td className="numeric" key={`${i}m`}>
                    {num(x.median)}
                  </td>,
                  <td className="numeric" key={`${i}a`}>
                    {mean(x.mean)}
                  </td>,
                ])}
              </tr>
            ))}
          </Table>
          <h2>What people said</h2>
          {comments.every((c) => c.good.length + c.better.length === 0) ? (
            <p>Nobody wrote comments for the localities and waves shown.</p>
          ) : (
            comments
              .filter((c) => c.good.length + c.better.length > 0)
              .map((c) => (
                <details key={c.theme}>
                  <summary>
                    {c.name} ({c.good.length + c.better.length} comments)
                  </summary>
                  {c.good.length > 0 && (
                    <>
                      <h3>What is good here</h3>
                      <ul>
                        {c.good.map((g, i) => (
                          <li key={i}>{g}</li>
                        ))}
                      </ul>
                    </>
                  )}
                  {c.better.length > 0 && (
                    <>
                      <h3>What could be better</h3>
                      <ul>
                        {c.better.map((g, i) => (
                          <li key={i}>{g}</li>
                        ))}
                      </ul>
                    </>
                  )}
                </details>
              ))
          )}
        </>
      )}
    </>
  );
}
