import { describe, expect, it } from 'vitest'
import { CredentialsRejectedError, PlatformError } from '../platform'
import { ApiFailure } from './api-failure'
import { inWords, startFailure } from './start-failure'

describe('what the user is told when a workspace cannot be reached', () => {
  it('says a network failure in words, never as a system code', () => {
    const error = new PlatformError(
      'Checking the API key: the platform could not be reached (ENOTFOUND).',
      null,
      'network',
    )
    const failure = startFailure(error)
    expect(failure).toBeInstanceOf(ApiFailure)
    expect((failure as ApiFailure).code).toBe('workspace-unreachable')
    expect((failure as ApiFailure).message).toBe(
      'Checking the API key: the platform could not be reached (no server has that name). Check the base URL and your network, then try again.',
    )
  })

  it('drops a code it has no words for, and leaves an HTTP status alone', () => {
    expect(inWords('Listing the services: the platform could not be reached (EWHATEVER).')).toBe(
      'Listing the services: the platform could not be reached.',
    )
    expect(inWords('Checking the API key: the platform answered HTTP 503.')).toBe(
      'Checking the API key: the platform answered HTTP 503.',
    )
    expect(inWords('the platform could not be reached (ECONNREFUSED).')).toBe(
      'the platform could not be reached (nothing answered at that address).',
    )
  })

  it('leaves out the wire fields an answer lacked', () => {
    expect(
      inWords(
        'Checking the API key: the answer does not have the documented shape (key_id, workspace_id).',
      ),
    ).toBe(
      "Checking the API key: the answer is not one the platform would send: is this the platform's address?",
    )
  })

  it('passes a rejected key on with its message', () => {
    const failure = startFailure(new CredentialsRejectedError('Checking the API key', 401))
    expect(failure).toMatchObject({ code: 'credentials-rejected' })
    expect((failure as ApiFailure).message).not.toMatch(/authMe|[A-Z]{4,}\)/)
  })
})
