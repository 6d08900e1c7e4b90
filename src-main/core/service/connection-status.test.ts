import { describe, expect, it } from 'vitest'
import { stoppedStatus } from '../platform/workspace-stream-status'
import { connectionStatusOf } from './connection-status'

// What the connection badge says for each state of the workspace stream.

const retrying = (reason: 'connection_lost' | 'server_error' | 'idle_timeout', attempt: number) =>
  ({ state: 'reconnecting', attempt, retryAt: 5000, delayMs: 3000, reason, detail: null }) as const

describe('connectionStatusOf', () => {
  it('passes connecting and connected through', () => {
    expect(connectionStatusOf({ state: 'connecting' })).toEqual({ state: 'connecting' })
    expect(connectionStatusOf({ state: 'connected', since: 7 })).toEqual({
      state: 'connected',
      since: 7,
    })
  })

  it('reconnects, with the reason in words and the countdown, after a first failure', () => {
    expect(connectionStatusOf(retrying('connection_lost', 1))).toEqual({
      state: 'reconnecting',
      retryAt: 5000,
      attempt: 1,
      reason: 'the connection to the platform was lost',
    })
  })

  it('says offline when retries keep failing without any answer, still counting down', () => {
    for (const reason of ['connection_lost', 'idle_timeout'] as const) {
      expect(connectionStatusOf(retrying(reason, 2))).toMatchObject({
        state: 'offline',
        message: 'The platform cannot be reached.',
        retryAt: 5000,
      })
    }
  })

  it('keeps "reconnecting" while the platform answers, even with errors', () => {
    expect(connectionStatusOf(retrying('server_error', 4))).toMatchObject({
      state: 'reconnecting',
      attempt: 4,
    })
  })

  it('says the detail in words, never a platform code', () => {
    const withDetail = (
      reason: 'server_error' | 'stream_error' | 'connection_lost',
      detail: string,
    ) => connectionStatusOf({ ...retrying('server_error', 1), reason, detail })
    expect(withDetail('server_error', 'HTTP 503')).toMatchObject({
      reason: 'the platform answered with an error (HTTP 503)',
    })
    expect(withDetail('stream_error', 'stream_unavailable')).toMatchObject({
      reason: 'the platform reported a stream error: stream unavailable',
    })
    expect(withDetail('connection_lost', 'not text/event-stream')).toMatchObject({
      reason: 'the connection to the platform was lost',
    })
  })

  it('says what to do when the platform stops the stream', () => {
    expect(connectionStatusOf(stoppedStatus('credentials_rejected', { httpStatus: 401 }))).toEqual({
      state: 'rejected',
      message: expect.stringMatching(/rejected the API key \(HTTP 401\)/) as unknown,
      action: 'Open Settings and connect again with a valid API key.',
    })
    expect(connectionStatusOf(stoppedStatus('too_many_streams', { maxStreams: 5 }))).toMatchObject({
      state: 'offline',
      retryAt: null,
    })
    expect(connectionStatusOf(stoppedStatus('closed'))).toEqual({ state: 'idle' })
  })
})
