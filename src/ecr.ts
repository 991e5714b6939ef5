import {
  DescribeImageScanFindingsCommand,
  type DescribeImageScanFindingsCommandOutput,
  ECRClient,
  StartImageScanCommand
} from '@aws-sdk/client-ecr'
import { AwsJson1_1Protocol } from '@aws-sdk/core/protocols'
import { collectBody } from '@smithy/core/protocols'
import { StandardRetryStrategy } from '@smithy/core/retry'
import type { HandlerExecutionContext, HttpResponse, MetadataBearer, OperationSchema, SerdeFunctions } from '@smithy/types'
import { type ImageTarget, explainAwsError } from './errors.js'
import { type Finding, fromBasic, fromEnhanced, isSuppressed } from './finding.js'

/** Basic findings honour up to 1000 a page; enhanced ones come 100 a page whatever is asked. */
export const MAX_RESULTS = 1000

export interface ClientOptions {
  region: string
  requestTimeoutMs: number
}

/** Attempts per request: more than the SDK's 3, so a throttling burst or a 5xx blip is ridden out. */
export const MAX_ATTEMPTS = 6

/** Standard retries, except for quotas that no retry within this run can outlast. */
class GateRetryStrategy extends StandardRetryStrategy {
  override async refreshRetryTokenForRetry(
    ...[token, errorInfo]: Parameters<StandardRetryStrategy['refreshRetryTokenForRetry']>
  ): ReturnType<StandardRetryStrategy['refreshRetryTokenForRetry']> {
    // The SDK counts LimitExceededException as throttling, but on StartImageScan it is the one-scan-a-day quota:
    // retrying only burns the wait.
    if ((errorInfo.error as { name?: string } | undefined)?.name === 'LimitExceededException') throw errorInfo.error
    return super.refreshRetryTokenForRetry(token, errorInfo)
  }
}

const FINDINGS_OPERATION = 'DescribeImageScanFindings'

/**
 * AWS JSON 1.1 with one shortcut: a successful DescribeImageScanFindings page is plain JSON.parse. The SDK's
 * schema-driven reader walks every member of every finding: about 1.5 ms per enhanced page and 5 ms per basic one,
 * most of the gate's own time between pages. The normaliser reads the raw shapes as untrusted anyway; only the
 * scan's two timestamps become Dates here (finding-level timestamps stay epoch seconds, which nothing reads as
 * Dates). Errors and every other operation go through the SDK unchanged.
 */
class FindingsJsonProtocol extends AwsJson1_1Protocol {
  override async deserializeResponse<Output extends MetadataBearer>(
    operationSchema: OperationSchema,
    context: HandlerExecutionContext & SerdeFunctions,
    response: HttpResponse
  ): Promise<Output> {
    if (operationSchema.name !== FINDINGS_OPERATION || response.statusCode >= 300) {
      return super.deserializeResponse<Output>(operationSchema, context, response)
    }
    const bytes = await collectBody(response.body, context)
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')
    const output = findingsPage(text.trim() === '' ? {} : JSON.parse(text))
    output.$metadata = this.deserializeMetadata(response)
    return output as Output
  }
}

/**
 * The page as the code downstream may assume it: the containers it walks are objects and arrays, the strings it
 * branches on are strings, the scan's two timestamps are Dates. Anything else is dropped, as if ECR had left it out.
 */
function findingsPage(parsed: unknown): Record<string, unknown> {
  const page = objectOrUndefined(parsed) ?? {}
  const scan = objectOrUndefined(page.imageScanFindings)
  const status = objectOrUndefined(page.imageScanStatus)
  const imageId = objectOrUndefined(page.imageId)
  return {
    ...page,
    nextToken: stringOrUndefined(page.nextToken),
    imageId: imageId && { imageDigest: stringOrUndefined(imageId.imageDigest), imageTag: stringOrUndefined(imageId.imageTag) },
    imageScanStatus: status && {
      ...status,
      status: stringOrUndefined(status.status),
      description: stringOrUndefined(status.description)
    },
    imageScanFindings: scan && {
      ...scan,
      findings: Array.isArray(scan.findings) ? scan.findings : undefined,
      enhancedFindings: Array.isArray(scan.enhancedFindings) ? scan.enhancedFindings : undefined,
      findingSeverityCounts: objectOrUndefined(scan.findingSeverityCounts),
      imageScanCompletedAt: epochDate(scan.imageScanCompletedAt),
      vulnerabilitySourceUpdatedAt: epochDate(scan.vulnerabilitySourceUpdatedAt)
    }
  }
}

function objectOrUndefined(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}

// AWS JSON sends timestamps as epoch seconds; a number no Date can hold reads as absent, like any other junk.
function epochDate(value: unknown): Date | undefined {
  if (typeof value !== 'number') return undefined
  const date = new Date(Math.round(value * 1000))
  return Number.isFinite(date.getTime()) ? date : undefined
}

