// The QR code of a ticket's page as one SVG path. The encoder is about a fifth of the kiosk's
// script, so this module is its own chunk, imported by the ticket screen once the number is on
// screen: the number never waits for it, and the start-up script does not carry it.
import QRCode from 'qrcode';

export interface QrPath {
  /** Width and height in modules, with a one-module quiet zone. */
  size: number;
  d: string;
}

export function qrPath(text: string): QrPath {
  const { size, data } = QRCode.create(text, { errorCorrectionLevel: 'M' }).modules;
  let d = '';
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; ) {
      if (!data[y * size + x]) {
        x++;
        continue;
      }
      let run = 1;
      while (x + run < size && data[y * size + x + run]) run++;
      d += `M${x + 1} ${y + 1}h${run}v1h-${run}z`;
      x += run;
    }
  }
  return { size: size + 2, d };
}
