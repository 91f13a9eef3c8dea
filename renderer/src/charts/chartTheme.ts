/** One palette for every chart and overlay, matched to the CSS custom properties in styles.css. */
export const chartTheme = {
  background: '#10161d',
  plot: '#131b23',
  grid: 'rgba(148, 163, 184, 0.12)',
  axis: 'rgba(148, 163, 184, 0.45)',
  text: '#c8d3df',
  muted: '#7f8c9b',
  accent: '#f2b84b',
  font: '11px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  titleFont: '600 12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  /** Distinct series colours (Okabe–Ito, safe under colour-vision deficiency). */
  series: ['#56b4e9', '#e69f00', '#009e73', '#f0e442', '#cc79a7', '#0072b2', '#d55e00', '#999999'],
} as const;
