// Measures the bundled clip pack's speech level (counter/voice-record.ts TARGET_LEVEL_DB): each
// spoken clip of display/clips/vi decoded to 32-bit float by sox, measured by speechLevelDb.
// Run: node --import tsx scripts/measure-voice-level.ts
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { speechLevelDb } from '../counter/voice-record.js';
import { ROOT } from '../server/root.js';

const dir = join(ROOT, 'display/clips/vi');
const levels: number[] = [];
for (const f of readdirSync(dir).filter((x) => x.endsWith('.mp3') && x !== 'chime.mp3').sort()) {
  const raw = execFileSync('sox', [join(dir, f), '-t', 'f32', '-c', '1', '-r', '16000', '-']);
  const samples = new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4);
  levels.push(speechLevelDb(samples, 16000));
}
const mean = levels.reduce((a, b) => a + b, 0) / levels.length;
const sorted = [...levels].sort((a, b) => a - b);
console.log(`${levels.length} clips: mean ${mean.toFixed(1)} dBFS, median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)}, range ${sorted[0]!.toFixed(1)}…${sorted.at(-1)!.toFixed(1)}`);
