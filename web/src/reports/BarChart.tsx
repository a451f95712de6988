import { For } from "solid-js";
import { t } from "../i18n";

export interface Bar {
  label: string;
  value: number;
  /** The value as the page prints it (rounding and units), drawn next to the bar. */
  text: string;
  tone: "before" | "after";
}

interface BarChartProps {
  id: string;
  title: string;
  /** The whole chart in words (the accessible name): every bar's label and value. */
  description: string;
  bars: readonly Bar[];
}

const WIDTH = 480;
const LABEL_WIDTH = 90;
const VALUE_WIDTH = 110;
const ROW = 44;
const BAR = 28;

/**
 * A horizontal bar chart in SVG, one bar per value, each with its value
 * written next to it (so no colour or length has to be read). Screen readers
 * get it as one image whose name states every value; the same figures are in
 * the tables beside it.
 */
export function BarChart(props: BarChartProps) {
  const max = () => Math.max(0, ...props.bars.map((b) => b.value));
  const length = (value: number) =>
    max() === 0 ? 0 : Math.max(0, (value / max()) * (WIDTH - LABEL_WIDTH - VALUE_WIDTH));
  const height = () => props.bars.length * ROW + 8;
  return (
    <figure class="chart" aria-labelledby={`${props.id}-caption`}>
      <figcaption id={`${props.id}-caption`} class="chart-title">
        {props.title}
      </figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${height()}`}
        width="100%"
        role="img"
        aria-label={props.description}
        preserveAspectRatio="xMinYMin meet"
      >
        <For each={props.bars}>
          {(bar, i) => (
            <g transform={`translate(0 ${i() * ROW + 4})`}>
              <text x="0" y={BAR / 2} dominant-baseline="central" class="chart-label">
                {bar.label}
              </text>
              <rect
                x={LABEL_WIDTH}
                y="0"
                width={length(bar.value)}
                height={BAR}
                rx="3"
                class={`chart-bar chart-bar-${bar.tone}`}
              />
              <text
                x={LABEL_WIDTH + length(bar.value) + 8}
                y={BAR / 2}
                dominant-baseline="central"
                class="chart-value"
              >
                {bar.text}
              </text>
            </g>
          )}
        </For>
        <line x1={LABEL_WIDTH} x2={LABEL_WIDTH} y1="0" y2={height()} class="chart-axis" />
      </svg>
    </figure>
  );
}

/** One figure compared before and after, e.g. t-CO₂ a year. */
export interface BeforeAfterMetric {
  id: string;
  title: string;
  before: number;
  after: number;
  /** How the page prints the figure (rounding and units). */
  text: (value: number) => string;
}

/** The metric of one figure on both sides of a comparison, e.g. `(side) => side.tCO2`. */
export function sideMetric<S>(
  sides: { before: S; after: S },
  figure: (side: S) => number,
  metric: Omit<BeforeAfterMetric, "before" | "after">,
): BeforeAfterMetric {
  return { ...metric, before: figure(sides.before), after: figure(sides.after) };
}

/** A metric in words, the chart's accessible name: "t-CO₂: before 566.9, after 394.3". */
const described = (metric: BeforeAfterMetric) =>
  t("reports.chart.label", {
    metric: metric.title,
    before: metric.text(metric.before),
    after: metric.text(metric.after),
  });

/** A grid of before/after bar charts, one per metric, each described in words (its accessible name). */
export function BeforeAfterCharts(props: {
  metrics: readonly BeforeAfterMetric[];
  beforeLabel: string;
  afterLabel: string;
}) {
  return (
    <div class="chart-grid">
      <For each={props.metrics}>
        {(metric) => (
          <BarChart
            id={metric.id}
            title={metric.title}
            description={described(metric)}
            bars={[
              {
                label: props.beforeLabel,
                value: metric.before,
                text: metric.text(metric.before),
                tone: "before",
              },
              {
                label: props.afterLabel,
                value: metric.after,
                text: metric.text(metric.after),
                tone: "after",
              },
            ]}
          />
        )}
      </For>
    </div>
  );
}
