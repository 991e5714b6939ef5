import { jest } from '@jest/globals'

const setSecret = jest.fn<(secret: string) => void>()
jest.unstable_mockModule('@actions/core', () => ({ setSecret }))
const { explainAwsError, errorMessage, firstLine, isActionable, ...errorClasses } = await import('../src/errors.js')
const { errorText, maskCredentials, maskResolvedSecrets, withoutSecrets } = await import('../src/log-safety.js')

const target = { repositoryName: 'app', imageTag: 'v1', region: 'us-east-1' }
const saved = { ...process.env }
const SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'
const SESSION_TOKEN = 'IQoJb3JpZ2luX2VjEXAMPLETOKEN+abc/def=='

beforeEach(() => {
  Object.assign(process.env, { AWS_SECRET_ACCESS_KEY: SECRET_KEY, AWS_SESSION_TOKEN: SESSION_TOKEN })
  setSecret.mockClear()
})
afterAll(() => {
  process.env = saved
})

// What Node's agent throws when HTTPS_PROXY answers CONNECT with an error (its message names the proxy without credentials).
function tunnelError(status: number, reason: string): Error {
  const message = `Failed to establish tunnel to api.ecr.us-east-1.amazonaws.com:443 via http://proxy.corp.example:3128/: HTTP/1.1 ${status} ${reason}`
  return Object.assign(new Error(message), { code: 'ERR_PROXY_TUNNEL', statusCode: status })
}

function awsError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400 } })
}

