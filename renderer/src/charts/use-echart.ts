/** One ECharts canvas on a host element: created on mount, resized with the element, disposed on unmount. */
import { type ECharts, init } from 'echarts/core';
import { type RefObject, useEffect, useRef } from 'react';

export function useEChart(): { hostRef: RefObject<HTMLDivElement | null>; chartRef: RefObject<ECharts | null> } {
  const hostRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<ECharts | null>(null);
  useEffect(() => {
    const host = hostRef.current;
    if (host === null) return;
    const chart = init(host, null, { renderer: 'canvas' });
    chartRef.current = chart;
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(host);
    return () => {
      observer.disconnect();
      chart.dispose();
      chartRef.current = null;
    };
  }, []);
  return { hostRef, chartRef };
}
