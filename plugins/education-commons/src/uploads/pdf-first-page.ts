import { Worker } from 'node:worker_threads';

export interface PdfRenderLimits {
  maxWidth: number;
  maxHeight: number;
  /** The worker is terminated past this. */
  timeoutMs: number;
  /** Its V8 heap cap (the worker dies, not the server, when a document needs more). */
  memoryMb: number;
}

/** What became of one render: the page as PNG, or why there is none. */
export type PdfRender = { ok: true; png: Buffer } | { ok: false; reason: string; unavailable?: boolean };

/**
 * The first page of a PDF as a PNG fitting maxWidth × maxHeight, drawn by pdf.js (with
 * @napi-rs/canvas) in a worker thread of its own: a crafted document can cost CPU and memory, so
 * each render has a deadline and a heap cap, and only that worker pays. PDFs are uploaded one at a
 * time by people, so a worker per render (about 50 ms to start) is simpler than a pool.
 */
export function renderPdfFirstPage(bytes: Buffer, limits: PdfRenderLimits): Promise<PdfRender> {
  return new Promise((resolve) => {
    const worker = new Worker(new URL('./pdf-first-page-worker.mjs', import.meta.url), {
      workerData: { bytes, maxWidth: limits.maxWidth, maxHeight: limits.maxHeight },
      resourceLimits: { maxOldGenerationSizeMb: limits.memoryMb },
    });
    let settled = false;
    const finish = (outcome: PdfRender) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      void worker.terminate();
      resolve(outcome);
    };
    const deadline = setTimeout(() => finish({ ok: false, reason: `rendering took longer than ${limits.timeoutMs} ms` }), limits.timeoutMs);
    worker.on('message', (message: { ok: boolean; png?: Uint8Array; reason?: string; unavailable?: boolean }) =>
      finish(
        message.ok && message.png
          ? { ok: true, png: Buffer.from(message.png.buffer, message.png.byteOffset, message.png.byteLength) }
          : { ok: false, reason: message.reason ?? 'no page', ...(message.unavailable ? { unavailable: true } : {}) },
      ),
    );
    worker.on('error', (error) => finish({ ok: false, reason: error.message }));
    worker.on('exit', (code) => finish({ ok: false, reason: `the renderer stopped (exit code ${code})` }));
  });
}
