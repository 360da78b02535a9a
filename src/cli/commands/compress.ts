import { basename, resolve } from 'node:path'
import type { Command } from 'commander'
import type { CompressOptions, CompressStatus, Variant } from '../../shared/api/compress'
import {
  COMPRESS_DEFAULTS as D,
  COMPRESS_METHODS,
  FINE_TUNE_DEFAULTS,
  type CompressMethod,
} from '../../shared/api/compress-defaults'
import { runCommand, UsageError, type Output } from '../output'

const METHODS: readonly string[] = COMPRESS_METHODS
const epochsHelp = (['qat', 'prune', 'cluster'] as const)
  .map((m) => `${m} ${FINE_TUNE_DEFAULTS[m].epochs}`)
  .join(', ')

const kb = (bytes: number) => (bytes < 10_000 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KiB`)
const pct = (x: number) => `${(x * 100).toFixed(2)}%`
const pp = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(2)} pp`

/** The variant table as text: one row per variant, the chosen one marked with *. */
export function describeVariants(status: CompressStatus): string {
  if (status.variants.length === 0) return 'No variants yet: run `mote compress --project DIR --method ptq`.'
  const float = status.variants.find((v) => v.method === 'float' && !v.stale)
  const rows = status.variants.map((v) => [
    `${v.chosen ? '*' : ' '} ${v.id}`,
    v.name + (v.stale ? ' (older model)' : ''),
    v.metrics.testWindows === 0 ? '—' : pct(v.metrics.accuracy),
    v.method === 'float' || v.metrics.testWindows === 0
      ? ''
      : pp(v.metrics.accuracy - v.metrics.floatAccuracy),
    String(v.metrics.params),
    kb(v.metrics.weightsFlashBytes) +
      (float && v !== float
        ? ` (${(float.metrics.weightsFlashBytes / v.metrics.weightsFlashBytes).toFixed(1)}×)`
        : ''),
    kb(v.metrics.peakActivationBytes),
    String(v.metrics.macs),
  ])
  const head = ['  id', 'variant', 'accuracy', 'vs float', 'params', 'weights flash', 'peak RAM', 'MACs']
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  const line = (cells: string[]) =>
    cells.map((c, i) => (i >= 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ')
  return [
    line(head),
    ...rows.map(line),
    '',
    'Accuracy: test split on the int8 reference interpreter (float32 for the baseline). * = chosen for deployment.',
  ].join('\n')
}

interface CompressCliOptions {
  project: string
  method?: string
  use?: string
  json?: boolean
  name?: string
  epochs?: string
  learningRate?: string
  calibration?: string
  percentile?: string
  perChannelDense?: boolean
  sparsity?: string
  filters?: string
  temperature?: string
  alpha?: string
  studentPreset?: string
  width?: string
  bits?: string
  from?: string
  import?: string
  export?: string
  out?: string
}

/** The command-line options as `CompressOptions`, validated by the contract's schema. */
export async function parseCompressOptions(o: CompressCliOptions): Promise<CompressOptions> {
  const { compressOptionsSchema, NUMERIC_COMPRESS_OPTIONS } = await import('../../shared/api/compress')
  const raw: Record<string, unknown> = {}
  for (const key of NUMERIC_COMPRESS_OPTIONS) {
    const value = o[key]
    if (value === undefined) continue
    const n = Number(value)
    if (!Number.isFinite(n)) throw new UsageError(`--${kebab(key)} must be a number, not "${value}".`)
    raw[key] = n
  }
  for (const key of ['name', 'calibration', 'studentPreset', 'from'] as const)
    if (o[key] !== undefined) raw[key] = o[key]
  if (o.perChannelDense) raw.perChannelDense = true
  const parsed = compressOptionsSchema.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    throw new UsageError(`--${kebab(String(issue.path[0] ?? ''))}: ${issue.message}.`)
  }
  return parsed.data
}

const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)

export function registerCompressCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('compress')
    .description(
      "compress the project's trained model into a variant (or list, choose, import or export .tflite variants)",
    )
    .requiredOption('--project <dir>', 'project folder')
    .option('--method <method>', `${METHODS.join(', ')} (without it: list the variants)`)
    .option('--use <variant-id>', 'choose this variant for deployment')
    .option('--name <name>', 'a name for the new variant')
    .option('--epochs <n>', `fine-tuning epochs (${epochsHelp}, distill: the design’s)`)
    .option('--learning-rate <x>', 'fine-tuning learning rate (default: a fraction of the design’s)')
    .option('--calibration <method>', `${D.calibration} (default) or percentile`)
    .option('--percentile <p>', `percent of values kept in range by percentile calibration (${D.percentile})`)
    .option('--per-channel-dense', 'one weight scale per neuron in dense layers (default: per tensor)')
    .option('--sparsity <s>', `prune: final share of zero weights per layer, 0 to <1 (${D.sparsity})`)
    .option('--filters <f>', `prune: share of filters/neurons removed per layer, 0 to <1 (${D.filters})`)
    .option('--temperature <t>', `distill: softening temperature (${D.temperature})`)
    .option('--alpha <a>', `distill: weight of the teacher’s soft targets, 0–1 (${D.alpha})`)
    .option(
      '--student-preset <preset>',
      'distill: dense-mlp, cnn-1d, cnn-2d, ds-cnn or mobilenet (default: the teacher’s)',
    )
    .option('--width <w>', `distill: student width, >0 to 1 (${D.width})`)
    .option('--bits <b>', `cluster: bits per weight index before Huffman coding, 1–8 (${D.bits})`)
    .option(
      '--from <variant-id>',
      'start from this variant’s fine-tuned weights (e.g. cluster a pruned variant)',
    )
    .option('--import <file>', 'add a .tflite file as an imported variant (named by --name or the file)')
    .option('--export <variant-id>', 'write this variant as a .tflite file (to --out)')
    .option('--out <file>', 'where --export writes the .tflite file')
    .option('--json', 'print the result as JSON (progress is not printed)')
    .action(async (opts: CompressCliOptions) => {
      setExit(await runCommand(Boolean(opts.json), (out) => compressAction(opts, out)))
    })
}

