import { partition } from '@aws-sdk/core/client'
import { oneLine, statusToken, withoutSecrets } from './log-safety.js'
import { proxyRefusalAdvice } from './proxy.js'

/** A mistake the user can fix (an input, a file, a permission): reported as a message, never a stack trace. */
export class ConfigurationError extends Error {
  override name = 'ConfigurationError'
}

/** ECR could not give a verdict (a failed scan, a timeout): reported as a message with what to do next. */
export class ScanError extends Error {
  override name = 'ScanError'
}

/** A fault on the path to ECR (throttling, 5xx, network) that outlasted the SDK's retries: worth polling again. */
export class TransientError extends ScanError {
  override name = 'TransientError'
}

/** ECR asked for no request before a time past wait-timeout: none may honour it, so the run ends wherever it was asked. */
export class RetryAfterRefusal extends ScanError {
  override name = 'RetryAfterRefusal'
}

const RETRY_AFTER_PAST_DEADLINE = Symbol('Retry-After past the deadline')

/** Marks an AWS error whose Retry-After reaches past wait-timeout: explainAwsError then ends the wait with it. */
export function refuseRetryAfter(error: unknown, until: Date): void {
  if (typeof error === 'object' && error !== null) Object.defineProperty(error, RETRY_AFTER_PAST_DEADLINE, { value: until })
}

/** The whole message of anything thrown (a non-Error value as its string); errorText gives it as one safe line. */
export function errorMessage(error: unknown): string {
  return withoutSecrets(error instanceof Error ? error.message : String(error))
}

/**
 * A report file that could not be written: which file, where, the input that named it, why, and how to turn it off.
 * `none` names what an empty input writes none of.
 */
export function fileWriteError(file: string, path: string, input: string, none: string, error: unknown): ConfigurationError {
  const reason = errorMessage(error).replace(/\.$/, '')
  return new ConfigurationError(`Could not write ${file} "${path}" (input ${input}): ${reason}. Fix ${input}, or set it empty to write no ${none}.`)
}

/** True for errors the user is meant to read as a plain message. */
export function isActionable(error: unknown): error is ConfigurationError | ScanError {
  return error instanceof ConfigurationError || error instanceof ScanError
}

interface AwsErrorShape {
  name?: string
  message?: string
  $metadata?: { httpStatusCode?: number }
}

export interface ImageTarget {
  repositoryName: string
  /** Kept beside a digest for the reports and the comment; ECR is always asked by the digest when there is one. */
  imageTag?: string
  imageDigest?: string
  registryId?: string
  region: string
}

/** Describes the image as the user named it, for error messages. */
export function describeTarget(target: ImageTarget): string {
  return `${imageName(target)} in ${registryName(target)} (${target.region})`
}

function imageName(target: ImageTarget): string {
  return `${target.repositoryName}${target.imageDigest ? `@${target.imageDigest}` : `:${target.imageTag ?? ''}`}`
}

function registryName(target: ImageTarget): string {
  return target.registryId ? `registry ${target.registryId}` : 'the default registry of these credentials'
}

