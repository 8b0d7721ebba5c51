// A fake kiosk camera for Chromium: a .y4m video whose every frame shows one QR code, for
// `--use-fake-device-for-media-stream --use-file-for-fake-video-capture=<file>`.
import { writeFileSync } from 'node:fs';
import QRCode from 'qrcode';

/** Writes a grey-scale 4:2:0 Y4M of `frames` frames showing `text` as a QR code; returns `file`. */
export function writeQrY4m(file: string, text: string, opts: { width?: number; height?: number; frames?: number } = {}): string {
  const width = opts.width ?? 640;
  const height = opts.height ?? 480;
  const frames = opts.frames ?? 4;
  const { size, data } = QRCode.create(text, { errorCorrectionLevel: 'M' }).modules;
  // Four quiet modules around the code, as a printed receipt has.
  const scale = Math.floor(Math.min(width, height) / (size + 8));
  const x0 = Math.floor((width - size * scale) / 2);
  const y0 = Math.floor((height - size * scale) / 2);
  const luma = Buffer.alloc(width * height, 235);
  for (let y = 0; y < size * scale; y++) {
    for (let x = 0; x < size * scale; x++) {
      if (data[Math.floor(y / scale) * size + Math.floor(x / scale)]) luma[(y0 + y) * width + x0 + x] = 16;
    }
  }
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma]);
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`);
  writeFileSync(file, Buffer.concat([header, ...Array.from({ length: frames }, () => frame)]));
  return file;
}
