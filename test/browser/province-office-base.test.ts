// officePrefix() and the slug suggestion: pure functions the apps and the add-office form rely on.
import { expect, test } from 'vitest';
import { officeApi, officePath, officePrefix } from '../../shared/client/office-base.js';
import { slugFromName } from '../../counter/slug-from-name.js';
test("office prefix from the page address, office-scoped REST and namespaces, slug from a Vietnamese name", () => {
  expect(officePrefix('/o/phuong-ben-thanh/kiosk/')).toBe('/o/phuong-ben-thanh');
  expect(officePrefix('/o/phuong-ben-thanh')).toBe('/o/phuong-ben-thanh');
  expect(officePrefix('/o/Bad/kiosk/')).toBe('');
  expect(officePrefix('/kiosk/')).toBe('');
  expect(officeApi('/api/state', '/o/a-b/t/xyz')).toBe('/api/o/a-b/state');
  expect(officePath('/kiosk', '/o/a/display/')).toBe('/o/a/kiosk');
  expect(slugFromName('Phường Bến Thành')).toBe('phuong-ben-thanh');
  expect(slugFromName('Xã Đông Hưng  (mới)')).toBe('xa-dong-hung-moi');
});

test('chart labels of offices drop the words every name starts with', async () => {
  const { distinctNames } = await import('../../counter/format.js');
  expect(distinctNames(['Trung tâm Phục vụ hành chính công phường Bến Thành', 'Trung tâm Phục vụ hành chính công xã Tân Phú'])).toEqual(['Phường Bến Thành', 'Xã Tân Phú']);
  expect(distinctNames(['Trung tâm A', 'Trung tâm'])).toEqual(['Trung tâm A', 'Trung tâm']);
  expect(distinctNames(['Trung tâm xã A', 'Trung tâm phường B'])).toEqual(['Xã A', 'Phường B']);
  expect(distinctNames(['Phường Bến Thành'])).toEqual(['Phường Bến Thành']);
});
