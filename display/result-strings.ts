// The citizen page's result line (issue 15), Vietnamese as the rest of the page.
const dmy = (iso: string) => iso.split('-').reverse().join('/');

export const RESULT_VI = {
  ready: 'Đã có kết quả — mời đến nhận',
  readyHint: (code: string) => `Hồ sơ ${code}: Ông/Bà chọn "Nhận kết quả" ở ki-ốt và quét mã trên phiếu hẹn.`,
  notReady: (code: string) => `Hồ sơ ${code} chưa có kết quả.`,
  promised: (date: string) => `Ngày hẹn trả kết quả: ${dmy(date)}.`,
  collected: (code: string) => `Kết quả của hồ sơ ${code} đã được nhận.`,
};
