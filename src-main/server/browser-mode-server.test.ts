import { request } from 'node:http'
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startBrowserModeServer, type BrowserModeServer } from './browser-mode-server'

const TOKEN = 'test-token-0123456789abcdefghijklmnopqrstuv'

/** A raw request, so that paths and Host headers go out exactly as written. */
function rawGet(server: BrowserModeServer, path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>(
    (resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: server.port, path, method: 'GET', headers },
        (res) => {
          let body = ''
          res.setEncoding('utf8')
          res.on('data', (chunk: string) => {
            body += chunk
          })
          res.on('end', () => {
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body })
          })
        },
      )
      req.on('error', reject)
      req.end()
    },
  )
}

describe('browser-mode server', () => {
  let dir: string
  let server: BrowserModeServer
  let cookie: string

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'co-renderer-'))
    await mkdir(join(dir, 'assets'))
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>Call Observer</title>')
    await writeFile(join(dir, 'assets', 'index-abc.js'), 'console.log(1)')
    await writeFile(join(dir, '..', 'co-secret.txt'), 'outside the renderer')
    server = await startBrowserModeServer({ rendererDir: dir, token: TOKEN })
    cookie = `call_observer_${server.port}=${TOKEN}`
  })

  afterAll(async () => {
    await server.close()
    await rm(dir, { recursive: true, force: true })
    await rm(join(dir, '..', 'co-secret.txt'), { force: true })
  })

  it('listens on loopback and hands out a launch URL with the token', () => {
    expect(server.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(server.launchUrl).toBe(`${server.origin}/?token=${TOKEN}`)
  })

  it('refuses a request without the token, saying what to open instead', async () => {
    const response = await rawGet(server, '/')
    expect(response.status).toBe(401)
    expect(response.body).toContain('launch token')
  })

  it('refuses a wrong token and a wrong cookie', async () => {
    expect((await rawGet(server, '/?token=guess')).status).toBe(401)
    const wrongCookie = { Cookie: `call_observer_${server.port}=guess` }
    expect((await rawGet(server, '/', wrongCookie)).status).toBe(401)
  })

  it('trades the launch token for a same-site, script-proof cookie and drops it from the URL', async () => {
    const response = await rawGet(server, `/?token=${TOKEN}`)
    expect(response.status).toBe(303)
    expect(response.headers.location).toBe('/')
    expect(String(response.headers['set-cookie'])).toBe(
      `${cookie}; HttpOnly; SameSite=Strict; Path=/`,
    )
  })

  it.each([
    ['/.//evil.example/', '/evil.example/'],
    ['//evil.example/', '/evil.example/'],
    ['/\\evil.example', '/evil.example'],
    ['/\\\\evil.example/x', '/evil.example/x'],
    ['/%2F%2Fevil.example', '/%2F%2Fevil.example'],
    ['/./\\/evil.example?a=1', '/evil.example?a=1'],
  ])('redirects %s with the token only to a path on its own origin', async (path, expected) => {
    const separator = path.includes('?') ? '&' : '?'
    const response = await rawGet(server, `${path}${separator}token=${TOKEN}`)
    expect(response.status).toBe(303)
    const location = String(response.headers.location)
    expect(location).toBe(expected)
    // A browser resolves it against our origin: it must stay there.
    expect(new URL(location, server.origin).origin).toBe(server.origin)
  })

  it('refuses a request target that is not a path (an absolute URL)', async () => {
    const response = await rawGet(server, `http://evil.example/?token=${TOKEN}`)
    expect(response.status).toBe(400)
    expect(response.headers.location).toBeUndefined()
  })

  it('serves the renderer under a strict CSP once the cookie is presented', async () => {
    const page = await rawGet(server, '/', { Cookie: cookie })
    expect(page.status).toBe(200)
    expect(page.body).toContain('<title>Call Observer</title>')
    expect(page.headers['content-security-policy']).toContain("script-src 'self'")
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'")
    const asset = await rawGet(server, '/assets/index-abc.js', { Cookie: cookie })
    expect(asset.headers['content-type']).toBe('text/javascript; charset=utf-8')
  })

  it('never serves a file outside the renderer folder', async () => {
    for (const path of [
      '/../co-secret.txt',
      '/%2e%2e/co-secret.txt',
      '/assets/..%2f..%2fco-secret.txt',
    ]) {
      const response = await rawGet(server, path, { Cookie: cookie })
      expect(response.status).toBe(404)
      expect(response.body).not.toContain('outside the renderer')
    }
  })

  it('refuses a request addressed to another host name (DNS rebinding)', async () => {
    const response = await rawGet(server, '/', {
      Cookie: cookie,
      Host: `attacker.example:${server.port}`,
    })
    expect(response.status).toBe(421)
  })

  it('keeps two instances from sharing a session cookie', async () => {
    const other = await startBrowserModeServer({ rendererDir: dir })
    try {
      expect(other.port).not.toBe(server.port)
      expect((await rawGet(other, '/', { Cookie: cookie })).status).toBe(401)
    } finally {
      await other.close()
    }
  })
})
