/**
 * Renders assets/icon.svg into every icon the installers need, reproducibly (`npm run icons`):
 *
 * - assets/icons/<N>x<N>.png for N in 16…1024 (electron-builder's Linux icon set, and the sources below);
 * - assets/icons/icon.png (1024, the default), assets/icons/icon.ico (Windows: PNG entries 16…256),
 *   assets/icons/icon.icns (macOS: PNG entries 16…1024, incl. the @2x types).
 *
 * The SVG is rasterised by Debian's Chromium (playwright-core, the same browser the editor's UI
 * tests use); ICO and ICNS are plain containers of PNG files, written here.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";

const SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024] as const;
const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
/** ICNS element types holding PNG data, with their pixel size. */
const ICNS_TYPES: [string, number][] = [
  ["icp4", 16],
  ["icp5", 32],
  ["icp6", 64],
  ["ic07", 128],
  ["ic08", 256],
  ["ic09", 512],
  ["ic10", 1024],
  ["ic11", 32],
  ["ic12", 64],
  ["ic13", 256],
  ["ic14", 512],
];

/** An ICO file: a directory of PNG images (Windows Vista and later read PNG entries). */
export function icoFile(images: Map<number, Buffer>, sizes: readonly number[]): Buffer {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // 1 = icon
  header.writeUInt16LE(sizes.length, 4);
  const entries: Buffer[] = [];
  let offset = 6 + 16 * sizes.length;
  for (const size of sizes) {
    const png = images.get(size)!;
    const entry = Buffer.alloc(16);
    entry.writeUInt8(size >= 256 ? 0 : size, 0); // 0 means 256
    entry.writeUInt8(size >= 256 ? 0 : size, 1);
    entry.writeUInt8(0, 2); // no palette
    entry.writeUInt8(0, 3);
    entry.writeUInt16LE(1, 4); // colour planes
    entry.writeUInt16LE(32, 6); // bits per pixel
    entry.writeUInt32LE(png.length, 8);
    entry.writeUInt32LE(offset, 12);
    offset += png.length;
    entries.push(entry);
  }
  return Buffer.concat([header, ...entries, ...sizes.map((size) => images.get(size)!)]);
}

/** An ICNS file: "icns", total length, then (type, length, PNG data) elements. */
export function icnsFile(images: Map<number, Buffer>): Buffer {
  const elements = ICNS_TYPES.map(([type, size]) => {
    const png = images.get(size)!;
    const head = Buffer.alloc(8);
    head.write(type, 0, "ascii");
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const head = Buffer.alloc(8);
  head.write("icns", 0, "ascii");
  head.writeUInt32BE(8 + elements.reduce((sum, element) => sum + element.length, 0), 4);
  return Buffer.concat([head, ...elements]);
}

async function main(): Promise<void> {
  const svg = readFileSync("assets/icon.svg", "utf8");
  const out = "assets/icons";
  mkdirSync(out, { recursive: true });
  const browser = await chromium.launch({ executablePath: process.env["CHROMIUM"] ?? "/usr/bin/chromium" });
  const images = new Map<number, Buffer>();
  try {
    for (const size of SIZES) {
      const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
      const src = `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`;
      await page.setContent(`<html><body style="margin:0;background:transparent"><img src="${src}" width="${size}" height="${size}" style="display:block"></body></html>`);
      await page.locator("img").evaluate((img) => (img as unknown as { decode(): Promise<void> }).decode());
      const png = await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
      images.set(size, png);
      writeFileSync(join(out, `${size}x${size}.png`), png);
      await page.close();
    }
  } finally {
    await browser.close();
  }
  writeFileSync(join(out, "icon.png"), images.get(1024)!);
  writeFileSync(join(out, "icon.ico"), icoFile(images, ICO_SIZES));
  writeFileSync(join(out, "icon.icns"), icnsFile(images));
  process.stdout.write(`wrote ${SIZES.length} PNG sizes, icon.ico and icon.icns to ${out}/\n`);
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, "/").split("/").slice(-2).join("/"))) await main();
