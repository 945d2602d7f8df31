/**
 * A survey's summary per locality, wave and theme (domain/place-standard.ts: responses, median, mean;
 * nothing but counts under the survey's threshold) and its compass (domain/place-compass.ts), drawn on a
 * worker thread as SVG and PNG. A group's agreed response counts as one response. The survey is one
 * version (adult, young people's or children's), so versions never mix here; waves are rows.
 */
import { asc, eq } from 'drizzle-orm';
import type { Queryable } from '../../../db/database.js';
import { Invalid } from '../../../errors.js';
import { csvOf } from '../../../spreadsheet/write.js';
import { asBuffer, runTask } from '../../../workers/pool.js';
import { type Compass, type CompassPick, compassOf, compassSpec } from '../domain/place-compass.js';
import { type ThemeSummary, placeSummary, placeSummaryRow } from '../domain/place-standard.js';
import { placeThemes } from '../domain/place-wording.js';
import { placeResponses } from './schema.js';
import type { PlaceSurvey } from './service.js';

export const SUMMARY_COLUMNS = ['locality', 'wave', 'theme', 'theme_name', 'responses', 'median', 'mean'] as const;

async function responsesOf(db: Queryable, survey: PlaceSurvey) {
  return db
    .select()
    .from(placeResponses)
    .where(eq(placeResponses.surveyId, survey.id))
    .orderBy(asc(placeResponses.locality), asc(placeResponses.wave), asc(placeResponses.respondent));
}

export async function surveySummary(db: Queryable, survey: PlaceSurvey): Promise<ThemeSummary[]> {
  const rows = await responsesOf(db, survey);
  const names = placeThemes(survey.wording, survey.version).map((t) => t.name);
  return placeSummary(
    rows.map((r) => ({ respondent: r.respondent, locality: r.locality, wave: r.wave, scores: r.scores })),
    names,
    survey.threshold,
  );
}

/** `locality,wave,theme,theme_name,responses,median,mean`, spreadsheet-safe. */
export function summaryCsv(rows: readonly ThemeSummary[]): string {
  return csvOf([[...SUMMARY_COLUMNS], ...rows.map((r) => SUMMARY_COLUMNS.map((c) => placeSummaryRow(r)[c]!))]);
}

export interface CompassAnswer {
  compass: Compass;
  /** The accessible table beside the chart: per theme, each series' responses, median and mean. */
  table: { theme: number; name: string; series: { responses: number; median: number | null; mean: number | null }[] }[];
  /** What residents wrote, by theme, for the localities and waves charted. */
  comments: { theme: number; name: string; good: string[]; better: string[] }[];
}

/** The compass of one or two localities and waves (the first charted one when none is picked). */
export async function compassFor(db: Queryable, survey: PlaceSurvey, picks: CompassPick[]): Promise<CompassAnswer> {
  const summary = await surveySummary(db, survey);
  const themes = placeThemes(survey.wording, survey.version).map((t) => t.name);
  if (picks.length === 0) {
    const first = summary.find((r) => !r.suppressed) ?? summary[0];
    if (first) picks = [{ locality: first.locality, wave: first.wave }];
  }
  if (picks.length > 2) throw new Invalid('A compass can overlay two localities or waves at most');
  const compass = compassOf(summary, picks, {
    title: `${survey.title}: Place Standard compass`,
    scale: survey.scale,
    threshold: survey.threshold,
    themes,
  });
  const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
  const table = themes.map((name, i) => ({
    theme: i + 1,
    name,
    series: compass.series.map((s) => {
      const row = summary.find((r) => r.theme === i + 1 && same(r.locality, s.locality) && same(r.wave, s.wave))!;
      return { responses: row.responses, median: row.median, mean: row.mean };
    }),
  }));
  const charted = (await responsesOf(db, survey)).filter((r) =>
    compass.series.some((s) => same(s.locality, r.locality) && same(s.wave, r.wave)),
  );
  const comments = themes.map((name, i) => ({
    theme: i + 1,
    name,
    good: charted.map((r) => r.comments[i]?.good ?? '').filter(Boolean),
    better: charted.map((r) => r.comments[i]?.better ?? '').filter(Boolean),
  }));
  return { compass, table, comments };
}

export const compassSvg = (compass: Compass): Promise<string> =>
  runTask('svg', { spec: compassSpec(compass), title: compass.title, description: compass.description, id: 'compass' });
export const compassPng = async (svg: string): Promise<Buffer> => asBuffer(await runTask('png', { svg }));
