import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { isAppUrl, rendererEntry, rendererLocation } from './renderer-location'

describe('the renderer location', () => {
  const file = rendererLocation({ devServerUrl: undefined, packaged: false })
  const fileUrl = pathToFileURL(rendererEntry).href

  it('recognises our built page, whatever its route', () => {
    expect(isAppUrl(file, fileUrl)).toBe(true)
    expect(isAppUrl(file, `${fileUrl}#/escalations`)).toBe(true)
    expect(isAppUrl(file, `${fileUrl}?view=live`)).toBe(true)
  })

  it('refuses any other page', () => {
    for (const url of [
      '',
      'about:blank',
      'file:///etc/passwd',
      fileUrl.replace('index.html', 'other.html'),
      fileUrl.replace('file:///', 'file://evil-host/'),
      'https://evil.example/index.html',
      'not a url',
      `${fileUrl.replace('index.html', '')}%E0%A4%A.html`,
    ]) {
      expect(isAppUrl(file, url), url).toBe(false)
    }
  })

  it('trusts the dev server by origin, in development only', () => {
    const dev = rendererLocation({ devServerUrl: 'http://localhost:5173/', packaged: false })
    expect(dev.kind).toBe('dev-server')
    expect(isAppUrl(dev, 'http://localhost:5173/#/live')).toBe(true)
    expect(isAppUrl(dev, 'http://localhost:5174/')).toBe(false)
    expect(isAppUrl(dev, fileUrl)).toBe(false)
    expect(rendererLocation({ devServerUrl: 'http://localhost:5173/', packaged: true }).kind).toBe(
      'file',
    )
    expect(rendererLocation({ devServerUrl: 'javascript:alert(1)', packaged: false }).kind).toBe(
      'file',
    )
  })
})
