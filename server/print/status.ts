// What an ESC/POS printer says about itself. Paper out, cover open and offline are states the
// connection cannot show (a printer with no paper still accepts a TCP connection and buffers
// the job), so the printer is asked with the real-time status commands, which it answers even
// while offline:
//   DLE EOT 1 — printer status:  bit 3 offline
//   DLE EOT 2 — offline cause:   bit 2 cover open, bit 3 paper fed by the button,
//                                bit 5 stopped at paper end, bit 6 error
//   DLE EOT 4 — roll paper:      bits 2-3 near end, bits 5-6 paper end
// Each answer byte has the fixed pattern 0xx1xx10. A printer without these commands says
// nothing: no answer means "status unknown", never "offline".
import type { PrinterState } from '../../shared/types.js';

/** DLE EOT 1, DLE EOT 2, DLE EOT 4, answered in this order, one byte each. */
export const STATUS_REQUEST = Buffer.from([0x10, 0x04, 0x01, 0x10, 0x04, 0x02, 0x10, 0x04, 0x04]);
export const STATUS_ANSWERS = 3;

/** Bits 0, 1, 4, 7 of a DLE EOT answer are fixed at 0, 1, 1, 0. */
export const isStatusByte = (b: number): boolean => (b & 0x93) === 0x12;

export interface HardwareStatus {
  offline: boolean;
  coverOpen: boolean;
  /** Paper fed with the feed button: offline only while the button is held. */
  feeding: boolean;
  paperOut: boolean;
  /** Cutter jam, head overheated, or another error the printer stopped for. */
  error: boolean;
  paperNearEnd: boolean;
}

/**
 * The answers to STATUS_REQUEST, in order. Returns null when none is a valid status byte
 * (the printer does not support the commands, or something else answered). A printer that
 * answers DLE EOT 1 and 2 but not 4 still gives a status, without the paper sensor.
 */
export function decodeStatus(answers: ArrayLike<number>): HardwareStatus | null {
  const [printer, cause, paper] = [answers[0], answers[1], answers[2]].map((b) => (b !== undefined && isStatusByte(b) ? b : null));
  if (printer == null) return null;
  const bit = (b: number | null | undefined, mask: number): boolean => b != null && (b & mask) !== 0;
  return {
    offline: bit(printer, 0x08),
    coverOpen: bit(cause, 0x04),
    feeding: bit(cause, 0x08),
    paperOut: bit(cause, 0x20) || bit(paper, 0x60),
    error: bit(cause, 0x40),
    paperNearEnd: bit(paper, 0x0c),
  };
}

/** GS r 1 (transmit paper sensor status): bits 0-1 near end, bits 2-3 paper end; bits 4 and 7 are 0. */
export function decodePaperSensor(b: number): { paperNearEnd: boolean; paperOut: boolean } | null {
  if ((b & 0x90) !== 0) return null;
  return { paperNearEnd: (b & 0x03) !== 0, paperOut: (b & 0x0c) !== 0 };
}

export interface PrinterCondition {
  state: PrinterState;
  message?: string;
  /** The printer cannot print now: jobs wait instead of filling its buffer. */
  blocking: boolean;
  paperNearEnd: boolean;
}

/**
 * What staff should know and do. Cover open comes first: with the cover up many printers also
 * read "paper end", and closing it is the first thing to do. A printer offline only because
 * its feed button is held still takes the job (it prints once the button is let go).
 */
export function conditionOf(h: HardwareStatus): PrinterCondition {
  const paperNearEnd = h.paperNearEnd && !h.paperOut;
  if (h.coverOpen) return { state: 'error', message: 'Nắp máy in đang mở: đóng nắp lại (cover open)', blocking: true, paperNearEnd };
  if (h.paperOut) return { state: 'paper_out', message: 'Máy in hết giấy: thay cuộn giấy mới (paper out)', blocking: true, paperNearEnd: false };
  if (h.error) {
    return { state: 'error', message: 'Máy in báo lỗi (kẹt dao cắt, đầu in quá nóng): tắt rồi bật lại máy in (printer error)', blocking: true, paperNearEnd };
  }
  if (h.offline && !h.feeding) return { state: 'offline', message: 'Máy in báo đang ngoại tuyến (printer reports offline)', blocking: true, paperNearEnd };
  if (paperNearEnd) return { state: 'ok', message: 'Giấy in sắp hết: chuẩn bị cuộn giấy mới (paper near end)', blocking: false, paperNearEnd };
  return { state: 'ok', blocking: false, paperNearEnd: false };
}
