/** Figures C.1–C.19 as data: what the service draws, the worker's Word report reads, and the CLI saves. */
import type { FigureDefinition, GroupedBarChart } from '../domain/figures.js';

export interface DrawnFigure {
  definition: FigureDefinition;
  chart: GroupedBarChart;
  svg: string;
}
export interface SkippedFigure {
  definition: FigureDefinition;
  caption: string;
  reason: string;
}
export interface FigureSet {
  programme: { slug: string; name: string };
  /** The description says, for instance, that a demo evaluation's people are made up: the report repeats it. */
  evaluation: { slug: string; title: string; description: string; disclosureThreshold: number };
  /** Respondents with consent given: everyone a figure counts; null when that number is suppressed. */
  counted: number | null;
  drawn: DrawnFigure[];
  skipped: SkippedFigure[];
  includeSmallGroups: boolean;
}
