import { AlignmentType, BorderStyle, Document, HeadingLevel, Packer, Paragraph, ShadingType, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { ReportDocument, ReportTable } from './report-tables';

/**
 * A Word document laid out like the committee reports in the seeds: a heading,
 * then each table under its own heading with a caption. Built with `docx`, a
 * maintained library for writing .docx, rather than templating raw OOXML.
 */
export async function renderDocx(doc: ReportDocument): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [
    new Paragraph({ text: doc.title, heading: HeadingLevel.TITLE }),
    new Paragraph({ text: doc.subtitle }),
  ];
  for (const table of doc.tables) {
    children.push(new Paragraph({ text: table.title, heading: HeadingLevel.HEADING_2 }));
    if (table.caption) children.push(new Paragraph({ text: table.caption }));
    children.push(table.rows.length === 0 ? new Paragraph({ text: 'None.' }) : wordTable(table));
  }
  const document = new Document({ creator: 'Improvement plan audit trail', title: doc.title, sections: [{ children }] });
  return Packer.toBuffer(document);
}

function wordTable(table: ReportTable): Table {
  const border = { style: BorderStyle.SINGLE, size: 4, color: 'B1B4B6' };
  const cell = (text: string, bold = false) => {
    const colour = table.colours?.[text];
    return new TableCell({
      borders: { top: border, bottom: border, left: border, right: border },
      ...(colour ? { shading: { type: ShadingType.CLEAR, fill: colour.replace('#', ''), color: 'auto' } } : {}),
      children: [new Paragraph({ alignment: AlignmentType.LEFT, children: [new TextRun({ text, bold, ...(colour ? { color: 'FFFFFF' } : {}) })] })],
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
