// Draws the Marketplace icon (media/icon.png, 256×256) from the activity-bar glyph media/marginalia.svg:
// the glyph in parchment on an ink-blue rounded square. Needs rsvg-convert (Debian: librsvg2-bin).
// Run it after changing the glyph and commit the PNG; the build does not run it.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const size = 256;
const margin = 40;
const glyph = readFileSync(new URL('../media/marginalia.svg', import.meta.url), 'utf8')
  .replace(/ width="\d+" height="\d+"/, ` x="${margin}" y="${margin}" width="${size - 2 * margin}" height="${size - 2 * margin}"`);
const icon = `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" style="color:#f4ecd8">
<rect width="${size}" height="${size}" rx="48" fill="#1f3a5f"/>
${glyph}
</svg>`;

execFileSync('rsvg-convert', ['--width', String(size), '--height', String(size), '--output', 'media/icon.png'], {
  cwd: new URL('..', import.meta.url),
  input: icon,
});
