import { describe, expect, it } from 'vitest'
import { applyDeployChange, DEPLOY_LOG_MAX_CHARS, type DeployStatus } from '../../src/shared/api/device-test'

const idle: DeployStatus = { job: null, stage: null, report: null, error: null, log: 'old run\n' }

describe('a deploy status change without the whole log', () => {
  it('appends the added text, restarts the log when told, and keeps the rest of the status as sent', () => {
    const stage = { stage: 'compile' as const, fraction: 0.5, phrase: 'Compiling model.c' }
    const restarted = applyDeployChange(idle, { ...idle, logReset: true, logAppend: '$ avr-gcc a.c\n' })
    expect(restarted.log).toBe('$ avr-gcc a.c\n')
    const next = applyDeployChange(restarted, { ...restarted, stage, logAppend: '$ avr-gcc b.c\n' })
    expect(next).toEqual({ ...idle, stage, log: '$ avr-gcc a.c\n$ avr-gcc b.c\n' })
    expect(applyDeployChange(next, { ...next, stage: null })).toEqual({ ...next, stage: null })
  })

  it('keeps only the end of a log longer than the limit', () => {
    const long = applyDeployChange(idle, { ...idle, logAppend: 'x'.repeat(DEPLOY_LOG_MAX_CHARS) + 'end' })
    expect(long.log.length).toBe(DEPLOY_LOG_MAX_CHARS)
    expect(long.log.endsWith('end')).toBe(true)
  })
})
