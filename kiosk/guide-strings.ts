// The sentences the kiosk's "Nghe hướng dẫn" reads aloud (kiosk/guide.ts), Vietnamese first and
// English, in the register of kiosk/strings.ts. Apart from it only because they load with the
// guidance at the first press, outside the kiosk's start-up size budget.
import type { Lang } from './strings.js';

const vi = {
  guideIntro: 'Hướng dẫn lấy số thứ tự.',
  guideService: (i: number, name: string, state: string) => `Ô thứ ${i}: ${name}. ${state}.`,
  guideServices: (n: number) => `Màn hình có ${n} lĩnh vực.`,
  guideTouch: 'Chạm vào ô của lĩnh vực cần giải quyết để lấy số.',
  guidePriority: 'Người cao tuổi, người khuyết tật, phụ nữ mang thai, người đi cùng trẻ nhỏ, người có công với cách mạng: chạm nút Ưu tiên ở cuối màn hình.',
  guidePriorityGroups: 'Chạm vào ô của đối tượng ưu tiên phù hợp, hoặc nút Quay lại.',
  guideTicket: (number: string, ahead: number) => `Số thứ tự của Ông/Bà là ${number}. Số người chờ trước Ông/Bà: ${ahead}.`,
  guideHelp: 'Nếu cần giúp đỡ, vui lòng liên hệ cán bộ hướng dẫn.',
};

const en: typeof vi = {
  guideIntro: 'How to take a number.',
  guideService: (i, name, state) => `Button ${i}: ${name}. ${state}.`,
  guideServices: (n) => (n === 1 ? 'The screen has 1 service.' : `The screen has ${n} services.`),
  guideTouch: 'Tap the button of the service you need to take a number.',
  guidePriority: 'Older people, persons with a disability, pregnant women, people with a young child, persons with meritorious service to the revolution: tap the Priority button at the bottom of the screen.',
  guidePriorityGroups: 'Tap the button of your priority group, or Back.',
  guideTicket: (number, ahead) => `Your number is ${number}. People ahead of you: ${ahead}.`,
  guideHelp: 'If you need help, please ask a staff member.',
};

export const GUIDE_STRINGS: Record<Lang, typeof vi> = { vi, en };