/** Builds the ECR client: standard retries with more attempts than the SDK's 3, and a per-request timeout. */
export function createEcrClient(options: ClientOptions): ECRClient {
  return new ECRClient({
    region: options.region,
    maxAttempts: MAX_ATTEMPTS,
    retryStrategy: new GateRetryStrategy(MAX_ATTEMPTS),
    protocol: FindingsJsonProtocol,
    // The middleware stack is resolved once per command type instead of on every page; nothing here changes it later.
    cacheMiddleware: true,
    // Endpoint: the SDK itself honours AWS_ENDPOINT_URL_ECR / AWS_ENDPOINT_URL (LocalStack, tests).
    // Without throwOnRequestTimeout the SDK only logs a late request and keeps waiting on it forever.
    requestHandler: {
      requestTimeout: options.requestTimeoutMs,
      connectionTimeout: options.requestTimeoutMs,
      throwOnRequestTimeout: true
    }
  })
}

function imageId(target: ImageTarget): { imageDigest?: string; imageTag?: string } {
  return target.imageDigest ? { imageDigest: target.imageDigest } : { imageTag: target.imageTag }
}

/** One DescribeImageScanFindings call. */
export function describeScanFindings(
  client: ECRClient,
  target: ImageTarget,
  nextToken?: string,
  abortSignal?: AbortSignal
): Promise<DescribeImageScanFindingsCommandOutput> {
  const command = new DescribeImageScanFindingsCommand({
    repositoryName: target.repositoryName,
    registryId: target.registryId,
    imageId: imageId(target),
    maxResults: MAX_RESULTS,
    nextToken
  })
  // Without options the client reuses its resolved middleware stack (cacheMiddleware) for each page.
  return abortSignal ? client.send(command, { abortSignal }) : client.send(command)
}

/** Asks ECR to start a basic scan of the image. */
export async function startImageScan(client: ECRClient, target: ImageTarget): Promise<void> {
  await client.send(
    new StartImageScanCommand({
      repositoryName: target.repositoryName,
      registryId: target.registryId,
      imageId: imageId(target)
    })
  )
}

export interface ScanFindings {
  findings: Finding[]
  /** DescribeImageScanFindings calls made after the scan was done, page one included. */
  pages: number
  /** ECR's own counts, from page one, to cross-check against what was read. */
  severityCounts: Record<string, number>
  completedAt: Date | undefined
  vulnerabilitySourceUpdatedAt: Date | undefined
}

/** Reads every page of findings, starting from the page the wait already holds, normalising as it goes. */
export async function readAllFindings(
  client: ECRClient,
  target: ImageTarget,
  firstPage: DescribeImageScanFindingsCommandOutput
): Promise<ScanFindings> {
  const findings: Finding[] = []
  let page = firstPage
  let pages = 1
  for (;;) {
    // Ask for the next page before normalising this one, so the normalising hides inside the request's round trip.
    const next = page.nextToken ? describeScanFindings(client, target, page.nextToken) : undefined
    // Marks a failure as handled until it is awaited below; awaiting it still throws.
    next?.catch(() => undefined)
    const scan = page.imageScanFindings
    for (const raw of scan?.findings ?? []) findings.push(fromBasic(raw))
    for (const raw of scan?.enhancedFindings ?? []) findings.push(fromEnhanced(raw))
    if (!next) break
    page = await next.catch((error: unknown) => {
      // A refusal on page 2 of 40 deserves the same plain message as one on the first poll, not a stack trace.
      throw explainAwsError(error, target, 'DescribeImageScanFindings')
    })
    pages++
  }
  const scan = firstPage.imageScanFindings
  return {
    findings,
    pages,
    severityCounts: { ...(scan?.findingSeverityCounts ?? {}) },
    completedAt: scan?.imageScanCompletedAt,
    vulnerabilitySourceUpdatedAt: scan?.vulnerabilitySourceUpdatedAt
  }
}

/** Compares what was read with ECR's own findingSeverityCounts; a difference means findings went missing or moved. */
export function severityCountMismatch(scan: ScanFindings): string | undefined {
  const read: Record<string, number> = {}
  for (const finding of scan.findings) {
    if (isSuppressed(finding)) continue
    const key = finding.rawSeverity || 'UNDEFINED'
    read[key] = (read[key] ?? 0) + 1
  }
  const keys = new Set([...Object.keys(read), ...Object.keys(scan.severityCounts)])
  const differences = [...keys]
    .filter((key) => (read[key] ?? 0) !== (scan.severityCounts[key] ?? 0))
    .map((key) => `${key}: read ${read[key] ?? 0}, ECR counts ${scan.severityCounts[key] ?? 0}`)
  if (differences.length === 0 || Object.keys(scan.severityCounts).length === 0) return undefined
  return `The findings read disagree with ECR's findingSeverityCounts (${differences.join('; ')}). The gate decides on the findings read.`
}
