// Audible verdicts for the window: one short high beep for success, two low beeps for failure.
// Made with a WebAudio oscillator, so no sound files ship with the app.
let audio: AudioContext | null = null;

function context(): AudioContext | null {
  try {
    audio ??= new AudioContext();
    if (audio.state === 'suspended') void audio.resume();
    return audio;
  } catch {
    return null; // no audio device: the colours still tell
  }
}

function tone(ac: AudioContext, freq: number, wave: OscillatorType, start: number, seconds: number) {
  const osc = ac.createOscillator();
  const gain = ac.createGain();
  osc.type = wave;
  osc.frequency.value = freq;
  const t0 = ac.currentTime + start;
  gain.gain.setValueAtTime(0.0001, t0);
  gain.gain.exponentialRampToValueAtTime(0.25, t0 + 0.01);
  gain.gain.setValueAtTime(0.25, t0 + seconds - 0.02);
  gain.gain.exponentialRampToValueAtTime(0.0001, t0 + seconds);
  osc.connect(gain).connect(ac.destination);
  osc.start(t0);
  osc.stop(t0 + seconds + 0.01);
}

export function beepSuccess() {
  const ac = context();
  if (ac) tone(ac, 1760, 'sine', 0, 0.12);
}

export function beepFailure() {
  const ac = context();
  if (!ac) return;
  tone(ac, 220, 'square', 0, 0.18);
  tone(ac, 220, 'square', 0.3, 0.18);
}
