import type { SampleMeta } from '../dataset/sample'
import { durationMs } from '../dataset/sample'
import { sampleWindowCount } from '../dsp'
import type { ProjectDesign } from './design'
import { sampleDspMeta } from './design'
import { designMismatch } from './design-fit'
import { trainFailure } from './errors'

/**
 * The bad-input checks run before any feature is computed, each failing with a sentence that names the
 * samples and the fix (13xxx): no data, empty or unknown labels, samples whose kind/rate/axes differ from the
 * design, windows longer than samples, too few training windows per class, classes absent from the test split.
 */

function describe(meta: SampleMeta): string {
  return `${meta.id} ("${meta.label}", ${meta.source || 'no source'})`
}

/** "1 sample has" / "3 samples have": a count with its noun and verb in agreement. */
function counted(n: number, noun: string, singularVerb = '', pluralVerb = ''): string {
  const phrase = `${n} ${noun}${n === 1 ? '' : 's'}`
  const verb = n === 1 ? singularVerb : pluralVerb
  return verb ? `${phrase} ${verb}` : phrase
}

function listSome(metas: readonly SampleMeta[]): string {
  const shown = metas.slice(0, 3).map(describe).join(', ')
  return metas.length > 3 ? `${shown} and ${metas.length - 3} more` : shown
}

export function checkLabels(design: ProjectDesign, samples: readonly SampleMeta[]): void {
  if (samples.length === 0)
    throw trainFailure(
      'NoData',
      'The project has no samples. Capture or import data first, or open a demo project.',
    )
  const empty = samples.filter((s) => s.label.trim() === '')
  if (empty.length > 0)
    throw trainFailure(
      'BadLabel',
      `${counted(empty.length, 'sample', 'has', 'have')} an empty label: ${listSome(empty)}. Label them in the Dataset view or remove them.`,
    )
  const known = new Set(design.labels)
  const unknown = samples.filter((s) => !known.has(s.label))
  if (unknown.length > 0) {
    const names = [...new Set(unknown.map((s) => `"${s.label}"`))].join(', ')
    throw trainFailure(
      'BadLabel',
      `${counted(unknown.length, 'sample', 'is', 'are')} labelled ${names}, which the design's output does not list. Add the label in the Design view's Output block (or \`mote design set labels='[…]'\`), or relabel or remove those samples.`,
    )
  }
}

export function checkInputs(design: ProjectDesign, samples: readonly SampleMeta[]): void {
  const want = design.input
  const axes = want.axes.join(', ')
  const mismatched = samples.filter((s) => designMismatch(want, s) !== null)
  if (mismatched.length === 0) return
  const first = mismatched[0]!
  throw trainFailure(
    'InputMismatch',
    `${counted(mismatched.length, 'sample', 'does', 'do')} not match the design's input (${want.kind}, ${want.rateHz} Hz, axes ${axes}): ` +
      `${describe(first)} is ${first.kind}, ${first.rateHz} Hz, axes ${first.axes.map((a) => a.name).join(', ')}. ` +
      'In the Dataset view, show the samples that do not match the design and rename their axes or resample them; or remove them, or change the design input to match them.',
  )
}

export function checkWindowFits(design: ProjectDesign, samples: readonly SampleMeta[]): void {
  if (design.input.kind === 'image') return
  const short = samples.filter(
    (s) => sampleWindowCount(s.length * s.axes.length, sampleDspMeta(s), design.features) === 0,
  )
  if (short.length === 0) return
  const shortest = Math.min(...short.map((s) => durationMs(s)))
  throw trainFailure(
    'WindowTooLong',
    `The ${design.features.window.lengthMs} ms window is longer than ${counted(short.length, 'sample')}, e.g. ${describe(short[0]!)} of ${Math.round(durationMs(short[0]!))} ms. ` +
      `Shorten the window to at most ${Math.floor(shortest)} ms, turn on zero-padding, or remove the short samples.`,
  )
}

/** Windows of training samples per label (before the validation split). */
export function trainingWindowsPerLabel(
  design: ProjectDesign,
  samples: readonly SampleMeta[],
): Map<string, number> {
  const counts = new Map(design.labels.map((l) => [l, 0]))
  for (const s of samples) {
    if (s.category !== 'training') continue
    counts.set(
      s.label,
      (counts.get(s.label) ?? 0) +
        sampleWindowCount(s.length * s.axes.length, sampleDspMeta(s), design.features),
    )
  }
  return counts
}

export function checkClassCounts(design: ProjectDesign, samples: readonly SampleMeta[]): void {
  const min = design.training.minWindowsPerClass
  for (const [label, count] of trainingWindowsPerLabel(design, samples)) {
    if (count < min) {
      throw trainFailure(
        'TooFewWindows',
        `Class "${label}" has ${counted(count, 'training window')}; training needs at least ${min} per class. Capture more "${label}" data, shorten the window stride, or remove the class from the design.`,
      )
    }
  }
  const tested = new Set(samples.filter((s) => s.category === 'testing').map((s) => s.label))
  const missing = design.labels.filter((l) => !tested.has(l))
  if (missing.length > 0) {
    throw trainFailure(
      'MissingTestClass',
      `Class${missing.length > 1 ? 'es' : ''} ${missing.map((l) => `"${l}"`).join(', ')} ${missing.length > 1 ? 'have' : 'has'} no samples in the test split, so the model cannot be tested on ${missing.length > 1 ? 'them' : 'it'}. Move some of ${missing.length > 1 ? 'their' : 'its'} samples to the test split in the Dataset view.`,
    )
  }
}

/** All checks, in the order a user would fix them. */
export function checkTrainingData(design: ProjectDesign, samples: readonly SampleMeta[]): void {
  checkLabels(design, samples)
  checkInputs(design, samples)
  checkWindowFits(design, samples)
  checkClassCounts(design, samples)
}
