import { deflateSync } from 'node:zlib';
import { ChartRect } from './rag-bar-chart';

/**
 * A PNG of a chart's filled rectangles, on white, for Word's fallback picture: Word 2016 and later show
 * the SVG, older readers the PNG (the docx format requires both). No text is painted (that would need
 * a font renderer); the figures are in the alternative text and in the table beside the chart.
 * Written by hand with zlib because no image library is a dependency, and rectangles are all it needs.
 */
export function rectanglesPng(size: { width: number; height: number }, rects: ChartRect[], scale = 2): Buffer {
  const width = Math.ceil(size.width * scale);
  const height = Math.ceil(size.height * scale);
  const stride = width * 3 + 1;
  const pixels = Buffer.alloc(stride * height, 0xff);
  for (let y = 0; y < height; y += 1) pixels[y * stride] = 0; // filter type 0 (none) on every row
  for (const r of rects) {
    const rgb = [1, 3, 5].map((i) => parseInt(r.fill.slice(i, i + 2), 16));
    const x0 = Math.max(0, Math.round(r.x * scale));
    const x1 = Math.min(width, Math.round((r.x + r.width) * scale));
    const y0 = Math.max(0, Math.round(r.y * scale));
    const y1 = Math.min(height, Math.round((r.y + r.height) * scale));
    for (let y = y0; y < y1; y += 1) {
      for (let x = x0; x < x1; x += 1) {
        const at = y * stride + 1 + x * 3;
        pixels[at] = rgb[0];
        pixels[at + 1] = rgb[1];
        pixels[at + 2] = rgb[2];
      }
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per channel
  header[9] = 2; // truecolour, RGB
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(pixels)), chunk('IEND', Buffer.alloc(0))]);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length, 0);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body), 0);
  return Buffer.concat([length, body, crc]);
}
