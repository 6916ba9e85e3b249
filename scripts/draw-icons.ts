// Draws the Teams app icons (manifest/color.png, manifest/outline.png): the initials "PD" as white strokes,
// on the accent color for the color icon and on transparency for the outline icon. Run it once after
// changing the drawing: `npx tsx scripts/draw-icons.ts`.
import { writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';

type Point = readonly [number, number];

/** Half the stroke width, in units of the icon's side. */
const STROKE = 0.048;
const ACCENT = [0x2b, 0x57, 0x97] as const;

const distance = ([ax, ay]: Point, [bx, by]: Point) => Math.hypot(ax - bx, ay - by);

function toSegment(p: Point, a: Point, b: Point): number {
  const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
  const t = Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy)));
  return distance(p, [a[0] + t * dx, a[1] + t * dy]);
}

/** Distance to the right half of a circle, the bowl of a P or a D. */
function toRightArc(p: Point, center: Point, radius: number): number {
  if (p[0] >= center[0]) return Math.abs(distance(p, center) - radius);
  return Math.min(distance(p, [center[0], center[1] - radius]), distance(p, [center[0], center[1] + radius]));
}

/** A letter drawn as: a stem, a top bar, a right bowl and a bottom bar. */
function letter(stemX: number, top: number, bottom: number, bowlBottom: number, bar: number) {
  const radius = (bowlBottom - top) / 2;
  const center: Point = [stemX + bar, top + radius];
  return (p: Point) =>
    Math.min(
      toSegment(p, [stemX, top], [stemX, bottom]),
      toSegment(p, [stemX, top], [stemX + bar, top]),
      toSegment(p, [stemX, bowlBottom], [stemX + bar, bowlBottom]),
      toRightArc(p, center, radius),
    );
}

const P = letter(0.2, 0.28, 0.72, 0.5, 0.09);
const D = letter(0.53, 0.28, 0.72, 0.72, 0.07);
const inGlyph = (p: Point) => Math.min(P(p), D(p)) <= STROKE;

/** The share of a pixel the glyph covers, from 4 x 4 samples (smooth edges). */
function coverage(x: number, y: number, size: number): number {
  let hits = 0;
  for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) if (inGlyph([(x + (i + 0.5) / 4) / size, (y + (j + 0.5) / 4) / size])) hits++;
  return hits / 16;
}

function draw(size: number, background: readonly [number, number, number] | undefined): Buffer {
  const png = new PNG({ width: size, height: size });
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 4;
      const c = coverage(x, y, size);
      if (background) {
        for (let k = 0; k < 3; k++) png.data[i + k] = Math.round(background[k]! + (255 - background[k]!) * c);
        png.data[i + 3] = 255;
      } else {
        png.data.fill(255, i, i + 3);
        png.data[i + 3] = Math.round(255 * c);
      }
    }
  }
  return PNG.sync.write(png);
}

writeFileSync(new URL('../manifest/color.png', import.meta.url), draw(192, ACCENT));
writeFileSync(new URL('../manifest/outline.png', import.meta.url), draw(32, undefined));