/** Where in a policy file or VEX document a problem is, as people write it: ignore[2].reason. */
export function documentPath(parts: readonly PropertyKey[]): string {
  return parts
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${keyText(part)}`))
    .join('')
}

// Keys come from the user's file, which a pull request can fill with one key of a megabyte.
const MAX_KEY_SHOWN = 100

function keyText(key: PropertyKey): string {
  const text = String(key)
  return text.length > MAX_KEY_SHOWN ? `${text.slice(0, MAX_KEY_SHOWN - 1)}…` : text
}

const CONFIGURE_CREDENTIALS = 'Configure them before this step, for example with aws-actions/configure-aws-credentials'

/**
 * Turns the AWS errors a user can fix into ConfigurationErrors that say what to do;
 * anything else is returned unchanged so a bug keeps its stack.
 */
export function explainAwsError(error: unknown, target: ImageTarget, action: string): unknown {
  const aws = error as AwsErrorShape
  const name = aws?.name ?? ''
  // The first paragraph says what AWS refused; a signature error goes on to quote the canonical request.
  const said = withoutSecrets(aws?.message?.split(/\n\s*\n/)[0]?.trim() ?? '')
  const detail = said ? ` ECR said: ${said}` : ''
  if (/Signature (expired|not yet current)/i.test(said) || name === 'RequestExpired') {
    // SigV4 signatures carry the runner's time; AWS refuses one more than 5 minutes off its own.
    return new ConfigurationError(
      `AWS refused the request as signed too long ago or ahead (${name}): the runner's clock is more than 5 minutes off. Sync it (NTP on a self-hosted runner) and rerun.${detail}`
    )
  }
  switch (name) {
    case 'AccessDeniedException':
    case 'AccessDenied':
    case 'UnauthorizedOperation':
      return new ConfigurationError(`Access denied calling ecr:${action} for ${describeTarget(target)}. ${grantAdvice(said, action)}${detail}`)
    case 'RepositoryNotFoundException':
      return new ConfigurationError(
        `Repository ${target.repositoryName} does not exist in ${registryName(target)} (${target.region}), so image ${imageName(target)} cannot be gated. Check repository-name/image, registry-id and region.${detail}`
      )
    case 'ImageNotFoundException':
      return new ConfigurationError(
        `Image ${describeTarget(target)} was not found. Check the tag or digest${target.imageDigest ? " (docker/build-push-action's `digest` output, not its `imageid`)" : ''}, and that the push finished before this step.${detail}`
      )
    case 'InvalidParameterException':
      return new ConfigurationError(`ECR rejected the request for ${describeTarget(target)}.${detail}`)
    case 'UnrecognizedClientException':
    case 'InvalidSignatureException':
    case 'IncompleteSignatureException':
    case 'SignatureDoesNotMatch':
    case 'MissingAuthenticationTokenException':
    case 'InvalidClientTokenId':
    case 'NotAuthorized':
    case 'ExpiredTokenException':
      return new ConfigurationError(`AWS credentials were refused (${name}). ${CONFIGURE_CREDENTIALS}, and make sure the session lasts as long as wait-timeout.${detail}`)
    case 'CredentialsProviderError':
      // The SDK found nothing to sign with: no request left, so ECR said nothing.
      return new ConfigurationError(
        `No AWS credentials: the SDK found none in the environment, a profile, web identity or instance metadata. ${CONFIGURE_CREDENTIALS} ` +
          '(OIDC needs `permissions: id-token: write`). Workflows run for pull requests from forks get no secrets and no OIDC token.' +
          (said ? ` The SDK said: ${said}` : '')
      )
    case 'EndpointError':
      // The SDK's endpoint rules refuse the environment's settings before any request (dual-stack or FIPS beside a
      // custom endpoint, a region the partition lacks): the runner's configuration, not a bug.
      return new ConfigurationError(
        `The AWS SDK could not work out the ECR endpoint for region ${target.region}: ${firstLine(aws?.message)}. Check AWS_ENDPOINT_URL_ECR, AWS_ENDPOINT_URL, AWS_USE_DUALSTACK_ENDPOINT and AWS_USE_FIPS_ENDPOINT in the job's environment.`
      )
    case 'OptInRequired':
      return new ConfigurationError(
        `The AWS account is not opted in to region ${target.region}, so ECR there cannot be called. Check the region.${detail}`
      )
    default:
      return explainTransportError(error, target, action) ?? explainServiceError(error, target, action)
  }
}

// Any other answer ECR gave (ValidationException, an error a later API version adds) is ECR's word on
// this request, not a bug in the gate: name it and what ECR said, without a stack.
function explainServiceError(error: unknown, target: ImageTarget, action: string): unknown {
  const shaped = error as AwsErrorShape & { $fault?: string }
  if (shaped?.$fault === undefined && shaped?.$metadata?.httpStatusCode === undefined) return error
  const status = shaped.$metadata?.httpStatusCode
  return new ScanError(
    `ECR refused ecr:${action} for ${describeTarget(target)}: ${oneLine(shaped.name, 100) || 'error'} (HTTP ${status ?? '?'}): ${firstLine(shaped.message)}.`
  )
}

// Enhanced scanning reads its findings through Amazon Inspector: AWS then names inspector2:ListFindings, not the ECR call.
function grantAdvice(said: string, action: string): string {
  const named = /not authorized to perform:? ([a-z0-9-]+:[A-Za-z0-9*]+)/.exec(said)?.[1]
  if (named && named !== `ecr:${action}`) {
    return `Grant the role the IAM action ${named}${named.startsWith('inspector2:') ? ' on Resource "*" (enhanced scanning reads its findings through Amazon Inspector)' : ''} (see the minimal IAM policy in the README).`
  }
  return `Grant the role the IAM action ecr:${action} on the repository (see the minimal IAM policy in the README).`
}

/**
 * The first line of an AWS or network message, one line, at most 300 characters, secrets replaced. The SDK appends its
 * own hints on further lines ("Deserialization error: to see the raw response…"): the first line is what the service
 * or the network said.
 */
export function firstLine(message: string | undefined): string {
  return oneLine(withoutSecrets((message ?? '').split('\n')[0] ?? ''), 300).replace(/\.+$/, '')
}

/** True when the AWS SDK's partition data names this region (a region it only matches by pattern is unknown to it). */
function knownRegion(region: string): boolean {
  return 'description' in partition(region)
}

// EPROTO: a TLS handshake that failed (a middlebox, or an endpoint that speaks no TLS).
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED', 'EPROTO'])

// Certificates Node would not trust (a TLS-inspecting proxy's, most often): retrying cannot change them.
const CERTIFICATE_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_UNTRUSTED',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID'
])

