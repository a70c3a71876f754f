import { useEffect, useRef } from 'react';
import { theme } from 'antd';
import { echarts } from './echarts';

interface Props {
  /** One bar per town, in the order given. */
  data: { name: string; value: number }[];
  valueLabel: string;
}

const ROW_HEIGHT = 26;

/** 11,937 as on the cards beside the chart. */
const thousands = (n: number) => n.toLocaleString('en-US');

// Horizontal bars: 17 town names read well down the side on a phone, where vertical bars
// would need rotated, overlapping labels.
export default function TownBarChart({ data, valueLabel }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const { token } = theme.useToken();

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const chart = echarts.init(el, undefined, { renderer: 'canvas' });
    const sorted = [...data].sort((a, b) => a.value - b.value);
    chart.setOption({
      grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      // The bars carry their own figures: the axis shows few ticks, so they do not run together on a phone.
      xAxis: { type: 'value', splitNumber: 3, axisLabel: { color: token.colorTextSecondary, formatter: thousands, hideOverlap: true } },
      yAxis: {
        type: 'category',
        data: sorted.map((d) => d.name),
        axisLabel: { color: token.colorText, fontSize: 12 },
        axisTick: { show: false },
      },
      series: [
        {
          name: valueLabel,
          type: 'bar',
          data: sorted.map((d) => d.value),
          itemStyle: { color: token.colorPrimary, borderRadius: [0, 3, 3, 0] },
          barMaxWidth: 18,
          label: { show: true, position: 'right', color: token.colorTextSecondary, fontSize: 11, formatter: (p: { value: number }) => thousands(p.value) },
        },
      ],
    });
    // The chart follows its box (window resize, drawer, sider), not only the window.
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      chart.dispose();
    };
  }, [data, valueLabel, token]);

  return <div ref={ref} style={{ width: '100%', height: Math.max(200, data.length * ROW_HEIGHT + 40) }} data-testid="town-chart" />;
}
