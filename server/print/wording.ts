// The printed ticket's Vietnamese, in one place for the image ticket (render.ts) and the text-mode
// one (escpos.ts): the same register as the kiosk (the citizen is "Ông/Bà"; README "Wording"),
// and "Sắp đến lượt" where the wait is under a minute, as the kiosk says, never "~0 phút".
export const TICKET_WORDS = {
  yourNumber: 'SỐ THỨ TỰ CỦA ÔNG/BÀ',
  issued: 'Giờ lấy số: ',
  ahead: 'Số người chờ trước Ông/Bà: ',
  wait: 'Thời gian chờ dự kiến: ',
  waitValue: (min: number) => (min <= 0 ? 'Sắp đến lượt' : `~${min} phút`),
  scanQr: 'Quét mã QR để theo dõi lượt của Ông/Bà',
  fileCode: 'Nhận kết quả hồ sơ: ',
  sampleCall: 'Xin mời công dân có số thứ tự A015 đến quầy số 3',
} as const;
