// The runner's proxy variables as the ECR client's agents get them, and the credentials they hold.
import { describe, expect, test } from '@jest/globals'
import { proxyCredentials, proxyFor, proxySettings } from '../src/proxy.js'

describe('proxySettings', () => {
  test('no proxy variable: no proxy settings, so the agents connect as they always did', () => {
    expect(proxySettings({ NO_PROXY: 'example.com', PATH: '/bin' })).toEqual({ warnings: [] })
  })

  test('lower case wins over upper case, and a URL without a scheme is taken as http://', () => {
    const { env, warnings } = proxySettings({
      HTTPS_PROXY: 'http://upper.example:3128',
      https_proxy: 'http://lower.example:3128',
      HTTP_PROXY: 'proxy.corp.example:8080'
    })
    expect(warnings).toEqual([])
    expect(env).toMatchObject({ HTTPS_PROXY: 'http://lower.example:3128/', HTTP_PROXY: 'http://proxy.corp.example:8080/' })
  })

  test("NO_PROXY's plain domains also match their subdomains, and loopback is never proxied", () => {
    const { env } = proxySettings({ HTTPS_PROXY: 'http://proxy:3128', no_proxy: 'amazonaws.com, .internal,*.corp.example,10.0.0.1-10.0.0.9,host:443' })
    expect(env?.NO_PROXY?.split(',')).toEqual([
      'amazonaws.com',
      '.internal',
      '*.corp.example',
      '10.0.0.1-10.0.0.9',
      'host:443',
      '.amazonaws.com',
      'localhost',
      '127.0.0.0-127.255.255.255',
      '::1'
    ])
  })

  test('a URL that cannot be parsed is left out with a warning that names the variable and never quotes it', () => {
    const secret = 'Pr0xy/S3cret#Pass'
    const { env, warnings } = proxySettings({ HTTPS_PROXY: `http://corp:${secret}@proxy:3128`, HTTP_PROXY: 'http://proxy:3128' })
    expect(env).toEqual({ HTTP_PROXY: 'http://proxy:3128/', NO_PROXY: 'localhost,127.0.0.0-127.255.255.255,::1' })
    expect(warnings).toEqual([expect.stringMatching(/^HTTPS_PROXY is set but is no http\(s\) URL the gate can use/)])
    expect(warnings.join()).not.toContain('S3cret')
  })

  test("a % in the password that starts no escape is the password's own (Node would throw decoding it)", () => {
    const { env, warnings } = proxySettings({ HTTPS_PROXY: 'http://corp:50%offSale!@proxy:3128' })
    expect(warnings).toEqual([])
    expect(env?.HTTPS_PROXY).toBe('http://corp:50%25offSale!@proxy:3128/')
    expect(decodeURIComponent(new URL(env?.HTTPS_PROXY ?? '').password)).toBe('50%offSale!')
  })

  test('a proxy of another scheme (socks5) is left out too: Node proxies through http(s) proxies only', () => {
    const { env, warnings } = proxySettings({ HTTPS_PROXY: 'socks5://proxy:1080' })
    expect(env).toBeUndefined()
    expect(warnings).toHaveLength(1)
  })
})

describe('proxyFor: the proxy a URL goes through, by the rules the ECR client follows', () => {
  const settings = proxySettings({
    HTTPS_PROXY: 'http://secure-proxy:3128',
    HTTP_PROXY: 'http://plain-proxy:3128',
    NO_PROXY: 'amazonaws.com,.corp.example,*.internal.example,ghe.example:8443,10.0.0.1-10.0.0.9'
  })
  test.each([
    ['https://api.github.com', 'http://secure-proxy:3128/'],
    ['http://github.example', 'http://plain-proxy:3128/'],
    ['https://api.ecr.us-east-1.amazonaws.com', undefined],
    ['https://amazonaws.com', undefined],
    ['https://ghe.corp.example/api/v3', undefined],
    ['https://corp.example', undefined],
    ['https://x.internal.example', undefined],
    ['https://ghe.example:8443/api/v3', undefined],
    ['https://ghe.example/api/v3', 'http://secure-proxy:3128/'],
    ['https://notcorp.example', 'http://secure-proxy:3128/'],
    ['http://10.0.0.5:8080', undefined],
    ['http://10.0.0.10:8080', 'http://plain-proxy:3128/'],
    ['http://127.1.2.3:4566', undefined],
    ['http://localhost:4566', undefined],
    ['http://[::1]:4566', undefined]
  ])('%s → %s', (url, proxy) => {
    expect(proxyFor(new URL(url), settings)).toBe(proxy)
  })

  test('no proxy for the scheme, no proxy', () => {
    expect(proxyFor(new URL('https://api.github.com'), proxySettings({ HTTP_PROXY: 'http://plain-proxy:3128' }))).toBeUndefined()
    expect(proxyFor(new URL('https://api.github.com'), proxySettings({}))).toBeUndefined()
  })
})

describe('proxyCredentials', () => {
  test('the user and password part as written and decoded, and the password alone, from valid and broken URLs', () => {
    expect(
      proxyCredentials({
        HTTPS_PROXY: 'http://corp:p%40ss%2Fword1@proxy:3128',
        http_proxy: 'http://corp:Pr0xy/S3cret@proxy:3128',
        HTTP_PROXY: 'proxy:3128'
      }).sort()
    ).toEqual(['Pr0xy/S3cret', 'corp:Pr0xy/S3cret', 'corp:p%40ss%2Fword1', 'corp:p@ss/word1', 'p%40ss%2Fword1', 'p@ss/word1'].sort())
  })
})
