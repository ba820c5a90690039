// Renders the first page of one PDF to PNG, in a worker thread of its own (see pdf-first-page.ts):
// pdf.js parses untrusted bytes, so it runs with a memory cap and is terminated past its deadline.
// Plain JavaScript, like every worker script here: it runs as it is under tsx, vitest and the build.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';

const { bytes, maxWidth, maxHeight } = workerData;

try {
  parentPort.postMessage({ ok: true, png: await render() });
} catch (error) {
  parentPort.postMessage({ ok: false, unavailable: error?.code === 'ERR_MODULE_NOT_FOUND', reason: String(error?.message ?? error) });
}

async function render() {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  // pdf.js's own font and decoder data, read from its package on disk: it never fetches anything.
  const home = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
  const document = await getDocument({
    data: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    // No code generated from the document (the fix for CVE-2024-4367 and its kind), no system fonts,
    // text drawn as paths.
    isEvalSupported: false,
    useSystemFonts: false,
    disableFontFace: true,
    standardFontDataUrl: `${join(home, 'standard_fonts')}/`,
    cMapUrl: `${join(home, 'cmaps')}/`,
    wasmUrl: `${join(home, 'wasm')}/`,
    verbosity: 0,
  }).promise;
  try {
    const page = await document.getPage(1);
    const natural = page.getViewport({ scale: 1 });
    // Rendered at the thumbnail's size (at most 4× the page's own, for tiny pages): sharp only encodes it.
    const scale = Math.min(maxWidth / natural.width, maxHeight / natural.height, 4);
    const viewport = page.getViewport({ scale });
    const { canvas, context } = document.canvasFactory.create(Math.max(1, Math.ceil(viewport.width)), Math.max(1, Math.ceil(viewport.height)));
    await page.render({ canvasContext: context, canvas, viewport }).promise;
    return canvas.toBuffer('image/png');
  } finally {
    await document.destroy();
  }
}
