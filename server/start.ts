// The start command of earlier versions (`node --import tsx server/start.ts`), kept so that a
// service set up with it still starts after an upgrade. It goes through tsx: start with
// `node scripts/start.js` (what `npm start` runs) to skip that (docs/operations.md).
// @ts-expect-error scripts/start.js is plain JavaScript, outside the type-checked sources.
await import('../scripts/start.js');
