import { readFileSync } from 'node:fs';

// Without a canvas, vega guesses every text's width as 0.8 em per character, which for DejaVu Sans is
// about a third too wide: legends and long footnotes then push the SVG's size far past what it draws.
// Reading the advance widths from the font the PNG renders with makes the layout match the pixels.
// (The TrueType tables read here: head, hhea, hmtx and a format-4 cmap, as in the OpenType spec.)

/** Advance width in em of each BMP code point the font maps, plus the fallback for the others. */
export interface FontWidths {
  widths: Map<number, number>;
  fallback: number;
}

function tableOffsets(font: Buffer): Map<string, number> {
  const tables = new Map<string, number>();
  const count = font.readUInt16BE(4);
  for (let i = 0; i < count; i++) {
    const record = 12 + i * 16;
    tables.set(font.toString('latin1', record, record + 4), font.readUInt32BE(record + 8));
  }
  return tables;
}

/** Code point -> glyph id from the Windows Unicode BMP (3, 1) subtable, format 4. */
function glyphIds(font: Buffer, cmap: number): Map<number, number> {
  const glyphs = new Map<number, number>();
  const subtables = font.readUInt16BE(cmap + 2);
  for (let i = 0; i < subtables; i++) {
    const record = cmap + 4 + i * 8;
    if (font.readUInt16BE(record) !== 3 || font.readUInt16BE(record + 2) !== 1) continue;
    const table = cmap + font.readUInt32BE(record + 4);
    if (font.readUInt16BE(table) !== 4) continue;
    const segments = font.readUInt16BE(table + 6) / 2;
    const ends = table + 14;
    const starts = ends + segments * 2 + 2;
    const deltas = starts + segments * 2;
    const rangeOffsets = deltas + segments * 2;
    for (let s = 0; s < segments; s++) {
      const [start, end] = [font.readUInt16BE(starts + s * 2), font.readUInt16BE(ends + s * 2)];
      const delta = font.readInt16BE(deltas + s * 2);
      const rangeOffset = font.readUInt16BE(rangeOffsets + s * 2);
      for (let code = start; code <= end && code !== 0xffff; code++) {
        const glyph =
          rangeOffset === 0
            ? (code + delta) & 0xffff
            : font.readUInt16BE(rangeOffsets + s * 2 + rangeOffset + (code - start) * 2);
        if (glyph !== 0) glyphs.set(code, rangeOffset === 0 ? glyph : (glyph + delta) & 0xffff);
      }
    }
    return glyphs;
  }
  throw new Error('the font has no Unicode BMP cmap (format 4)');
}

export function readFontWidths(path: string): FontWidths {
  const font = readFileSync(path);
  const tables = tableOffsets(font);
  const [head, hhea, hmtx, cmap] = ['head', 'hhea', 'hmtx', 'cmap'].map((tag) => {
    const offset = tables.get(tag);
    if (offset === undefined) throw new Error(`${path} has no ${tag} table`);
    return offset;
  }) as [number, number, number, number];
  const unitsPerEm = font.readUInt16BE(head + 18);
  const metrics = font.readUInt16BE(hhea + 34);
  // Glyphs past the last long metric share its advance width.
  const advance = (glyph: number) => font.readUInt16BE(hmtx + Math.min(glyph, metrics - 1) * 4) / unitsPerEm;
  const widths = new Map<number, number>();
  for (const [code, glyph] of glyphIds(font, cmap)) widths.set(code, advance(glyph));
  return { widths, fallback: advance(0) };
}

/** The width of a line of text in pixels at fontSize. */
export function textWidth(font: FontWidths, text: string, fontSize: number): number {
  let ems = 0;
  for (const char of text) ems += font.widths.get(char.codePointAt(0)!) ?? font.fallback;
  return ems * fontSize;
}
