// Regenerates the bundled voice-clip pack (display/clips/vi/*.mp3) from espeak-ng's Vietnamese
// voice. The clips are committed as data because CI and office PCs have no espeak-ng.
//
//   apt-get install espeak-ng sox lame      (Debian 12: espeak-ng 1.51, sox 14.4.2, lame 3.100)
//   node --import tsx scripts/make-voice-clips.ts [outDir]
//
// MP3, not Opus: every browser a display may run decodes it with decodeAudioData, including
// Safari before 17 and the old Android TV sticks that have no Ogg Opus; at 32 kbit/s mono a
// clip is an eighth of its WAV. LAME's header records the encoder delay and padding, which the
// browsers' decoders drop, so joined clips keep the gaps the player sets.
//
// The vocabulary is CLIP_VOCABULARY of shared/voice.ts, so the pack always matches what the
// display asks for. An office replaces clips with its own recordings under the same names
// in <LUOT_DATA_DIR>/clips/ (see display/clips/README.md).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLIP_VOCABULARY } from '../shared/voice.js';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const outDir = resolve(process.argv[2] ?? join(root, 'display', 'clips', 'vi'));
// Worked on as 16 kHz mono 16-bit PCM (speech stays clear), then encoded as MP3.
const FORMAT = ['-r', '16000', '-c', '1', '-b', '16'];
/** 32 kbit/s constant rate, 16 kHz mono (MPEG-2 layer III): ~4 KB per second of speech. */
const MP3 = ['--quiet', '-m', 'm', '-b', '32', '-q', '0'];

function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (r.error) throw new Error(`${cmd}: ${r.error.message} (apt-get install espeak-ng sox lame)`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr}`);
}

const tmp = mkdtempSync(join(tmpdir(), 'luot-clips-'));
mkdirSync(outDir, { recursive: true });
for (const f of readdirSync(outDir)) if (f.endsWith('.wav') || f.endsWith('.mp3')) rmSync(join(outDir, f));

try {
  for (const [name, text] of Object.entries(CLIP_VOCABULARY)) {
    const out = join(tmp, `${name}.wav`);
    const mp3 = join(outDir, `${name}.mp3`);
    if (name === 'chime') {
      // A two-note "ding-dong" (E6 then C6) with a bell-like decay, quieter than speech peaks.
      const ding = join(tmp, 'ding.wav');
      const dong = join(tmp, 'dong.wav');
      run('sox', ['-n', ...FORMAT, ding, 'synth', '0.55', 'sine', '1318.5', 'fade', 'l', '0.005', '0.55', '0.5']);
      run('sox', ['-n', ...FORMAT, dong, 'synth', '0.9', 'sine', '1046.5', 'fade', 'l', '0.005', '0.9', '0.85']);
      run('sox', [ding, dong, out, 'norm', '-4']);
      run('lame', [...MP3, out, mp3]);
      continue;
    }
    const raw = join(tmp, 'raw.wav');
    // -s 140: slow enough to be understood across a hall.
    run('espeak-ng', ['-v', 'vi', '-s', '140', '-w', raw, text]);
    // espeak-ng leaves ~0.3 s of silence and peaks near clipping: trim both ends (the player
    // sets the gaps), normalise to -1 dBFS, and fade the edges so joined clips do not click.
    // Two passes: after `silence` sox no longer knows the length, which the fade-out needs.
    const trimmed = join(tmp, 'trimmed.wav');
    run('sox', [raw, ...FORMAT, trimmed, 'silence', '1', '0.005', '0.1%', 'reverse', 'silence', '1', '0.005', '0.1%', 'reverse']);
    run('sox', [trimmed, out, 'norm', '-1', 'fade', 't', '0.005', '-0', '0.02']);
    run('lame', [...MP3, out, mp3]);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

const files = readdirSync(outDir).filter((f) => f.endsWith('.mp3'));
const bytes = files.reduce((n, f) => n + statSync(join(outDir, f)).size, 0);
process.stdout.write(`${files.length} clips, ${(bytes / 1024).toFixed(0)} KB in ${outDir}\n`);
