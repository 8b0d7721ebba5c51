// The citizen page's result line (issue 15), Vietnamese as the rest of the page.
const dmy = (iso: string) => iso.split('-').reverse().join('/');
/** The page knows only the file code's last characters (see resultOf in server/office.ts). */
const file = (tail: string) => `…${tail}`;

export const RESULT_VI = {
  ready: 'Đã có kết quả — mời đến nhận',
  readyHint: (tail: string) => `Hồ sơ ${file(tail)}: Ông/Bà chọn "Nhận kết quả" ở ki-ốt và quét mã trên phiếu hẹn.`,
  notReady: (tail: string) => `Hồ sơ ${file(tail)} chưa có kết quả.`,
  promised: (date: string) => `Ngày hẹn trả kết quả: ${dmy(date)}.`,
  collected: (tail: string) => `Kết quả của hồ sơ ${file(tail)} đã được nhận.`,
};
