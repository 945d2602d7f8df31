/**
 * The support charts as vega-lite specs, in the house look (src/charts/style.ts): the burn-down (days
 * and credit left at each month's end beside an even pace) and cost a year per partnership.
 */
import type { TopLevelSpec } from 'vega-lite';
import { CHART_FONT_STACK, COLOURS, SERIES_COLOURS } from '../../../charts/style.js';
import type { BurnDownPoint } from './ledger.js';

const WIDTH = 560;
const config = {
  font: CHART_FONT_STACK,
  background: COLOURS.background,
  view: { stroke: null },
  axis: {
    labelColor: COLOURS.text,
    titleColor: COLOURS.text,
    labelFontSize: 12,
    titleFontSize: 12,
    titleFontWeight: 'bold',
    domainColor: COLOURS.axis,
    tickColor: COLOURS.axis,
    gridColor: COLOURS.grid,
  },
  legend: { labelColor: COLOURS.text, titleColor: COLOURS.text, labelFontSize: 12, titleFontSize: 12, orient: 'bottom' },
  title: { color: COLOURS.text, subtitleColor: COLOURS.text, fontSize: 16, subtitleFontSize: 12, anchor: 'start', offset: 14 },
} as const;

function panel(points: readonly BurnDownPoint[], key: 'days' | 'credit', title: string) {
  const values = points.flatMap((p) => [
    { date: p.date, line: 'Left', value: key === 'days' ? p.daysLeft : p.creditLeft },
    { date: p.date, line: 'At an even pace', value: key === 'days' ? p.daysPlanned : p.creditPlanned },
  ]);
  return {
    width: WIDTH,
    height: 160,
    title: { text: title, fontSize: 13 },
    data: { values: values.filter((v) => v.value !== null) },
    mark: { type: 'line' as const, point: true, strokeWidth: 2 },
    encoding: {
      x: { field: 'date', type: 'temporal' as const, title: 'Month end', axis: { format: '%b %Y', labelAngle: 0, tickCount: 6 } },
      y: { field: 'value', type: 'quantitative' as const, title: key === 'days' ? 'Days' : 'Pounds', scale: { zero: true } },
      color: {
        field: 'line',
        type: 'nominal' as const,
        title: null,
        scale: { domain: ['Left', 'At an even pace'], range: [SERIES_COLOURS[0]!, COLOURS.axis] },
      },
      strokeDash: {
        field: 'line',
        type: 'nominal' as const,
        scale: {
          domain: ['Left', 'At an even pace'],
          range: [
            [1, 0],
            [6, 4],
          ],
        },
        legend: null,
      },
    },
  };
}

export function burnDownSpec(points: readonly BurnDownPoint[], title: string): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: { text: title, subtitle: 'Facilitator days and credit left at each month’s end, beside an even pace over the support period' },
    config,
    vconcat: [panel(points, 'days', 'Facilitator days left'), panel(points, 'credit', 'Credit left (£)')],
  } as TopLevelSpec;
}

export function costSpec(rows: readonly { name: string; costPerYear: number }[], mean: number | null, title: string): TopLevelSpec {
  const bars = {
    data: { values: rows },
    mark: { type: 'bar' as const, color: COLOURS.bar },
    encoding: {
      y: { field: 'name', type: 'nominal' as const, title: null, sort: null, axis: { labelLimit: 220 } },
      x: { field: 'costPerYear', type: 'quantitative' as const, title: 'Cost a year (£)' },
    },
  };
  const layers: object[] = [bars];
  if (mean !== null)
    layers.push({
      data: { values: [{ mean, label: `Average £${mean.toLocaleString('en-GB')}` }] },
      layer: [
        { mark: { type: 'rule', color: COLOURS.text, strokeDash: [4, 3] }, encoding: { x: { field: 'mean', type: 'quantitative' } } },
        {
          mark: { type: 'text', align: 'left', dx: 4, dy: -6, y: 0, color: COLOURS.text },
          encoding: { x: { field: 'mean', type: 'quantitative' }, text: { field: 'label' } },
        },
      ],
    });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: { text: title, subtitle: 'Days used × day rate + credit spent + shares of event costs, ÷ the support period in years' },
    config,
    width: WIDTH,
    height: { step: 22 },
    layer: layers,
  } as TopLevelSpec;
}
