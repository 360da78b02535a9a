import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { trainFailure } from '../../../core/train/errors'
import type { Sample } from '../../../core/dataset/sample'
import type { ProjectDesign } from '../../../core/train/design'
import type { DemoInfo, DemoKind, DemoService as DemoApi } from '../../../shared/api/demo'
import type { ProjectSummary } from '../../../shared/api/project'
import { SampleStore } from '../dataset/sample-store'
import { createProjectFolder, openManifest } from '../project/open-project'
import type { ProjectService } from '../project/project-service'
import { projectErrors } from '../project/project-errors'
import { ProjectStore } from '../project/project-store'
import type { FileSystem } from '../system/file-system'
import type { ProcessRunner } from '../system/process-runner'
import { findExecutable } from '../system/which'
import { DESIGN_FILE } from '../train/project-files'
import { digitsDesign, importDigitsTable } from './digits-demo'
import { gestureSamples, gesturesDesign, keywordSamples, keywordsDesign } from './demo-samples'
import { generateKeywordClips } from './keywords-demo'
import { SpeechSynth } from './speech-synth'
import { vibrationDesign, vibrationSamples } from './vibration-demo'

export interface DemoServiceOptions {
  readonly project: ProjectService
  readonly fs: FileSystem
  readonly runner: ProcessRunner
  readonly appVersion: string
  readonly now?: () => Date
  /** Where demo folders are suggested (default: ~/Mote). */
  readonly demosDir?: string
  /** Where to look for espeak-ng and sox (default: PATH). */
  readonly searchPath?: string
  /** Progress of a long creation (the keywords demo), for the CLI. */
  readonly onProgress?: (phrase: string) => void
}

const NAMES: Readonly<Record<DemoKind, string>> = {
  gestures: 'Gestures demo',
  keywords: 'Keywords demo',
  vibration: 'Vibration demo',
  digits: 'Digits demo',
}

/**
 * Creates demo projects. All data is made before the folder is touched, so a missing tool or a failing
 * synthesis leaves nothing behind; then the folder is created, the samples and design.json written (values
 * before index, each file atomically), and the project opened.
 */
export class DemoService implements DemoApi {
  constructor(private readonly options: DemoServiceOptions) {}

  async list(): Promise<readonly DemoInfo[]> {
    const missing = await this.missingTools()
    const [gestures, keywords] = [await this.freeDir('gestures'), await this.freeDir('keywords')]
    return [
      { kind: 'gestures', available: true, suggestedDir: gestures },
      missing.length === 0
        ? { kind: 'keywords', available: true, suggestedDir: keywords }
        : { kind: 'keywords', available: false, missing: missingMessage(missing), suggestedDir: keywords },
      { kind: 'vibration', available: true, suggestedDir: await this.freeDir('vibration') },
      { kind: 'digits', available: true, suggestedDir: await this.freeDir('digits') },
    ]
  }

  async create(kind: DemoKind, dirInput: string): Promise<ProjectSummary> {
    const dir = resolve(dirInput)
    const now = (this.options.now ?? (() => new Date()))()
    const entries = await this.options.fs.readdir(dir).catch(() => [] as string[])
    if (entries.length > 0) throw projectErrors.notEmpty(dir)
    // The digits demo imports its table into the new folder; the others make their samples first.
    const data = kind === 'digits' ? undefined : await this.demoData(kind, now)
    const fs = this.options.fs
    await createProjectFolder(fs, dir, NAMES[kind], this.options.appVersion, now)
    const { manifest } = await openManifest(fs, dir)
    const store = new ProjectStore(dir, manifest, fs)
    let design: ProjectDesign
    if (data === undefined) {
      this.options.onProgress?.('Importing import/digits.csv (one sample per row)')
      design = digitsDesign(await importDigitsTable(store, fs, now.toISOString()))
    } else {
      this.options.onProgress?.(`Writing ${data.samples.length} samples`)
      await new SampleStore(store).add(data.samples)
      design = data.design
    }
    await store.writeJson(DESIGN_FILE, design)
    await store.flush()
    return this.options.project.open(dir)
  }

  private async demoData(kind: DemoKind, now: Date): Promise<{ samples: Sample[]; design: ProjectDesign }> {
    if (kind === 'keywords') return this.keywords(now)
    if (kind === 'vibration') {
      const samples = vibrationSamples(now)
      return { samples, design: vibrationDesign(samples) }
    }
    return this.gestures(now)
  }

  private gestures(now: Date): { samples: Sample[]; design: ProjectDesign } {
    const samples = gestureSamples(now)
    return { samples, design: gesturesDesign(samples) }
  }

  private async keywords(now: Date): Promise<{ samples: Sample[]; design: ProjectDesign }> {
    const missing = await this.missingTools()
    if (missing.length > 0)
      throw trainFailure('DemoFailed', `The keywords demo cannot be made: ${missingMessage(missing)}`)
    const synth = new SpeechSynth(this.options.runner, this.options.fs)
    await synth.open()
    try {
      const clips = await generateKeywordClips(synth, {
        onProgress: (done, total) => {
          if (done % 40 === 0 || done === total)
            this.options.onProgress?.(`Synthesising clip ${done} of ${total}`)
        },
      })
      const samples = keywordSamples(clips, now)
      return { samples, design: keywordsDesign(samples) }
    } finally {
      await synth.close()
    }
  }

  /** `<demosDir>/<kind>-demo`, or `-2`, `-3`… when that exists and is not empty. */
  private async freeDir(kind: DemoKind): Promise<string> {
    const root = this.options.demosDir ?? join(homedir(), 'Mote')
    for (let n = 1; ; n++) {
      const dir = join(root, n === 1 ? `${kind}-demo` : `${kind}-demo-${n}`)
      const entries = await this.options.fs.readdir(dir).catch(() => [] as string[])
      if (entries.length === 0) return dir
    }
  }

  private async missingTools(): Promise<string[]> {
    const missing: string[] = []
    for (const tool of ['espeak-ng', 'sox']) {
      if ((await findExecutable(this.options.fs, tool, this.options.searchPath)) === undefined)
        missing.push(tool)
    }
    return missing
  }
}

function missingMessage(tools: readonly string[]): string {
  return `${tools.join(' and ')} ${tools.length > 1 ? 'are' : 'is'} not installed. Install ${tools.length > 1 ? 'them' : 'it'} (Debian/Ubuntu: sudo apt-get install ${tools.join(' ')}; macOS: brew install ${tools.join(' ')}) and try again.`
}
