// The booking page's proof of being human without a third-party captcha (issue 13): the
// citizen's phone finds a nonce such that SHA-256 of `<challenge>:<nonce>` (UTF-8, the nonce a
// decimal string) begins with `bits` zero bits. A phone does this in seconds; a script booking
// a thousand times pays a thousand times. The server checks it with one hash (this file too).

/** How many leading zero bits a digest has. */
export function leadingZeroBits(digest: Uint8Array): number {
  let bits = 0;
  for (const byte of digest) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(byte) - 24;
  }
  return bits;
}

/** The bytes hashed for one try. */
export function powInput(challenge: string, nonce: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(`${challenge}:${nonce}`);
}

/** True when `nonce` solves `challenge` at `bits` (Web Crypto: the browser and Node 20 alike). */
export async function powValid(challenge: string, nonce: string, bits: number): Promise<boolean> {
  if (!/^\d{1,16}$/.test(nonce)) return false;
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', powInput(challenge, nonce)));
  return leadingZeroBits(digest) >= bits;
}
