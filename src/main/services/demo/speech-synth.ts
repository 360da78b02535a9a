import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { decodeWav } from '../../../core/dataset/formats/wav'
import { trainFailure } from '../../../core/train/errors'
import type { FileSystem } from '../system/file-system'
import type { ProcessRunner } from '../system/process-runner'

export const DEMO_RATE_HZ = 16_000

/** One utterance to synthesise with espeak-ng. */
export interface Utterance {
  readonly text: string
  /** espeak-ng voice with an optional variant: `en-us+m3`. */
  readonly voice: string
  /** Words per minute (espeak-ng `-s`). */
  readonly speed: number
  /** 0–99 (espeak-ng `-p`). */
  readonly pitch: number
}

/** A noise bed made by sox's `synth`: `pinknoise`, `brownnoise`, `whitenoise`, with optional effects. */
export interface NoiseBed {
  readonly name: string
  readonly seconds: number
  /** Arguments after `synth <seconds>`: `['pinknoise']`, `['brownnoise', 'lowpass', '800']`. */
  readonly synth: readonly string[]
}

function toolFailure(tool: string, args: readonly string[], stderr: string) {
  return trainFailure(
    'DemoFailed',
    `${tool} failed while making the keywords demo (${tool} ${args.join(' ')}). Check that ${tool} works: run \`mote doctor\`.`,
    stderr,
  )
}

/**
 * Runs espeak-ng and sox as the keywords demo needs them, in a temporary folder it removes afterwards.
 * Speech: espeak-ng writes a 22.05 kHz WAV; sox resamples it to 16 kHz mono 16-bit and trims the silence
 * espeak-ng leaves before and after the word (`silence 1 0.02 0.5%`, both ends). Noise: sox `synth`.
 */
export class SpeechSynth {
  private dir: string | undefined
  private counter = 0

  constructor(
    private readonly runner: ProcessRunner,
    private readonly fs: FileSystem,
  ) {}

  async open(): Promise<void> {
    this.dir = await mkdtemp(join(tmpdir(), 'mote-keywords-'))
  }

  async close(): Promise<void> {
    if (this.dir) await rm(this.dir, { recursive: true, force: true })
    this.dir = undefined
  }

  /** The utterance at 16 kHz, silence trimmed, on the 16-bit grid. */
  async speak(u: Utterance): Promise<Float32Array> {
    const n = this.counter++
    const raw = join(this.dir!, `u${n}.wav`)
    const out = join(this.dir!, `u${n}-16k.wav`)
    const espeak = ['-v', u.voice, '-s', String(u.speed), '-p', String(u.pitch), '-w', raw, u.text]
    const spoken = await this.runner.run('espeak-ng', espeak, { timeoutMs: 30_000 })
    if (spoken.code !== 0) throw toolFailure('espeak-ng', espeak, spoken.stderr)
    const trim = ['silence', '1', '0.02', '0.5%', 'reverse', 'silence', '1', '0.02', '0.5%', 'reverse']
    await this.sox([raw, '-r', String(DEMO_RATE_HZ), '-c', '1', '-b', '16', out, ...trim])
    const values = await this.read(out)
    await this.fs.rm(raw, { force: true })
    await this.fs.rm(out, { force: true })
    return values
  }

  async noise(bed: NoiseBed): Promise<Float32Array> {
    const out = join(this.dir!, `noise-${bed.name}.wav`)
    await this.sox([
      '-n',
      '-r',
      String(DEMO_RATE_HZ),
      '-c',
      '1',
      '-b',
      '16',
      out,
      'synth',
      String(bed.seconds),
      ...bed.synth,
    ])
    return this.read(out)
  }

  private async sox(args: readonly string[]): Promise<void> {
    // -R: repeatable (fixed seeds for noise and dither), -D: no dither, so a seed gives the same clips
    const result = await this.runner.run('sox', ['-R', '-D', ...args], { timeoutMs: 60_000 })
    if (result.code !== 0) throw toolFailure('sox', args, result.stderr)
  }

  private async read(path: string): Promise<Float32Array> {
    const wav = decodeWav(path, new Uint8Array(await this.fs.readFile(path)))
    if (wav.rateHz !== DEMO_RATE_HZ) throw toolFailure('sox', [path], `rate ${wav.rateHz}`)
    return wav.values
  }
}
