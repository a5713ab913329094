import { Resvg } from '@resvg/resvg-js';

/**
 * The PNG Word shows where it cannot show the SVG (the docx format wants both; Word 2016 and later
 * use the SVG): the same picture, bars, labels and key, drawn by resvg at twice the size for print.
 * Text is set in the machine's fonts; a machine with none still gets the bars, and the figures are
 * in the picture's alternative text and the table before it.
 */
export function svgToPng(svg: string): Buffer {
  const picture = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: 2 },
    background: 'white',
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  });
  return picture.render().asPng();
}
