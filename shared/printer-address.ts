// The printer setting names where ticket bytes are written, and the server opens it for
// appending: any path accepted here is a file an admin (or a stolen admin token) could grow,
// config.json and the journal included. So only the forms the README lists are accepted, each
// matched whole, with no `.` segments or separators where a path could escape:
//   none · tcp://host[:port] · /dev/usb/NAME · /dev/ttyNAME · /dev/lpNAME · COMn · LPTn ·
//   \\host\share · printer:NAME
// One function for the settings form, REST, LUOT_PRINTER and the transport alike.
import type { Localized } from './types.js';

const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}))*|\[[0-9A-Fa-f:.]{2,45}\])$/;
const DEVICE = [/^\/dev\/usb\/[A-Za-z0-9_-]{1,32}$/, /^\/dev\/tty[A-Za-z0-9_]{1,32}$/, /^\/dev\/lp[A-Za-z0-9_]{0,32}$/];
const WINDOWS_PORT = /^(?:\\\\\.\\)?(?:COM[1-9]\d{0,2}|LPT[1-9])$/i;
// A share is exactly \\host\share: host `.` or `?` would be the device or raw-path namespace.
const SHARE = /^\\\\([A-Za-z0-9][A-Za-z0-9.-]{0,62})\\([A-Za-z0-9_][A-Za-z0-9 _$-]{0,79})$/;
const QUEUE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,126}$/;

export const PRINTER_FORMS = 'none, tcp://192.168.1.50:9100, /dev/usb/lp0, /dev/ttyUSB0, /dev/lp0, COM3, LPT1, \\\\PC\\LUOT, printer:LUOT';

/** Why `target` is not a printer address, or null when it is one of the accepted forms. */
export function printerAddressProblem(target: string): Localized | null {
  const t = target.trim();
  if (t === '' || t.toLowerCase() === 'none') return null;
  const tcp = /^tcp:\/\/([^/]+?)(?::(\d{1,5}))?\/?$/i.exec(t);
  if (tcp) {
    const port = tcp[2] === undefined ? 9100 : Number(tcp[2]);
    if (HOST.test(tcp[1] ?? '') && port >= 1 && port <= 65535) return null;
    return {
      vi: `Địa chỉ máy in mạng không hợp lệ: cần dạng tcp://192.168.1.50:9100 (cổng 1–65535)`,
      en: 'Invalid network printer address: expected tcp://192.168.1.50:9100 (port 1–65535)',
    };
  }
  const queue = /^printer:(.*)$/i.exec(t);
  if (queue) {
    if (QUEUE.test(queue[1] ?? '')) return null;
    return {
      vi: 'Tên máy in không hợp lệ: chỉ chữ, số, _ . - (không có / hoặc \\), ví dụ printer:LUOT',
      en: 'Invalid printer name: letters, digits, _ . - only (no / or \\), e.g. printer:LUOT',
    };
  }
  if (DEVICE.some((r) => r.test(t)) || WINDOWS_PORT.test(t) || SHARE.test(t)) return null;
  return {
    vi: `Máy in không hợp lệ: chỉ nhận ${PRINTER_FORMS}. Không dùng đường dẫn tệp hay thư mục dữ liệu.`,
    en: `Invalid printer: only ${PRINTER_FORMS} are accepted. File paths and the data folder are not printers.`,
  };
}
