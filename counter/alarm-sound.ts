// The staff alarm's sound: a beep pattern made by Web Audio, so there is no file to download
// or cache and it plays offline. Three short high beeps, again every two seconds while it lasts.
export class AlarmSound {
  private ctx: AudioContext | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;

  get playing(): boolean {
    return this.timer !== null;
  }

  start(): void {
    if (this.timer) return;
    this.beeps();
    this.timer = setInterval(() => this.beeps(), 2000);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private beeps(): void {
    try {
      this.ctx ??= new AudioContext();
      // A panel the clerk has used is allowed to sound; a fresh tab may still be suspended.
      void this.ctx.resume().catch(() => undefined);
      const t0 = this.ctx.currentTime + 0.02;
      for (let i = 0; i < 3; i++) {
        const osc = this.ctx.createOscillator();
        const gain = this.ctx.createGain();
        osc.type = 'square';
        osc.frequency.value = i % 2 ? 988 : 784;
        gain.gain.setValueAtTime(0.0001, t0 + i * 0.25);
        gain.gain.exponentialRampToValueAtTime(0.3, t0 + i * 0.25 + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, t0 + i * 0.25 + 0.18);
        osc.connect(gain).connect(this.ctx.destination);
        osc.start(t0 + i * 0.25);
        osc.stop(t0 + i * 0.25 + 0.2);
      }
    } catch {
      // No audio device: the overlay still shows.
    }
  }
}
