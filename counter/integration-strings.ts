// The staff app's words for integration tokens (issue 15 §1), kept apart from strings.ts (which
// every part of the staff app edits) and following its language: Vietnamese first, English.
import { getLang } from './strings.js';

const vi = {
  title: 'Mã tích hợp (trả kết quả)',
  hint: 'Cho phần mềm một cửa báo hồ sơ đã có kết quả: POST /api/results/ready với tiêu đề Authorization: Bearer <mã>. Mã chỉ dùng được cho việc này.',
  name: 'Tên (ví dụ: Phần mềm một cửa)',
  create: 'Tạo mã',
  shownOnce: 'Chép mã này ngay: sẽ không hiển thị lại.',
  none: 'Chưa có mã nào.',
  created: 'Tạo lúc',
  lastUsed: 'Dùng lần cuối',
  revoke: 'Thu hồi',
  confirmRevoke: 'Chắc chắn thu hồi?',
};
const en: typeof vi = {
  title: 'Integration tokens (results pickup)',
  hint: 'For the one-stop-shop software to report files ready: POST /api/results/ready with the header Authorization: Bearer <token>. The token is good for that only.',
  name: 'Name (e.g. One-stop-shop software)',
  create: 'Create token',
  shownOnce: 'Copy this token now: it will not be shown again.',
  none: 'No tokens yet.',
  created: 'Created',
  lastUsed: 'Last used',
  revoke: 'Revoke',
  confirmRevoke: 'Really revoke?',
};
export function xt(key: keyof typeof vi): string {
  return (getLang() === 'en' ? en : vi)[key];
}
