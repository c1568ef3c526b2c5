/** Okabe-Ito: eight colours told apart with every common colour-vision deficiency (black becomes grey on dark). */
export function okabeIto(dark: boolean): string[] {
  return ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', dark ? '#BBBBBB' : '#000000'];
}

/** A sequential ramp for heatmaps (light to the palette's blue), readable without hue. */
export function sequential(dark: boolean): string[] {
  return dark ? ['#1b2a3a', '#0072B2', '#56B4E9', '#e8f4fb'] : ['#f2f7fb', '#56B4E9', '#0072B2', '#06304f'];
}

/** What every chart shares: the palette, a transparent background (the card's shows), text in the scheme's colours,
 * tooltips on hover and axis pointers. */
export function baseOption(dark: boolean) {
  const text = dark ? '#C9C9C9' : '#373A40';
  return {
    color: okabeIto(dark),
    backgroundColor: 'transparent',
    textStyle: { color: text, fontFamily: 'inherit' },
    animationDuration: 300,
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', confine: true },
    legend: { top: 0, textStyle: { color: text } },
  };
}
