import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { observerEventTypes, workspaceEventTypes } from './catalog'
import { normalizeObserverFrame, normalizeWorkspaceFrame, type NormalizeResult } from './normalize'
import { observerSamples, workspaceSamples } from './testing/samples'

const RUNS = 3000

/** A valid payload with random damage: fields removed, replaced, added, or the whole cut short. */
function mutatedPayload(sample: Record<string, unknown>) {
  const keys = Object.keys(sample)
  return fc
    .record({
      drop: fc.subarray(keys),
      replace: fc.dictionary(fc.constantFrom(...keys, 'extra'), fc.jsonValue(), { maxKeys: 3 }),
      nest: fc.boolean(),
    })
    .map(({ drop, replace, nest }) => {
      const payload: Record<string, unknown> = { ...sample, ...replace }
      for (const key of drop) Reflect.deleteProperty(payload, key)
      return nest ? { data: payload } : payload
    })
}

function frameText(payload: fc.Arbitrary<unknown>) {
  return fc.oneof(
    payload.map((value) => JSON.stringify(value)),
    fc.tuple(payload, fc.nat()).map(([value, cut]) => {
      const text = JSON.stringify(value)
      return text.slice(0, cut % (text.length + 1))
    }),
    fc.string({ unit: 'binary' }),
    fc.jsonValue().map((value) => JSON.stringify(value)),
  )
}

function expectOneOfThreeKinds(result: NormalizeResult<unknown>) {
  expect(['event', 'unknown', 'malformed']).toContain(result.kind)
  if (result.kind === 'malformed') expect(typeof result.raw).toBe('string')
  if (result.kind === 'unknown') expect(typeof result.type).toBe('string')
}

describe('normalizer under random and mutated frames', () => {
  it('never throws on a workspace frame and always returns one of the three kinds', () => {
    const workspaceFrame = fc.constantFrom(...workspaceEventTypes).chain((type) =>
      fc.record({
        id: fc.option(fc.oneof(fc.string(), fc.nat().map(String)), { nil: null }),
        event: fc.oneof(fc.constant(type), fc.string(), fc.constant(null)),
        data: frameText(mutatedPayload(workspaceSamples[type])),
      }),
    )
    fc.assert(
      fc.property(workspaceFrame, (frame) => {
        const result = normalizeWorkspaceFrame(frame)
        expectOneOfThreeKinds(result)
        if (result.kind === 'event') expect(result.event.event_type).toBe(frame.event)
      }),
      { numRuns: RUNS },
    )
  })

  it('never throws on an observer frame and always returns one of the three kinds', () => {
    const observerFrame = fc
      .constantFrom(...observerEventTypes)
      .chain((type) =>
        frameText(
          fc
            .tuple(
              mutatedPayload(observerSamples[type]),
              fc.oneof(fc.constant(type), fc.jsonValue()),
            )
            .map(([payload, typeValue]) => ({ type: typeValue, ...payload })),
        ),
      )
    fc.assert(
      fc.property(observerFrame, (text) => {
        const result = normalizeObserverFrame(text)
        expectOneOfThreeKinds(result)
        if (result.kind === 'event') expect(observerEventTypes).toContain(result.event.type)
      }),
      { numRuns: RUNS },
    )
  })
})