// Node's agent could not open a tunnel through HTTPS_PROXY (see proxy.ts): the proxy answered CONNECT with an error,
// or hung up. Its message names the proxy without its credentials.
function explainProxyRefusal(error: unknown, target: ImageTarget, action: string): ScanError {
  const status = (error as { statusCode?: unknown }).statusCode
  const said = firstLine((error as { message?: string }).message)
  const refused = `The proxy would not connect to ECR for ecr:${action} for ${describeTarget(target)}: ${said}.`
  const advice = proxyRefusalAdvice(status, 'HTTPS_PROXY', "ECR's host")
  return advice ? new ConfigurationError(`${refused} ${advice}`) : new TransientError(`${refused} Check the proxy in HTTPS_PROXY, and rerun.`)
}

// Throttling, 5xx and network faults that outlast the SDK's retries are not bugs: say what failed, without a stack.
function explainTransportError(error: unknown, target: ImageTarget, action: string): ScanError | ConfigurationError | undefined {
  const shaped = error as AwsErrorShape & { code?: string; $metadata?: { httpStatusCode?: number; attempts?: number } }
  const status = shaped?.$metadata?.httpStatusCode
  const attempts = shaped?.$metadata?.attempts
  const tries = attempts ? ` after ${attempts} attempt${attempts === 1 ? '' : 's'}` : ''
  const said = firstLine(shaped?.message)
  const until = (error as { [RETRY_AFTER_PAST_DEADLINE]?: Date } | undefined)?.[RETRY_AFTER_PAST_DEADLINE]
  if (until) {
    // Not transient: polling on before that time would call against ECR's word, and no poll after it fits the wait.
    return new RetryAfterRefusal(
      `ecr:${action} for ${describeTarget(target)} got ${statusToken(shaped.name ?? 'error')} (HTTP ${status ?? '?'}): ${said}, with a Retry-After asking for no new request before ${Number.isNaN(until.getTime()) ? 'a time too far off to read' : until.toISOString()}, after wait-timeout ends. The gate stops rather than call against that: rerun later, or raise wait-timeout.`
    )
  }
  if ((status !== undefined && (status >= 500 || status === 429)) || /Throttl|TooManyRequests|LimitExceeded|SlowDown/.test(shaped?.name ?? '')) {
    return new TransientError(
      `ECR kept failing ecr:${action} for ${describeTarget(target)}${tries}: ${statusToken(shaped.name ?? 'error')} (HTTP ${status ?? '?'}): ${said}. This is on the AWS side; rerun the job.`
    )
  }
  // The SDK's pipeline marks a body it could not parse with $metadata: a proxy's page or a cut-off answer, not a bug.
  if (shaped?.name === 'SyntaxError' && shaped.$metadata) {
    return new TransientError(
      `ECR's answer to ecr:${action} for ${describeTarget(target)} could not be read (HTTP ${status ?? '?'}: ${said}). A proxy in the way, or a cut-off or malformed response; check the network path to ECR and rerun.`
    )
  }
  if (shaped?.code === 'ENOTFOUND' && !knownRegion(target.region) && !process.env.AWS_ENDPOINT_URL_ECR && !process.env.AWS_ENDPOINT_URL) {
    // A name DNS cannot find for a region the SDK does not know is a typo (us-est-1), not a passing DNS failure (which
    // also reads ENOTFOUND on hosted runners): polling on would wait out wait-timeout for an endpoint that is not there.
    return new ConfigurationError(
      `ECR's endpoint could not be found for ${describeTarget(target)}: ${said}. ${target.region} is no region this AWS SDK knows: check it for a typo.`
    )
  }
  if (shaped?.code === 'ERR_PROXY_TUNNEL') return explainProxyRefusal(error, target, action)
  if (status === 407) {
    // ECR never asks for proxy credentials: HTTP_PROXY does, for an http: endpoint (HTTPS_PROXY's tunnel is above).
    return new ConfigurationError(
      `The proxy refused ecr:${action} for ${describeTarget(target)} (HTTP 407: it wants credentials). ${proxyRefusalAdvice(407, 'HTTP_PROXY', "ECR's host")}`
    )
  }
  if (shaped?.code !== undefined && (shaped.code.startsWith('ERR_SSL_') || CERTIFICATE_CODES.has(shaped.code))) {
    return new ConfigurationError(
      `The TLS connection to ECR failed during ecr:${action} for ${describeTarget(target)}: ${statusToken(shaped.code)}: ${said}. ` +
        "A proxy that inspects TLS shows its own certificate: give the job its CA with NODE_EXTRA_CA_CERTS in the workflow's env. " +
        'An HTTPS_PROXY written https:// for a proxy that speaks plain HTTP fails like this too: write http://.'
    )
  }
  if (shaped?.name === 'TimeoutError' || (shaped?.code !== undefined && NETWORK_CODES.has(shaped.code))) {
    const dns = shaped.code === 'ENOTFOUND' ? ` DNS could not find the endpoint: check the region (${target.region}) and AWS_ENDPOINT_URL_ECR or AWS_ENDPOINT_URL if set.` : ''
    return new TransientError(
      `The connection to ECR failed during ecr:${action} for ${describeTarget(target)}${tries}: ${statusToken(shaped.code ?? shaped.name ?? 'error')}: ${said}.${dns || ' Check the network path to ECR (endpoint, proxy) and request-timeout, and rerun.'}`
    )
  }
  return undefined
}