describe('access denied names the IAM action AWS says is missing', () => {
  test('the ECR action itself, on the repository', () => {
    const error = explainAwsError(awsError('AccessDeniedException', 'User: arn:aws:sts::1:assumed-role/ci is not authorized to perform: ecr:DescribeImageScanFindings on resource: arn:aws:ecr:us-east-1:1:repository/app'), target, 'DescribeImageScanFindings')
    expect((error as Error).message).toMatch(/Grant the role the IAM action ecr:DescribeImageScanFindings on the repository/)
  })

  test('inspector2:ListFindings, which enhanced scanning needs on Resource "*"', () => {
    const error = explainAwsError(awsError('AccessDeniedException', 'User: arn:aws:sts::1:assumed-role/ci is not authorized to perform: inspector2:ListFindings on resource: *'), target, 'DescribeImageScanFindings')
    expect((error as Error).message).toMatch(/^Access denied calling ecr:DescribeImageScanFindings for app:v1 .*\. Grant the role the IAM action inspector2:ListFindings on Resource "\*" \(enhanced scanning/)
  })
})

describe('what outlasts the retries is named as a transient failure, or as what the user must fix', () => {
  const { TransientError, ConfigurationError, ScanError } = errorClasses
  const shapes: [string, unknown, unknown, RegExp][] = [
    ['HTTP 429 under any name', Object.assign(new Error('slow down'), { name: 'Whatever', $metadata: { httpStatusCode: 429 } }), TransientError, /ECR kept failing .*Whatever \(HTTP 429\)/],
    ['a LimitExceeded name', Object.assign(new Error('rate'), { name: 'LimitExceededException', $metadata: {} }), TransientError, /ECR kept failing/],
    ['a reset connection', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), TransientError, /The connection to ECR failed .*ECONNRESET/],
    ['a request timeout', Object.assign(new Error('timed out'), { name: 'TimeoutError' }), TransientError, /The connection to ECR failed .*TimeoutError/],
    ['an unparsable answer from the SDK pipeline', Object.assign(new Error('Unexpected token <'), { name: 'SyntaxError', $metadata: { httpStatusCode: 200 } }), TransientError, /could not be read \(HTTP 200/],
    ['an account not opted in to the region', awsError('OptInRequired', 'not subscribed'), ConfigurationError, /not opted in to region us-east-1/],
    ['a service fault without an HTTP status', Object.assign(new Error('odd'), { name: 'ValidationException', $fault: 'client' }), ScanError, /ECR refused ecr:DescribeImageScanFindings for app:v1 .*: ValidationException \(HTTP \?\): odd\.$/],
    ['an endpoint DNS cannot find for a region the SDK knows (a passing DNS failure on a hosted runner)', Object.assign(new Error('getaddrinfo ENOTFOUND api.ecr.us-east-1.amazonaws.com'), { code: 'ENOTFOUND' }), TransientError, /ENOTFOUND api\.ecr\.us-east-1\.amazonaws\.com\. DNS could not find the endpoint: check the region \(us-east-1\)/],
    ['a passing DNS failure', Object.assign(new Error('getaddrinfo EAI_AGAIN api.ecr.us-east-1.amazonaws.com'), { code: 'EAI_AGAIN' }), TransientError, /The connection to ECR failed/],
    ['a failed TLS handshake', Object.assign(new Error('write EPROTO 40:error:0A00010B:SSL routines:ssl3_get_record:wrong version number'), { code: 'EPROTO' }), TransientError, /The connection to ECR failed .*EPROTO/],
    ['a proxy that wants credentials for its tunnel (407)', tunnelError(407, 'Proxy Authentication Required'), ConfigurationError, /^The proxy would not connect to ECR for ecr:DescribeImageScanFindings for app:v1 .*HTTP\/1\.1 407 Proxy Authentication Required\. Check the user name and password in HTTPS_PROXY/],
    ['a proxy whose rules refuse ECR (403)', tunnelError(403, 'Forbidden'), ConfigurationError, /403 Forbidden\. The proxy's rules refuse ECR's host: have it allowed, or list it in NO_PROXY/],
    ['a proxy that cannot reach ECR just now (503)', tunnelError(503, 'Service Unavailable'), TransientError, /503 Service Unavailable\. Check the proxy in HTTPS_PROXY, and rerun\.$/],
    ['an HTTP_PROXY that wants credentials (407 to an http: endpoint)', Object.assign(new Error('UnknownError'), { name: 'Unknown', $metadata: { httpStatusCode: 407 } }), ConfigurationError, /^The proxy refused ecr:DescribeImageScanFindings for app:v1 .*\(HTTP 407: it wants credentials\)\. Check the user name and password in HTTP_PROXY/],
    ['a certificate Node does not trust (a TLS-inspecting proxy)', Object.assign(new Error('self-signed certificate in certificate chain'), { code: 'SELF_SIGNED_CERT_IN_CHAIN' }), ConfigurationError, /^The TLS connection to ECR failed .*SELF_SIGNED_CERT_IN_CHAIN: self-signed certificate in certificate chain\. .*NODE_EXTRA_CA_CERTS/],
    ['an https:// proxy that speaks plain HTTP', Object.assign(new Error('C0866:error:0A00010B:SSL routines:tls_validate_record_header:wrong version number'), { code: 'ERR_SSL_WRONG_VERSION_NUMBER' }), ConfigurationError, /ERR_SSL_WRONG_VERSION_NUMBER: .*write http:\/\/\.$/],
    ['a proxy that hangs up on the tunnel', Object.assign(new Error('Connection to establish proxy tunnel ended unexpectedly'), { code: 'ERR_PROXY_TUNNEL' }), TransientError, /^The proxy would not connect to ECR .*ended unexpectedly\./]
  ]
  test.each(shapes)('%s', (_, error, kind, message) => {
    const explained = explainAwsError(error, target, 'DescribeImageScanFindings')
    expect(explained).toBeInstanceOf(kind as new () => Error)
    expect((explained as Error).message).toMatch(message)
  })

  test('an endpoint DNS cannot find for a region the SDK does not know is a typo: the run ends, naming it', () => {
    const notFound = Object.assign(new Error('getaddrinfo ENOTFOUND api.ecr.us-est-1.amazonaws.com'), { code: 'ENOTFOUND' })
    const explained = explainAwsError(notFound, { ...target, region: 'us-est-1' }, 'DescribeImageScanFindings')
    expect(explained).toBeInstanceOf(ConfigurationError)
    expect((explained as Error).message).toMatch(/ENOTFOUND api\.ecr\.us-est-1\.amazonaws\.com\. us-est-1 is no region this AWS SDK knows: check it for a typo\.$/)
    // With an endpoint of the user's own (LocalStack), the region names no host: a failure there is the network's.
    process.env.AWS_ENDPOINT_URL_ECR = 'http://localstack:4566'
    try {
      expect(explainAwsError(notFound, { ...target, region: 'us-est-1' }, 'DescribeImageScanFindings')).toBeInstanceOf(TransientError)
    } finally {
      delete process.env.AWS_ENDPOINT_URL_ECR
    }
  })

  test.each([
    ['AccessDenied', /^Access denied calling ecr:DescribeImageScanFindings for app:v1/],
    ['UnauthorizedOperation', /^Access denied calling ecr:DescribeImageScanFindings for app:v1/],
    ['InvalidParameterException', /^ECR rejected the request for app:v1 .*ECR said: refused$/],
    ['UnrecognizedClientException', /^AWS credentials were refused \(UnrecognizedClientException\)/],
    ['IncompleteSignatureException', /^AWS credentials were refused \(IncompleteSignatureException\)/],
    ['NotAuthorized', /^AWS credentials were refused \(NotAuthorized\)/],
    ['EndpointError', /^The AWS SDK could not work out the ECR endpoint for region us-east-1: refused\. Check AWS_ENDPOINT_URL_ECR/]
  ])('%s is the user\'s to fix: the run ends at once, saying what to change', (name, message) => {
    const explained = explainAwsError(awsError(name, 'refused'), target, 'DescribeImageScanFindings')
    expect(explained).toBeInstanceOf(ConfigurationError)
    expect((explained as Error).message).toMatch(message)
  })

  test.each(['ECONNREFUSED', 'EPIPE', 'ECONNABORTED'])('a connection that failed with %s is a passing fault, polled again', (code) => {
    const explained = explainAwsError(Object.assign(new Error(`${code} on the way`), { code }), target, 'DescribeImageScanFindings')
    expect(explained).toBeInstanceOf(TransientError)
    expect((explained as Error).message).toMatch(new RegExp(`^The connection to ECR failed .*: ${code}: `))
  })

  test.each(['TooManyRequestsException', 'SlowDown'])('%s without an HTTP status is throttling, polled again', (name) => {
    const explained = explainAwsError(Object.assign(new Error('slow down'), { name }), target, 'DescribeImageScanFindings')
    expect(explained).toBeInstanceOf(TransientError)
    expect((explained as Error).message).toMatch(/^ECR kept failing/)
  })

  test('with AWS_ENDPOINT_URL set, a name DNS cannot find is the network\'s, whatever the region', () => {
    const notFound = Object.assign(new Error('getaddrinfo ENOTFOUND ecr.internal'), { code: 'ENOTFOUND' })
    process.env.AWS_ENDPOINT_URL = 'http://ecr.internal:4566'
    try {
      expect(explainAwsError(notFound, { ...target, region: 'us-est-1' }, 'DescribeImageScanFindings')).toBeInstanceOf(TransientError)
    } finally {
      delete process.env.AWS_ENDPOINT_URL
    }
  })

  test('a connection that timed out at the socket (ETIMEDOUT) is a passing fault, polled again', () => {
    const explained = explainAwsError(Object.assign(new Error('connect ETIMEDOUT 52.0.0.1:443'), { code: 'ETIMEDOUT' }), target, 'DescribeImageScanFindings')
    expect(explained).toBeInstanceOf(TransientError)
    expect((explained as Error).message).toMatch(/^The connection to ECR failed during ecr:DescribeImageScanFindings for app:v1 .*: ETIMEDOUT: connect ETIMEDOUT 52\.0\.0\.1:443\. Check the network path/)
  })

  test('a Retry-After past wait-timeout ends the run as a plain message, not a bug with a stack', () => {
    expect(isActionable(new errorClasses.RetryAfterRefusal('rerun later'))).toBe(true)
  })

  test('a message that ends in a period is not given a second one', () => {
    const explained = explainAwsError(awsError('ValidationException', 'The key is disabled.'), target, 'DescribeImageScanFindings')
    expect((explained as Error).message).toMatch(/: The key is disabled\.$/)
  })

  test('a SyntaxError of the gate\'s own code stays a bug, with its stack', () => {
    const bug = new SyntaxError('Unexpected token')
    expect(explainAwsError(bug, target, 'DescribeImageScanFindings')).toBe(bug)
  })
})

describe('credentials never reach a message', () => {
  test('a signature error keeps its first paragraph, without the canonical request that quotes the session token', () => {
    const message = `The request signature we calculated does not match.\n\nThe Canonical String for this request should have been\n'POST\nx-amz-security-token:${SESSION_TOKEN}'`
    const text = errorMessage(explainAwsError(awsError('InvalidSignatureException', message), target, 'DescribeImageScanFindings'))
    expect(text).toMatch(/ECR said: The request signature we calculated does not match\.$/)
    expect(text).not.toContain(SESSION_TOKEN)
  })

  test.each([
    ['the secret key from the environment', `key ${SECRET_KEY} here`, 'key *** here'],
    ['the session token from the environment', `token=${SESSION_TOKEN}`, 'token=***'],
    ['the session token percent-encoded, as a URL or a signed query quotes it', `?token=${encodeURIComponent(SESSION_TOKEN)}&x=1`, '?token=***&x=1'],
    ['a security token header of another session', 'x-amz-security-token:FwoGZXIvYXdzEXAMPLE&x=1', 'x-amz-security-token:***&x=1'],
    ['a SigV4 signature', 'Signature=0123456789abcdef0123456789abcdef', 'Signature=***'],
    ['a GitHub token pasted into the wrong input', 'severity-threshold: got "ghp_abcdefghijklmnopqrstuvwxyz0123"', 'severity-threshold: got "***"'],
    ['the GITHUB_TOKEN of a run (ghs_)', 'got "ghs_abcdefghijklmnopqrstuvwxyz0123"', 'got "***"'],
    ['HTTP basic credentials as actions/checkout leaves them', 'got "basic eC1hY2Nlc3MtdG9rZW46Z2hzX3NlY3JldA=="', 'got "basic ***"'],
    ['a bearer token', 'Authorization: Bearer abcdefghijklmnop.qrstuvwxyz', 'Authorization: Bearer ***'],
    ['credentials in a URL, however short', 'tunnel via http://a:b@proxy.corp:3128 failed', 'tunnel via http://***@proxy.corp:3128 failed'],
    ['a user name alone in a URL (a token, as git takes it)', 'cannot reach https://ghp_short@github.com/x', 'cannot reach https://***@github.com/x'],
    ['a proxy URL of any scheme a proxy has, in any case', 'via SOCKS5H://u:p@proxy:1080 or HTTP://u:p@proxy', 'via SOCKS5H://***@proxy:1080 or HTTP://***@proxy'],
    ['an @ past the host of a URL, untouched', 'see https://github.com/org/repo@v1 and user@example.com', 'see https://github.com/org/repo@v1 and user@example.com'],
    ['an image reference with a scheme, untouched', 'got "docker://repo@sha256:abab"; drop "docker://"', 'got "docker://repo@sha256:abab"; drop "docker://"'],
    ['a git remote, untouched', 'cannot fetch ssh://git@github.com/org/repo', 'cannot fetch ssh://git@github.com/org/repo'],
    ['a URL that a comma ends in prose, untouched', 'see https://example.com,admin@corp.example', 'see https://example.com,admin@corp.example'],
    ['ordinary text, untouched', 'CVE-2026-1234 in openssl 3.0.2', 'CVE-2026-1234 in openssl 3.0.2'],
    ['words after "basic" that are no credential, untouched', 'basic scanning gives no fixed version', 'basic scanning gives no fixed version']
  ])('%s', (_, text, expected) => {
    expect(withoutSecrets(text)).toBe(expected)
  })

  test('a long message of many words is cleaned in one pass, not one per word', () => {
    // Each `a.` starts a word that could open a URL's scheme: rescanning the rest from each took minutes at this size.
    const message = `${'a.'.repeat(150_000)} http://u:pw@proxy:3128`
    const started = performance.now()
    expect(withoutSecrets(message).endsWith(' http://***@proxy:3128')).toBe(true)
    expect(performance.now() - started).toBeLessThan(2_000)
  })

  test('each way a message is taken cleans it on its own', () => {
    const explained = explainAwsError(awsError('AccessDeniedException', `denied for ${SESSION_TOKEN}`), target, 'DescribeImageScanFindings') as Error
    expect(explained.message).not.toContain(SESSION_TOKEN)
    expect(errorMessage(new Error(`key ${SECRET_KEY}`))).toBe('key ***')
    expect(firstLine(`key ${SECRET_KEY}`)).toBe('key ***')
  })

  test('a message is cleaned before it is cut: a secret across the cut leaves no part of it behind', () => {
    const text = errorText(new Error(`${'x'.repeat(290)} ${SESSION_TOKEN} more`), 300)
    expect(text).not.toContain(SESSION_TOKEN.slice(0, 8))
    expect(text).toContain('***')
    expect(firstLine(`${'y'.repeat(295)} ${SECRET_KEY}`)).not.toContain(SECRET_KEY.slice(0, 4))
  })

  test('an environment secret of 8 characters is replaced; a shorter one would match ordinary words', () => {
    const saved = process.env.AWS_SESSION_TOKEN
    try {
      process.env.AWS_SESSION_TOKEN = 'Tk8chars'
      expect(withoutSecrets('token Tk8chars here')).toBe('token *** here')
      process.env.AWS_SESSION_TOKEN = 'Tk7char'
      expect(withoutSecrets('token Tk7char here')).toBe('token Tk7char here')
    } finally {
      if (saved === undefined) delete process.env.AWS_SESSION_TOKEN
      else process.env.AWS_SESSION_TOKEN = saved
    }
  })

  test.each(['ACTIONS_ID_TOKEN_REQUEST_TOKEN', 'ACTIONS_RUNTIME_TOKEN'])('the runner token %s is registered and replaced too', (name) => {
    const value = 'runner-token-value-0123456789'
    const before = process.env[name]
    try {
      process.env[name] = value
      maskCredentials()
      expect(setSecret).toHaveBeenCalledWith(value)
      expect(withoutSecrets(`said ${value} here`)).toBe('said *** here')
    } finally {
      if (before === undefined) delete process.env[name]
      else process.env[name] = before
    }
  })

  test('credentials the SDK resolved elsewhere are registered once and replaced; the environment\'s are not registered again', () => {
    const fromProfile = 'profile-secret-key-0123456789abcdef'
    // "test" (a test profile's) would have the runner mask the word everywhere; real secrets are long.
    maskResolvedSecrets(fromProfile, SESSION_TOKEN, undefined, 'test')
    maskResolvedSecrets(fromProfile)
    expect(setSecret.mock.calls.map(([secret]) => secret)).toEqual([fromProfile])
    expect(withoutSecrets(`{"key":"${fromProfile}"}`)).toBe('{"key":"***"}')
  })

  test('a resolved secret of 8 characters is registered and replaced; one of 7 is left alone', () => {
    maskResolvedSecrets('Ab3$efgh', 'Ab3$efg')
    expect(setSecret.mock.calls.map(([secret]) => secret)).toEqual(['Ab3$efgh'])
    expect(withoutSecrets('keys Ab3$efgh and Ab3$efg')).toBe('keys *** and Ab3$efg')
  })

  test("maskCredentials registers a proxy's credentials and leaves them out of messages, whether its URL parses or not", () => {
    const saved = { HTTPS_PROXY: process.env.HTTPS_PROXY, http_proxy: process.env.http_proxy }
    // The first cannot be parsed (an unencoded /), and Node quotes such a URL whole in its error.
    process.env.HTTPS_PROXY = 'http://corp:Pr0xyS3cretPass/x@127.0.0.1:9'
    process.env.http_proxy = 'http://u:pw@proxy.corp.example:3128'
    try {
      maskCredentials()
      const registered = setSecret.mock.calls.map(([secret]) => secret)
      expect(registered).toEqual(expect.arrayContaining(['corp:Pr0xyS3cretPass/x', 'Pr0xyS3cretPass/x', 'u:pw']))
      // "pw" alone would have the runner mask that word everywhere.
      expect(registered).not.toContain('pw')
      expect(withoutSecrets(`Invalid proxy URL: ${process.env.HTTPS_PROXY}`)).toBe('Invalid proxy URL: http://***@127.0.0.1:9')
      // A short pair is no word: left out of reports too, quoted alone or in its URL.
      expect(withoutSecrets('proxy said u:pw, and http://u:pw@proxy.corp.example:3128')).toBe('proxy said ***, and http://***@proxy.corp.example:3128')
      expect(withoutSecrets('pw and u: stay')).toBe('pw and u: stay')
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name]
        else process.env[name] = value
      }
    }
  })

  test('a short password with no user name is no pair: neither registered nor scrubbed, or every port would go', () => {
    const saved = process.env.HTTPS_PROXY
    process.env.HTTPS_PROXY = 'http://:1234@proxy.corp.example:3128'
    try {
      maskCredentials()
      expect(setSecret.mock.calls.flat().filter((secret) => String(secret).includes('1234'))).toEqual([])
      expect(withoutSecrets('127.0.0.1:1234 refused arn:aws:ecr:us-east-1:123456789012:repository/app')).toBe(
        '127.0.0.1:1234 refused arn:aws:ecr:us-east-1:123456789012:repository/app'
      )
      // Its URL is still left out of reports.
      expect(withoutSecrets(`bad proxy ${process.env.HTTPS_PROXY}`)).toBe('bad proxy http://***@proxy.corp.example:3128')
    } finally {
      if (saved === undefined) delete process.env.HTTPS_PROXY
      else process.env.HTTPS_PROXY = saved
    }
  })

  test('maskCredentials registers the AWS secrets the environment holds with the runner', () => {
    delete process.env.ACTIONS_RUNTIME_TOKEN
    delete process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN
    maskCredentials()
    expect(setSecret.mock.calls.map(([secret]) => secret)).toEqual([SECRET_KEY, SESSION_TOKEN])
  })
})
