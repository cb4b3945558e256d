#!/usr/bin/env node
// `npm run icons`: rasterises resources/icon.svg and the tray SVGs to the PNG sizes the shell and
// electron-builder use, with Debian's Chromium (playwright-core, no download), and writes the
// ICO and ICNS containers for packaging in build/. Run it after changing an SVG; commit the output.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const ROOT = new URL('..', import.meta.url).pathname;
const RES = join(ROOT, 'resources');
const APP_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
const CHROMIUM = process.env.KEYWARD_CHROMIUM ?? '/usr/bin/chromium';

const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ deviceScaleFactor: 1 });

/** The SVG drawn at size×size on a transparent background, as PNG bytes. */
async function rasterise(svgFile, size) {
  const svg = readFileSync(svgFile, 'utf8');
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(
    `<html><body style="margin:0;background:transparent">` +
      `<img src="data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}" width="${size}" height="${size}" style="display:block"></body></html>`,
  );
  await page.locator('img').evaluate((img) => img.decode());
  return page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
}

/** ICO with PNG entries (Windows Vista and later read these). */
function ico(entries) {
  const header = Buffer.alloc(6 + 16 * entries.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(entries.length, 4);
  let offset = header.length;
  entries.forEach(({ size, png }, i) => {
    const at = 6 + 16 * i;
    header.writeUInt8(size >= 256 ? 0 : size, at);
    header.writeUInt8(size >= 256 ? 0 : size, at + 1);
    header.writeUInt16LE(1, at + 4); // colour planes
    header.writeUInt16LE(32, at + 6); // bits per pixel
    header.writeUInt32LE(png.length, at + 8);
    header.writeUInt32LE(offset, at + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...entries.map((e) => e.png)]);
}

/** ICNS with PNG entries, by Apple's type codes for each size. */
function icns(entries) {
  const TYPES = { 16: 'icp4', 32: 'icp5', 64: 'icp6', 128: 'ic07', 256: 'ic08', 512: 'ic09', 1024: 'ic10' };
  const chunks = entries
    .filter((e) => TYPES[e.size])
    .map(({ size, png }) => {
      const head = Buffer.alloc(8);
      head.write(TYPES[size], 0, 'latin1');
      head.writeUInt32BE(png.length + 8, 4);
      return Buffer.concat([head, png]);
    });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'latin1');
  head.writeUInt32BE(8 + chunks.reduce((n, c) => n + c.length, 0), 4);
  return Buffer.concat([head, ...chunks]);
}

try {
  mkdirSync(join(RES, 'icons'), { recursive: true });
  const app = [];
  for (const size of APP_SIZES) {
    const png = await rasterise(join(RES, 'icon.svg'), size);
    app.push({ size, png });
    writeFileSync(join(RES, 'icons', `${size}x${size}.png`), png);
  }
  writeFileSync(join(RES, 'icon.png'), app.find((e) => e.size === 512).png);
  writeFileSync(join(ROOT, 'build', 'icon.ico'), ico(app.filter((e) => [16, 24, 32, 48, 64, 256].includes(e.size))));
  writeFileSync(join(ROOT, 'build', 'icon.icns'), icns(app));
  for (const state of ['normal', 'alert']) {
    const svg = join(RES, 'tray', `tray-${state}.svg`);
    writeFileSync(join(RES, 'tray', `tray-${state}.png`), await rasterise(svg, 16));
    writeFileSync(join(RES, 'tray', `tray-${state}@2x.png`), await rasterise(svg, 32));
  }
  process.stdout.write(`icons: ${APP_SIZES.length} app sizes, build/icon.ico, build/icon.icns, 4 tray images\n`);
} finally {
  await browser.close();
}
