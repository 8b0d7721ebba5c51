// Issue 15: the office's results pickup service as the tests add it (POST /api/services).
export const PICKUP_SERVICE = {
  id: 'tra-ket-qua', name: { vi: 'Trả kết quả', en: 'Results pickup' }, prefix: 'K', start: 1, digits: 3,
  targetWaitMin: 10, dailyLimit: null, active: true, hours: null, order: 9, pickup: true,
};
