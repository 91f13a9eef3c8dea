// Dependency-free SVG figures redrawn from Quinarium runs (the paper's Figs. 2 and 4–8).
// Node only: weightPicture embeds PNGs encoded with node:zlib.
export { lineChart, suggestLogY, type LineChartOptions, type LineSeries } from './lineChart';
export { scatterChart, type ScatterChartOptions, type ScatterPoint } from './scatterChart';
export { weightPicture, type WeightPanel, type WeightPictureOptions } from './weightPicture';
export { mullerPlot, type MullerPlotOptions } from './mullerPlot';
export { mullerLayout, type MullerBand, type MullerLayoutResult, type MullerLineage } from './mullerLayout';
export { niceTicks, logTicks } from '../../shared/ticks';
export { linearScale, logScale, type Scale } from '../../shared/scale';
export { logNormalization, type LogNormalization } from '../../shared/logNormalization';
export { divergingColour } from '../../shared/divergingColour';
export { pngEncode, pngDataUri, type PngImage } from './pngEncode';
export { crc32 } from './crc32';
