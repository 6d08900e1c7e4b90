import type { z } from 'zod'
import {
  methodNames,
  type ApiError,
  type AppHandlers,
  type Envelope,
  type MethodInput,
  type MethodName,
} from '../../api'
import { methodInputs } from '../../api/inputs'
import { ApiFailure } from './api-failure'

// The schemas must accept exactly what the contract declares: a drift is a compile error here.
type Inputs = { [M in MethodName]: z.output<(typeof methodInputs)[M]> }
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
export const inputsMatchContract: Same<Inputs, { [M in MethodName]: MethodInput<M> }> = true

function isMethodName(method: unknown): method is MethodName {
  return typeof method === 'string' && (methodNames as readonly string[]).includes(method)
}

function failure(error: ApiError): Envelope<never> {
  return { ok: false, error }
}

/**
 * Runs one command for a transport: checks the method name and validates the input against its
 * schema before the core sees it, and turns every outcome into an envelope (a thrown error never
 * crosses the transport; an unexpected one is reported without its details, which could hold
 * PHI).
 */
export async function dispatch(
  handlers: AppHandlers,
  method: unknown,
  input: unknown,
  onUnexpected: (method: MethodName, error: unknown) => void = () => undefined,
): Promise<Envelope<unknown>> {
  if (!isMethodName(method)) {
    return failure({ code: 'unknown-method', message: 'There is no such command.' })
  }
  const parsed = methodInputs[method].safeParse(input)
  if (!parsed.success) {
    const first = parsed.error.issues[0]
    return failure({ code: 'invalid-input', message: first?.message ?? 'The input is not valid.' })
  }
  const handler = handlers[method] as (input: unknown) => Promise<unknown>
  try {
    return { ok: true, value: await handler(parsed.data) }
  } catch (error) {
    if (error instanceof ApiFailure) return failure({ code: error.code, message: error.message })
    onUnexpected(method, error)
    return failure({
      code: 'internal',
      message: 'Something went wrong inside Call Observer; the details are in its log.',
    })
  }
}
