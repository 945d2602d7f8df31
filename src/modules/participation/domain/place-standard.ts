/**
 * The Place Standard tool's scores (issue 18, points 6–8): 14 themes, each scored 1–7 (1: a lot of
 * room for improvement, 7: very little), by locality and wave. The summary per locality, wave and
 * theme: how many scored the theme, their median and their mean (to 2 decimals). A locality and wave
 * with fewer respondents than the disclosure threshold (default 5) shows its counts but no median or
 * mean, in every format, and is not charted.
 *
 * Themes are stored by number with a labelled version, so a later wording of the tool can be added
 * beside this one without changing what was scored.
 */

export const PLACE_STANDARD_THEMES_2017: readonly string[] = [
  'Moving around',
  'Public transport',
  'Traffic and parking',
  'Streets and spaces',
  'Natural space',
  'Play and recreation',
  'Facilities and amenities',
  'Work and local economy',
  'Housing and community',
  'Social contact',
  'Identity and belonging',
  'Feeling safe',
  'Care and maintenance',
  'Influence and sense of control',
];

export const DEFAULT_PLACE_THRESHOLD = 5;

export interface PlaceResponse {
  respondent: string;
  locality: string;
  wave: string;
  /** One per theme, in theme order: 1–7, or null where not answered. */
  scores: readonly (number | null)[];
}

export interface ThemeSummary {
  locality: string;
  wave: string;
  theme: number;
  themeName: string;
  responses: number;
  /** null where the locality and wave are under the threshold, or nobody scored the theme. */
  median: number | null;
  mean: number | null;
  /** Respondents in the locality and wave (any theme). */
  respondents: number;
  suppressed: boolean;
}

function median(sorted: readonly number[]): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Half away from zero, on the exact quotient (scores are whole numbers, so sum ÷ count is exact enough to round by integers). */
function meanTo2(sum: number, count: number): number {
  const hundredths = Math.floor((sum * 200 + count) / (2 * count));
  return hundredths / 100;
}

const key = (s: string) => s.trim().toLocaleLowerCase('en-GB');

/** Rows by locality (alphabetical), wave (as numbers where they are, else alphabetical), then theme. */
export function placeSummary(
  responses: readonly PlaceResponse[],
  themes: readonly string[] = PLACE_STANDARD_THEMES_2017,
  threshold = DEFAULT_PLACE_THRESHOLD,
): ThemeSummary[] {
  const groups = new Map<string, { locality: string; wave: string; rows: PlaceResponse[] }>();
  for (const r of responses) {
    const k = `${key(r.locality)}\u0000${key(r.wave)}`;
    const g = groups.get(k);
    if (g) g.rows.push(r);
    else groups.set(k, { locality: r.locality.trim(), wave: r.wave.trim(), rows: [r] });
  }
  const waveOrder = (a: string, b: string) => {
    const na = Number(a);
    const nb = Number(b);
    return Number.isFinite(na) && Number.isFinite(nb) && a !== '' && b !== '' ? na - nb : a.localeCompare(b, 'en-GB');
  };
  const ordered = [...groups.values()].sort((a, b) => a.locality.localeCompare(b.locality, 'en-GB') || waveOrder(a.wave, b.wave));
  const out: ThemeSummary[] = [];
  for (const g of ordered) {
    const respondents = new Set(g.rows.map((r) => key(r.respondent))).size;
    const suppressed = respondents < threshold;
    themes.forEach((themeName, t) => {
      const scores = g.rows.map((r) => r.scores[t]).filter((s): s is number => typeof s === 'number');
      scores.sort((a, b) => a - b);
      const sum = scores.reduce((s, x) => s + x, 0);
      out.push({
        locality: g.locality,
        wave: g.wave,
        theme: t + 1,
        themeName,
        responses: scores.length,
        median: suppressed || scores.length === 0 ? null : median(scores),
        mean: suppressed || scores.length === 0 ? null : meanTo2(sum, scores.length),
        respondents,
        suppressed,
      });
    });
  }
  return out;
}

/** A row as `cairn placestandard summary` writes it. */
export function placeSummaryRow(s: ThemeSummary): Record<string, string> {
  return {
    locality: s.locality,
    wave: s.wave,
    theme: String(s.theme),
    theme_name: s.themeName,
    responses: String(s.responses),
    median: s.median === null ? '' : String(s.median),
    mean: s.mean === null ? '' : s.mean.toFixed(2),
  };
}

export interface PlaceRowProblem {
  row: number;
  field: string;
  message: string;
}

/**
 * A scores file's rows (`respondent,locality,wave,theme_1,…,theme_14`; header already matched) as
 * responses, or every problem, each naming its row and field. A blank score is "not answered".
 */
export function readPlaceRows(
  rows: readonly Record<string, string>[],
  themeCount = PLACE_STANDARD_THEMES_2017.length,
  scale = 7,
): { responses: PlaceResponse[]; problems: PlaceRowProblem[] } {
  const problems: PlaceRowProblem[] = [];
  const responses: PlaceResponse[] = [];
  const seen = new Map<string, number>();
  rows.forEach((r, i) => {
    const row = i + 2;
    for (const field of ['respondent', 'locality', 'wave'])
      if (!(r[field] ?? '').trim()) problems.push({ row, field, message: `Enter the ${field}` });
    const scores: (number | null)[] = [];
    for (let t = 1; t <= themeCount; t++) {
      const field = `theme_${t}`;
      const text = (r[field] ?? '').trim();
      if (text === '') scores.push(null);
      else if (/^\d+$/.test(text) && Number(text) >= 1 && Number(text) <= scale) scores.push(Number(text));
      else {
        problems.push({ row, field, message: `"${text}" is not a score from 1 to ${scale} (leave it blank if not answered)` });
        scores.push(null);
      }
    }
    const who = `${key(r.respondent ?? '')}\u0000${key(r.wave ?? '')}`;
    if ((r.respondent ?? '').trim() && seen.has(who))
      problems.push({
        row,
        field: 'respondent',
        message: `Respondent ${r.respondent!.trim()} already answered wave ${r.wave?.trim()} on row ${seen.get(who)}`,
      });
    seen.set(who, row);
    responses.push({ respondent: (r.respondent ?? '').trim(), locality: (r.locality ?? '').trim(), wave: (r.wave ?? '').trim(), scores });
  });
  return { responses: problems.length ? [] : responses, problems };
}
