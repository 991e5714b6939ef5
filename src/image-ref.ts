import { ConfigurationError } from './errors.js'

export interface ImageReference {
  registryId: string
  region: string
  repositoryName: string
  imageTag?: string
  imageDigest?: string
}

const DIGEST = /^sha256:[a-f0-9]{64}$/
// ECR repository names: lowercase path components separated by /, each starting with a letter or digit.
const REPOSITORY = /^(?=.{2,256}$)[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,299}$/
// Standard, FIPS and China hosts (ACCOUNT.dkr.ecr[-fips].REGION.amazonaws.com[.cn]), dual-stack ones (….on.aws), the
// European Sovereign Cloud's (amazonaws.eu) and the isolated partitions' (c2s.ic.gov, sc2s.sgov.gov, cloud.adc-e.uk,
// csp.hci.ic.gov); a :443 port names the same registry.
const HOST =
  /^(\d{12})\.dkr[.-]ecr(?:-fips)?\.([a-z0-9-]+)\.(?:amazonaws\.com(?:\.cn)?|amazonaws\.eu|on\.aws|c2s\.ic\.gov|sc2s\.sgov\.gov|cloud\.adc-e\.uk|csp\.hci\.ic\.gov)(?::443)?$/

/** True when the string is a sha256 image digest. */
export function isDigest(value: string): boolean {
  return DIGEST.test(value)
}

/** True when the string is a valid ECR repository name. */
export function isRepositoryName(value: string): boolean {
  return REPOSITORY.test(value)
}

/** True when the string is a valid image tag. */
export function isTag(value: string): boolean {
  return TAG.test(value)
}

/** The account and region an ECR registry host names; undefined for any other host. */
export function parseRegistryHost(host: string): { registryId: string; region: string } | undefined {
  const match = HOST.exec(host.toLowerCase())
  return match ? { registryId: match[1] ?? '', region: match[2] ?? '' } : undefined
}

/**
 * Parses ACCOUNT.dkr.ecr.REGION.amazonaws.com/REPO[:TAG][@sha256:DIGEST], the form
 * docker/build-push-action and amazon-ecr-login produce; with neither tag nor digest it names the tag latest.
 * `input` names the input for error messages.
 */
export function parseImageReference(reference: string, input = 'image'): ImageReference {
  const value = reference.trim()
  const expected = `${input} must look like ACCOUNT.dkr.ecr.REGION.amazonaws.com/REPOSITORY[:TAG][@sha256:DIGEST]`
  const references = value.split(/\s+/)
  if (references.length > 1) {
    // docker/metadata-action's `tags` output holds one reference per line.
    throw new ConfigurationError(`${input} holds ${references.length} references; give one, the ECR one (REGISTRY/REPOSITORY:TAG or @DIGEST).`)
  }
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(value)
  if (scheme) throw new ConfigurationError(`${expected}, without a scheme; got "${value}": drop "${scheme[0]}".`)
  const slash = value.indexOf('/')
  const hostPart = slash < 0 ? value : value.slice(0, slash)
  // Host names are case-insensitive; only the repository and tag after the slash keep their case.
  const host = HOST.exec(hostPart.toLowerCase())
  if (host && value.slice(hostPart.length + 1) === '') {
    // amazon-ecr-login's `registry` output is the host alone.
    throw new ConfigurationError(`${expected}; got "${value}", which names only the registry: append /REPOSITORY:TAG or /REPOSITORY@DIGEST.`)
  }
  if (!host) {
    const got = slash < 0 ? `"${value}" (no registry host)` : `host "${hostPart}", which is not a private ECR registry`
    throw new ConfigurationError(
      `${expected}; got ${got}. The gate reads Amazon ECR's scan findings, which only private ECR registries have ` +
        '(not ECR Public, Docker Hub or another registry): gate the copy pushed to your ECR registry.'
    )
  }
  let rest = value.slice(slash + 1)
  let imageDigest: string | undefined
  const at = rest.indexOf('@')
  if (at >= 0) {
    imageDigest = rest.slice(at + 1)
    rest = rest.slice(0, at)
    if (!isDigest(imageDigest)) {
      throw new ConfigurationError(`${expected}; the digest "${imageDigest}" is not sha256: followed by 64 hex digits.`)
    }
  }
  let imageTag: string | undefined
  const colon = rest.lastIndexOf(':')
  if (colon >= 0) {
    imageTag = rest.slice(colon + 1)
    rest = rest.slice(0, colon)
    if (!isTag(imageTag)) throw new ConfigurationError(`${expected}; the tag "${imageTag}" is not a valid image tag.`)
  }
  if (!isRepositoryName(rest)) {
    throw new ConfigurationError(
      `${expected}; the repository "${rest}" is not a valid ECR repository name (2 to 256 lowercase letters and digits, ` +
        'separated by single ".", "_", "-" or "/").'
    )
  }
  // As docker reads it, and as `docker push` of such a name pushed it.
  if (!imageTag && !imageDigest) imageTag = 'latest'
  return { registryId: host[1] ?? '', region: host[2] ?? '', repositoryName: rest, imageTag, imageDigest }
}
