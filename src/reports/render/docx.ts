import { AlignmentType, BorderStyle, Document, HeadingLevel, ImageRun, Packer, Paragraph, ShadingType, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { normalisedHex, textColourOn } from '../../domain/colour-contrast';
import { ReportDocument, ReportFigure, ReportTable } from './report-tables';

/**
 * A Word document laid out like the committee reports in the seeds: a heading,
 * then each table under its own heading with a caption. Built with `docx`, a
 * maintained library for writing .docx, rather than templating raw OOXML.
 */
export async function renderDocx(doc: ReportDocument): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [
    // Heading 1, not the Title style: screen readers and Word's navigation pane list headings, and the
    // document is public (WCAG applies); each table's title is a Heading 2 under it.
    new Paragraph({ text: doc.title, heading: HeadingLevel.HEADING_1 }),
    new Paragraph({ text: doc.subtitle }),
  ];
  for (const table of doc.tables) {
    children.push(new Paragraph({ text: table.title, heading: HeadingLevel.HEADING_2 }));
    if (table.caption) children.push(new Paragraph({ text: table.caption }));
    children.push(table.rows.length === 0 ? new Paragraph({ text: 'None.' }) : wordTable(table));
    for (const note of table.notes ?? []) children.push(new Paragraph({ text: note }));
    for (const figure of (doc.figures ?? []).filter((f) => f.afterTable === table.title)) children.push(...figureParagraphs(figure));
  }
  const document = new Document({ creator: 'Improvement plan audit trail', title: doc.title, sections: [{ children }] });
  return Packer.toBuffer(document);
}

function wordTable(table: ReportTable): Table {
  const border = { style: BorderStyle.SINGLE, size: 4, color: 'B1B4B6' };
  const cell = (text: string, bold = false) => {
    const given = table.colours?.[text];
    // Only a colour Word can be given as hex, and whose contrast can be checked, shades a cell.
    const colour = given === undefined ? undefined : normalisedHex(given);
    return new TableCell({
      borders: { top: border, bottom: border, left: border, right: border },
      ...(colour ? { shading: { type: ShadingType.CLEAR, fill: colour.replace('#', ''), color: 'auto' } } : {}),
      // The code's text stays in the cell; its colour is the one that reads on that fill (4.5:1 or better).
      children: [new Paragraph({ alignment: AlignmentType.LEFT, children: [new TextRun({ text, bold, ...(colour ? { color: textColourOn(colour).replace('#', '') } : {}) })] })],
    });
  };
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: table.columns.map((c) => cell(c, true)) }),
      ...table.rows.map((row) => new TableRow({ children: row.map((c) => cell(c)) })),
      ...(table.footer ?? []).map((row) => new TableRow({ children: row.map((c) => cell(c, true)) })),
    ],
  });
}

/** A chart: its title, the picture (SVG, with the PNG Word needs for older readers) with every figure in its alternative text. */
function figureParagraphs(figure: ReportFigure): Paragraph[] {
  return [
    new Paragraph({ text: figure.title, heading: HeadingLevel.HEADING_3 }),
    new Paragraph({
      children: [
        new ImageRun({
          type: 'svg',
          data: Buffer.from(figure.svg, 'utf8'),
          fallback: { type: 'png', data: figure.png },
          transformation: { width: figure.width, height: figure.height },
          altText: { name: figure.title, title: figure.title, description: figure.altText },
        }),
      ],
    }),
  ];
}