function checkActions(opts: CompressCliOptions): void {
  if (opts.method !== undefined && !METHODS.includes(opts.method))
    throw new UsageError(`--method must be one of ${METHODS.join(', ')}, not "${opts.method}".`)
  if (opts.import !== undefined && opts.method !== undefined)
    throw new UsageError('--import adds a variant from a file; give it without --method.')
  if ((opts.export === undefined) !== (opts.out === undefined))
    throw new UsageError('--export <variant-id> and --out <file.tflite> go together.')
}

/** Makes a variant (by --method or --import), then chooses (--use) and exports (--export), then lists. */
async function compressAction(opts: CompressCliOptions, out: Output): Promise<void> {
  checkActions(opts)
  const options = await parseCompressOptions(opts)
  const { createCliServices } = await import('../cli-services')
  const { followJob } = await import('../follow-job')
  const services = createCliServices()
  try {
    await services.project.open(opts.project)
    let created: Variant | undefined
    if (opts.method) {
      const job = await services.compress.start({ method: opts.method as CompressMethod, options })
      const stored = services.compress.stored(job.id)
      stored.catch(() => undefined)
      await followJob(services, job, out)
      created = await stored
    }
    if (opts.import) {
      const { readTfliteFile } = await import('../../main/services/compress/tflite-transfer')
      const { nodeFileSystem } = await import('../../main/services/system/file-system')
      const path = resolve(opts.import)
      const file = { name: basename(path), bytes: await readTfliteFile(nodeFileSystem, path) }
      created = await services.compress.importTflite(file, options.name)
    }
    if (opts.use) await services.compress.choose(opts.use)
    const exported = opts.export
      ? await services.compress.exportTflite(opts.export, resolve(opts.out!))
      : undefined
    const status = await services.compress.status()
    out.data(
      {
        ...(created ? { variant: created } : {}),
        ...(exported ? { exported } : {}),
        variants: status.variants,
        chosenId: status.chosenId,
      },
      () =>
        (created ? `Stored variant ${created.id} (${created.name}) in ${created.path}.\n\n` : '') +
        (exported ? `Wrote ${opts.export} to ${exported.path} (${exported.bytes} bytes).\n\n` : '') +
        describeVariants(status),
    )
  } finally {
    await services.dispose()
  }
}
