export const id = 814;
export const ids = [814];
export const modules = {

/***/ 5087:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   bJ: () => (/* binding */ checkoutPathProblem),
/* harmony export */   tk: () => (/* binding */ prepareReportPath)
/* harmony export */ });
/* unused harmony export checkoutRoot */
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);


/** The checkout the workflow runs in: GITHUB_WORKSPACE, else the working directory. */
function checkoutRoot() {
    return process.env.GITHUB_WORKSPACE || process.cwd();
}
/** The path relative to root when it lies inside it, else undefined. */
function inside(root, target) {
    const relative = node_path__WEBPACK_IMPORTED_MODULE_1___default().relative(root, target);
    return relative === '..' || relative.startsWith(`..${(node_path__WEBPACK_IMPORTED_MODULE_1___default().sep)}`) || node_path__WEBPACK_IMPORTED_MODULE_1___default().isAbsolute(relative) ? undefined : relative;
}
function inGitDirectory(relative) {
    return relative.split((node_path__WEBPACK_IMPORTED_MODULE_1___default().sep)).includes('.git');
}
/**
 * Why a path in the checkout must not be read or written through: a symbolic link takes it out of the checkout, or it
 * lies in a .git directory, where actions/checkout leaves the token. A pull request controls every file of the
 * checkout, links included, so a committed link must not make the gate quote or overwrite a file elsewhere. A path the
 * workflow names outside the checkout (the runner's temp directory, /dev/stdout) is the workflow's choice and is left
 * alone. Throws what realpath throws for a path that does not exist.
 */
async function checkoutPathProblem(file, root = checkoutRoot()) {
    const absolute = node_path__WEBPACK_IMPORTED_MODULE_1___default().resolve(root, file);
    const realRoot = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.realpath)(root);
    const given = inCheckout(absolute, root, realRoot);
    if (given === undefined)
        return undefined;
    if (inGitDirectory(given))
        return 'it lies in a .git directory, which holds the checkout\'s credentials';
    const real = inside(realRoot, await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.realpath)(absolute));
    if (real === undefined)
        return 'a symbolic link takes it out of the checkout';
    if (inGitDirectory(real))
        return 'a symbolic link takes it into a .git directory, which holds the checkout\'s credentials';
    return undefined;
}
/**
 * The path relative to the checkout when it lies inside it, as named (root) or as the working directory resolves it
 * (the real path, when the workspace is itself a symbolic link, as on some runners).
 */
function inCheckout(absolute, root, realRoot) {
    return inside(node_path__WEBPACK_IMPORTED_MODULE_1___default().resolve(root), absolute) ?? inside(realRoot, absolute);
}
/**
 * Makes the place for a report file (a path as the writers open it, from the working directory): its directory, created
 * when missing, must not lead out of the checkout, and is checked before anything is created in it; a symbolic link at
 * the file's own path is removed, so the report is written in its place and never through it.
 */
async function prepareReportPath(file, root = checkoutRoot()) {
    const absolute = node_path__WEBPACK_IMPORTED_MODULE_1___default().resolve(file);
    const directory = node_path__WEBPACK_IMPORTED_MODULE_1___default().dirname(absolute);
    const refuse = (problem) => new Error(`${problem}; write reports inside the checkout or to a path outside it that no link leads to`);
    // mkdir -p would follow a committed link out of the checkout and create directories there before any check.
    let existing = directory;
    while (!(await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.lstat)(existing).then(() => true, () => false)) && node_path__WEBPACK_IMPORTED_MODULE_1___default().dirname(existing) !== existing)
        existing = node_path__WEBPACK_IMPORTED_MODULE_1___default().dirname(existing);
    const before = await checkoutPathProblem(existing, root);
    if (before)
        throw refuse(before);
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.mkdir)(directory, { recursive: true });
    // What mkdir created is checked too; a directory that was already there was checked above.
    const problem = existing === directory ? undefined : await checkoutPathProblem(directory, root);
    if (problem)
        throw refuse(problem);
    const relative = inCheckout(absolute, root, await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.realpath)(root));
    // Only a link strictly inside the checkout: the checkout itself may be one.
    if (!relative)
        return;
    const entry = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.lstat)(absolute).catch(() => undefined);
    if (entry?.isSymbolicLink())
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.unlink)(absolute);
}


/***/ }),

/***/ 3916:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $G: () => (/* binding */ RetryAfterRefusal),
/* harmony export */   N_: () => (/* binding */ TransientError),
/* harmony export */   Ni: () => (/* binding */ explainAwsError),
/* harmony export */   RY: () => (/* binding */ refuseRetryAfter),
/* harmony export */   Sw: () => (/* binding */ fileWriteError),
/* harmony export */   TM: () => (/* binding */ firstLine),
/* harmony export */   ff: () => (/* binding */ describeTarget),
/* harmony export */   gJ: () => (/* binding */ errorMessage),
/* harmony export */   j1: () => (/* binding */ ConfigurationError),
/* harmony export */   jW: () => (/* binding */ documentPath),
/* harmony export */   nM: () => (/* binding */ isActionable),
/* harmony export */   sC: () => (/* binding */ ScanError)
/* harmony export */ });
/* harmony import */ var _aws_sdk_core_client__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5152);
/* harmony import */ var _log_safety_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8224);
/* harmony import */ var _proxy_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8903);



/** A mistake the user can fix (an input, a file, a permission): reported as a message, never a stack trace. */
class ConfigurationError extends Error {
    name = 'ConfigurationError';
}
/** ECR could not give a verdict (a failed scan, a timeout): reported as a message with what to do next. */
class ScanError extends Error {
    name = 'ScanError';
}
/** A fault on the path to ECR (throttling, 5xx, network) that outlasted the SDK's retries: worth polling again. */
class TransientError extends ScanError {
    name = 'TransientError';
}
/** ECR asked for no request before a time past wait-timeout: none may honour it, so the run ends wherever it was asked. */
class RetryAfterRefusal extends ScanError {
    name = 'RetryAfterRefusal';
}
const RETRY_AFTER_PAST_DEADLINE = Symbol('Retry-After past the deadline');
/** Marks an AWS error whose Retry-After reaches past wait-timeout: explainAwsError then ends the wait with it. */
function refuseRetryAfter(error, until) {
    if (typeof error === 'object' && error !== null)
        Object.defineProperty(error, RETRY_AFTER_PAST_DEADLINE, { value: until });
}
/** The whole message of anything thrown (a non-Error value as its string); errorText gives it as one safe line. */
function errorMessage(error) {
    return (0,_log_safety_js__WEBPACK_IMPORTED_MODULE_0__/* .withoutSecrets */ .cT)(error instanceof Error ? error.message : String(error));
}
/**
 * A report file that could not be written: which file, where, the input that named it, why, and how to turn it off.
 * `none` names what an empty input writes none of.
 */
function fileWriteError(file, path, input, none, error) {
    const reason = errorMessage(error).replace(/\.$/, '');
    return new ConfigurationError(`Could not write ${file} "${path}" (input ${input}): ${reason}. Fix ${input}, or set it empty to write no ${none}.`);
}
/** True for errors the user is meant to read as a plain message. */
function isActionable(error) {
    return error instanceof ConfigurationError || error instanceof ScanError;
}
/** Describes the image as the user named it, for error messages. */
function describeTarget(target) {
    return `${imageName(target)} in ${registryName(target)} (${target.region})`;
}
function imageName(target) {
    return `${target.repositoryName}${target.imageDigest ? `@${target.imageDigest}` : `:${target.imageTag ?? ''}`}`;
}
function registryName(target) {
    return target.registryId ? `registry ${target.registryId}` : 'the default registry of these credentials';
}
/** Where in a policy file or VEX document a problem is, as people write it: ignore[2].reason. */
function documentPath(parts) {
    return parts
        .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${keyText(part)}`))
        .join('');
}
// Keys come from the user's file, which a pull request can fill with one key of a megabyte.
const MAX_KEY_SHOWN = 100;
function keyText(key) {
    const text = String(key);
    return text.length > MAX_KEY_SHOWN ? `${text.slice(0, MAX_KEY_SHOWN - 1)}…` : text;
}
const CONFIGURE_CREDENTIALS = 'Configure them before this step, for example with aws-actions/configure-aws-credentials';
/**
 * Turns the AWS errors a user can fix into ConfigurationErrors that say what to do;
 * anything else is returned unchanged so a bug keeps its stack.
 */
function explainAwsError(error, target, action) {
    const aws = error;
    const name = aws?.name ?? '';
    // The first paragraph says what AWS refused; a signature error goes on to quote the canonical request.
    const said = (0,_log_safety_js__WEBPACK_IMPORTED_MODULE_0__/* .withoutSecrets */ .cT)(aws?.message?.split(/\n\s*\n/)[0]?.trim() ?? '');
    const detail = said ? ` ECR said: ${said}` : '';
    if (/Signature (expired|not yet current)/i.test(said) || name === 'RequestExpired') {
        // SigV4 signatures carry the runner's time; AWS refuses one more than 5 minutes off its own.
        return new ConfigurationError(`AWS refused the request as signed too long ago or ahead (${name}): the runner's clock is more than 5 minutes off. Sync it (NTP on a self-hosted runner) and rerun.${detail}`);
    }
    switch (name) {
        case 'AccessDeniedException':
        case 'AccessDenied':
        case 'UnauthorizedOperation':
            return new ConfigurationError(`Access denied calling ecr:${action} for ${describeTarget(target)}. ${grantAdvice(said, action)}${detail}`);
        case 'RepositoryNotFoundException':
            return new ConfigurationError(`Repository ${target.repositoryName} does not exist in ${registryName(target)} (${target.region}), so image ${imageName(target)} cannot be gated. Check repository-name/image, registry-id and region.${detail}`);
        case 'ImageNotFoundException':
            return new ConfigurationError(`Image ${describeTarget(target)} was not found. Check the tag or digest${target.imageDigest ? " (docker/build-push-action's `digest` output, not its `imageid`)" : ''}, and that the push finished before this step.${detail}`);
        case 'InvalidParameterException':
            return new ConfigurationError(`ECR rejected the request for ${describeTarget(target)}.${detail}`);
        case 'UnrecognizedClientException':
        case 'InvalidSignatureException':
        case 'IncompleteSignatureException':
        case 'SignatureDoesNotMatch':
        case 'MissingAuthenticationTokenException':
        case 'InvalidClientTokenId':
        case 'NotAuthorized':
        case 'ExpiredTokenException':
            return new ConfigurationError(`AWS credentials were refused (${name}). ${CONFIGURE_CREDENTIALS}, and make sure the session lasts as long as wait-timeout.${detail}`);
        case 'CredentialsProviderError':
            // The SDK found nothing to sign with: no request left, so ECR said nothing.
            return new ConfigurationError(`No AWS credentials: the SDK found none in the environment, a profile, web identity or instance metadata. ${CONFIGURE_CREDENTIALS} ` +
                '(OIDC needs `permissions: id-token: write`). Workflows run for pull requests from forks get no secrets and no OIDC token.' +
                (said ? ` The SDK said: ${said}` : ''));
        case 'EndpointError':
            // The SDK's endpoint rules refuse the environment's settings before any request (dual-stack or FIPS beside a
            // custom endpoint, a region the partition lacks): the runner's configuration, not a bug.
            return new ConfigurationError(`The AWS SDK could not work out the ECR endpoint for region ${target.region}: ${firstLine(aws?.message)}. Check AWS_ENDPOINT_URL_ECR, AWS_ENDPOINT_URL, AWS_USE_DUALSTACK_ENDPOINT and AWS_USE_FIPS_ENDPOINT in the job's environment.`);
        case 'OptInRequired':
            return new ConfigurationError(`The AWS account is not opted in to region ${target.region}, so ECR there cannot be called. Check the region.${detail}`);
        default:
            return explainTransportError(error, target, action) ?? explainServiceError(error, target, action);
    }
}
// Any other answer ECR gave (ValidationException, an error a later API version adds) is ECR's word on
// this request, not a bug in the gate: name it and what ECR said, without a stack.
function explainServiceError(error, target, action) {
    const shaped = error;
    if (shaped?.$fault === undefined && shaped?.$metadata?.httpStatusCode === undefined)
        return error;
    const status = shaped.$metadata?.httpStatusCode;
    return new ScanError(`ECR refused ecr:${action} for ${describeTarget(target)}: ${(0,_log_safety_js__WEBPACK_IMPORTED_MODULE_0__/* .oneLine */ .TN)(shaped.name, 100) || 'error'} (HTTP ${status ?? '?'}): ${firstLine(shaped.message)}.`);
}
// Enhanced scanning reads its findings through Amazon Inspector: AWS then names inspector2:ListFindings, not the ECR call.
function grantAdvice(said, action) {
    const named = /not authorized to perform:? ([a-z0-9-]+:[A-Za-z0-9*]+)/.exec(said)?.[1];
    if (named && named !== `ecr:${action}`) {
        return `Grant the role the IAM action ${named}${named.startsWith('inspector2:') ? ' on Resource "*" (enhanced scanning reads its findings through Amazon Inspector)' : ''} (see the minimal IAM policy in the README).`;
    }
    return `Grant the role the IAM action ecr:${action} on the repository (see the minimal IAM policy in the README).`;
}
/**
 * The first line of an AWS or network message, one line, at most 300 characters, secrets replaced. The SDK appends its
 * own hints on further lines ("Deserialization error: to see the raw response…"): the first line is what the service
 * or the network said.
 */
function firstLine(message) {
    return (0,_log_safety_js__WEBPACK_IMPORTED_MODULE_0__/* .oneLine */ .TN)((0,_log_safety_js__WEBPACK_IMPORTED_MODULE_0__/* .withoutSecrets */ .cT)((message ?? '').split('\n')[0] ?? ''), 300).replace(/\.+$/, '');
}
/** True when the AWS SDK's partition data names this region (a region it only matches by pattern is unknown to it). */
function knownRegion(region) {
    return 'description' in (0,_aws_sdk_core_client__WEBPACK_IMPORTED_MODULE_1__.partition)(region);
}
// EPROTO: a TLS handshake that failed (a middlebox, or an endpoint that speaks no TLS).
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED', 'EPROTO']);
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
]);
// Node's agent could not open a tunnel through HTTPS_PROXY (see proxy.ts): the proxy answered CONNECT with an error,
// or hung up. Its message names the proxy without its credentials.
function explainProxyRefusal(error, target, action) {
    const status = error.statusCode;
    const said = firstLine(error.message);
    const refused = `The proxy would not connect to ECR for ecr:${action} for ${describeTarget(target)}: ${said}.`;
    const advice = (0,_proxy_js__WEBPACK_IMPORTED_MODULE_2__/* .proxyRefusalAdvice */ .rN)(status, 'HTTPS_PROXY', "ECR's host");
    return advice ? new ConfigurationError(`${refused} ${advice}`) : new TransientError(`${refused} Check the proxy in HTTPS_PROXY, and rerun.`);
}
// Throttling, 5xx and network faults that outlast the SDK's retries are not bugs: say what failed, without a stack.
function explainTransportError(error, target, action) {
    const shaped = error;
    const status = shaped?.$metadata?.httpStatusCode;
    const attempts = shaped?.$metadata?.attempts;
    const tries = attempts ? ` after ${attempts} attempt${attempts === 1 ? '' : 's'}` : '';
    const said = firstLine(shaped?.message);
    const until = error?.[RETRY_AFTER_PAST_DEADLINE];
    if (until) {
        // Not transient: polling on before that time would call against ECR's word, and no poll after it fits the wait.
        return new RetryAfterRefusal(`ecr:${action} for ${describeTarget(target)} got ${(0,_log_safety_js__WEBPACK_IMPORTED_MODULE_0__/* .statusToken */ .wP)(shaped.name ?? 'error')} (HTTP ${status ?? '?'}): ${said}, with a Retry-After asking for no new request before ${Number.isNaN(until.getTime()) ? 'a time too far off to read' : until.toISOString()}, after wait-timeout ends. The gate stops rather than call against that: rerun later, or raise wait-timeout.`);
    }
    if ((status !== undefined && (status >= 500 || status === 429)) || /Throttl|TooManyRequests|LimitExceeded|SlowDown/.test(shaped?.name ?? '')) {
        return new TransientError(`ECR kept failing ecr:${action} for ${describeTarget(target)}${tries}: ${(0,_log_safety_js__WEBPACK_IMPORTED_MODULE_0__/* .statusToken */ .wP)(shaped.name ?? 'error')} (HTTP ${status ?? '?'}): ${said}. This is on the AWS side; rerun the job.`);
    }
    // The SDK's pipeline marks a body it could not parse with $metadata: a proxy's page or a cut-off answer, not a bug.
    if (shaped?.name === 'SyntaxError' && shaped.$metadata) {
        return new TransientError(`ECR's answer to ecr:${action} for ${describeTarget(target)} could not be read (HTTP ${status ?? '?'}: ${said}). A proxy in the way, or a cut-off or malformed response; check the network path to ECR and rerun.`);
    }
    if (shaped?.code === 'ENOTFOUND' && !knownRegion(target.region) && !process.env.AWS_ENDPOINT_URL_ECR && !process.env.AWS_ENDPOINT_URL) {
        // A name DNS cannot find for a region the SDK does not know is a typo (us-est-1), not a passing DNS failure (which
        // also reads ENOTFOUND on hosted runners): polling on would wait out wait-timeout for an endpoint that is not there.
        return new ConfigurationError(`ECR's endpoint could not be found for ${describeTarget(target)}: ${said}. ${target.region} is no region this AWS SDK knows: check it for a typo.`);
    }
    if (shaped?.code === 'ERR_PROXY_TUNNEL')
        return explainProxyRefusal(error, target, action);
    if (status === 407) {
        // ECR never asks for proxy credentials: HTTP_PROXY does, for an http: endpoint (HTTPS_PROXY's tunnel is above).
        return new ConfigurationError(`The proxy refused ecr:${action} for ${describeTarget(target)} (HTTP 407: it wants credentials). ${(0,_proxy_js__WEBPACK_IMPORTED_MODULE_2__/* .proxyRefusalAdvice */ .rN)(407, 'HTTP_PROXY', "ECR's host")}`);
    }
    if (shaped?.code !== undefined && (shaped.code.startsWith('ERR_SSL_') || CERTIFICATE_CODES.has(shaped.code))) {
        return new ConfigurationError(`The TLS connection to ECR failed during ecr:${action} for ${describeTarget(target)}: ${(0,_log_safety_js__WEBPACK_IMPORTED_MODULE_0__/* .statusToken */ .wP)(shaped.code)}: ${said}. ` +
            "A proxy that inspects TLS shows its own certificate: give the job its CA with NODE_EXTRA_CA_CERTS in the workflow's env. " +
            'An HTTPS_PROXY written https:// for a proxy that speaks plain HTTP fails like this too: write http://.');
    }
    if (shaped?.name === 'TimeoutError' || (shaped?.code !== undefined && NETWORK_CODES.has(shaped.code))) {
        const dns = shaped.code === 'ENOTFOUND' ? ` DNS could not find the endpoint: check the region (${target.region}) and AWS_ENDPOINT_URL_ECR or AWS_ENDPOINT_URL if set.` : '';
        return new TransientError(`The connection to ECR failed during ecr:${action} for ${describeTarget(target)}${tries}: ${(0,_log_safety_js__WEBPACK_IMPORTED_MODULE_0__/* .statusToken */ .wP)(shaped.code ?? shaped.name ?? 'error')}: ${said}.${dns || ' Check the network path to ECR (endpoint, proxy) and request-timeout, and rerun.'}`);
    }
    return undefined;
}


/***/ }),

/***/ 2018:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AZ: () => (/* binding */ findingIdentity),
/* harmony export */   Bx: () => (/* binding */ isSuppressed),
/* harmony export */   De: () => (/* binding */ packagesKey),
/* harmony export */   F: () => (/* binding */ asciiLower),
/* harmony export */   K$: () => (/* binding */ unknownSeverityWarning),
/* harmony export */   PI: () => (/* binding */ fromEnhanced),
/* harmony export */   oC: () => (/* binding */ SEVERITIES),
/* harmony export */   oP: () => (/* binding */ asciiUpper),
/* harmony export */   qs: () => (/* binding */ severityRank),
/* harmony export */   to: () => (/* binding */ fromBasic)
/* harmony export */ });
/* unused harmony export normaliseSeverity */
/* harmony import */ var _log_safety_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8224);

/** Severities from most to least severe; UNTRIAGED also stands for basic scanning's UNDEFINED. */
const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL', 'UNTRIAGED'];
/** Rank for ordering: higher is more severe. */
function severityRank(severity) {
    return SEVERITIES.length - SEVERITIES.indexOf(severity);
}
// Finding data comes from package metadata anyone can publish, and a future API version may change types:
// every field is coerced rather than trusted.
function text(value) {
    if (typeof value === 'string')
        return value;
    if (typeof value === 'number' && Number.isFinite(value))
        return String(value);
    return '';
}
// Above every reporter's limit (the JSON report keeps 32,768 characters), so each still sees that the text was longer
// and marks the cut as before; a megabyte description from package metadata is not held once per finding.
const MAX_DESCRIPTION = 40_000;
function description(value) {
    const full = text(value);
    if (full.length <= MAX_DESCRIPTION)
        return shared(full);
    // A slice would keep the whole original alive; a round trip through UTF-16 bytes copies it, lone surrogates included.
    return Buffer.from(full.slice(0, MAX_DESCRIPTION), 'utf16le').toString('utf16le');
}
// The same package names, versions, vectors and advisory texts come back in finding after finding (one CVE in several
// packages, several CVEs in one package): one copy of each is enough. Bounded, so unique text cannot grow it forever.
// Longer text is rarely repeated, and V8 hashes very long strings by their length only, which a Map must then compare.
const SHARED_LIMIT = 20_000;
const SHARED_MAX_LENGTH = 4_096;
let sharedText = new Map();
function shared(value) {
    if (value === '' || value.length > SHARED_MAX_LENGTH)
        return value;
    const known = sharedText.get(value);
    if (known !== undefined)
        return known;
    if (sharedText.size >= SHARED_LIMIT)
        sharedText = new Map();
    sharedText.set(value, value);
    return value;
}
function score(value) {
    const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    return typeof n === 'number' && Number.isFinite(n) && n >= 0 && n <= 10 ? n : undefined;
}
// A score of 0 says nothing about the risk of a finding ECR calls vulnerable: it reads as unknown, which min-score
// never exempts (as for enhanced findings and in the SARIF).
function riskScore(value) {
    const n = score(value);
    return n ? n : undefined;
}
/** The CVSS entry with the highest base score: the first one may be CVSS 2, lower than the CVSS 3 beside it. */
function highestCvss(entries) {
    let best = {};
    for (const entry of entries) {
        const candidate = record(entry);
        if ((riskScore(candidate.baseScore) ?? -1) > (riskScore(best.baseScore) ?? -1))
            best = candidate;
    }
    return best;
}
// Ids, package names and statuses compare without case in ASCII only: full Unicode case mapping makes the long s (ſ)
// an S and the Kelvin sign (K) a k, so 'ſuppressed' would drop a finding and a rule written with look-alikes would
// match a name a reviewer reads as different.
/** The text with its ASCII letters in upper case, every other character as it is. */
function asciiUpper(text) {
    return text.replace(/[a-z]+/g, (letters) => letters.toUpperCase());
}
/** The text with its ASCII letters in lower case, every other character as it is. */
function asciiLower(text) {
    return text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
}
function record(value) {
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};
}
function list(value) {
    return Array.isArray(value) ? value : [];
}
/** Maps ECR's severity strings onto ours; anything unknown counts as UNTRIAGED so it is never dropped. */
function normaliseSeverity(value) {
    const upper = text(value).trim().toUpperCase();
    return SEVERITIES.includes(upper) ? upper : 'UNTRIAGED';
}
function yesNo(value) {
    const upper = text(value).toUpperCase();
    return upper === 'YES' || upper === 'NO' ? upper : 'UNKNOWN';
}
/** Normalises a basic-scanning finding. */
function fromBasic(raw) {
    const finding = record(raw);
    const attributes = new Map();
    for (const attribute of list(finding.attributes)) {
        const { key, value } = record(attribute);
        if (typeof key === 'string')
            attributes.set(key, shared(text(value)));
    }
    const id = text(finding.name);
    const packageName = attributes.get('package_name') ?? '';
    const packageVersion = attributes.get('package_version') ?? '';
    const cvss3 = riskScore(attributes.get('CVSS3_SCORE'));
    return {
        kind: 'basic',
        id,
        severity: normaliseSeverity(finding.severity),
        rawSeverity: shared(text(finding.severity)),
        title: packageName ? `${id} - ${packageName}` : id,
        description: description(finding.description),
        link: text(finding.uri),
        packageName,
        packageVersion,
        fixedInVersion: '',
        packages: packageName ? basicPackages(packageName, packageVersion) : [],
        fixAvailable: 'UNKNOWN',
        exploitAvailable: 'UNKNOWN',
        score: cvss3 ?? riskScore(attributes.get('CVSS2_SCORE')),
        vector: cvss3 !== undefined ? (attributes.get('CVSS3_VECTOR') ?? '') : (attributes.get('CVSS2_VECTOR') ?? ''),
        inspectorStatus: '',
        findingArn: ''
    };
}
// A basic finding names one package by name and version, and a package has many CVEs: findings share one frozen list
// per package (frozen, so a change meant for one finding fails loudly instead of changing them all).
let sharedPackages = new Map();
function basicPackages(name, version) {
    const fresh = () => {
        const pkg = Object.freeze({ name, version, fixedInVersion: '', filePath: '', packageManager: '' });
        return Object.freeze([pkg]);
    };
    if (name.length + version.length >= SHARED_MAX_LENGTH)
        return fresh();
    const key = `${name}\u0000${version}`;
    const known = sharedPackages.get(key);
    if (known)
        return known;
    const packages = fresh();
    if (sharedPackages.size >= SHARED_LIMIT)
        sharedPackages = new Map();
    sharedPackages.set(key, packages);
    return packages;
}
function fixedIn(value) {
    const version = text(value);
    // Inspector writes the default epoch ("0:1.2-3") where the installed version has none; they mean the same.
    return version === 'NotAvailable' ? '' : version.replace(/^0:/, '');
}
/** Normalises an enhanced (Amazon Inspector) finding. */
function fromEnhanced(raw) {
    const finding = record(raw);
    const details = record(finding.packageVulnerabilityDetails);
    const packages = list(details.vulnerablePackages).map((item) => {
        const pkg = record(item);
        return {
            name: shared(text(pkg.name)),
            version: shared([text(pkg.version), text(pkg.release)].filter(Boolean).join('-')),
            fixedInVersion: shared(fixedIn(pkg.fixedInVersion)),
            filePath: shared(text(pkg.filePath)),
            packageManager: shared(text(pkg.packageManager))
        };
    });
    const first = packages[0];
    const cvss = record(record(finding.scoreDetails).cvss);
    const listedCvss = highestCvss(list(details.cvss));
    const recommendation = record(record(finding.remediation).recommendation);
    const id = text(details.vulnerabilityId) || text(finding.title).split(' ')[0] || text(finding.findingArn);
    const fix = text(finding.fixAvailable).toUpperCase();
    return {
        kind: 'enhanced',
        id,
        severity: normaliseSeverity(finding.severity),
        rawSeverity: shared(text(finding.severity)),
        title: text(finding.title) || id,
        description: description(finding.description),
        link: text(details.sourceUrl) || text(recommendation.url) || text(list(details.referenceUrls)[0]),
        packageName: first?.name ?? '',
        packageVersion: first?.version ?? '',
        fixedInVersion: first?.fixedInVersion ?? '',
        packages,
        fixAvailable: fix === 'YES' || fix === 'NO' || fix === 'PARTIAL' ? fix : 'UNKNOWN',
        exploitAvailable: yesNo(finding.exploitAvailable),
        score: riskScore(finding.score) ?? riskScore(cvss.score) ?? riskScore(listedCvss.baseScore),
        vector: shared(text(cvss.scoringVector) || text(listedCvss.scoringVector)),
        inspectorStatus: shared(asciiUpper(text(finding.status))),
        findingArn: text(finding.findingArn)
    };
}
/** True for findings Inspector no longer counts (suppressed by a rule, or closed): they are reported apart. */
function isSuppressed(finding) {
    return finding.inspectorStatus === 'SUPPRESSED' || finding.inspectorStatus === 'CLOSED';
}
/** The finding's packages, as copies and reads of a finding are compared. */
function packagesKey(finding) {
    return finding.packages.map((p) => `${p.name}@${p.version}@${p.filePath}`).join(',');
}
/**
 * What names one finding, on one page and across reads: Inspector's ARN (empty for basic findings) with the
 * vulnerability and the packages it is about. The ARN alone is not enough: a listing that put two vulnerabilities, or
 * two packages, under one ARN would count them as one, and the other would never be decided on. Package versions stay
 * out: a later read may name another version of the same finding's package.
 */
function findingIdentity(finding) {
    return `${finding.findingArn}|${finding.kind}|${finding.id}|${finding.packages.map((p) => `${p.name}@${p.filePath}`).join(',')}`;
}
const DEFINED_SEVERITIES = new Set([...SEVERITIES, 'UNDEFINED']);
/** A warning naming the severities ECR sent that are none it defines (each counted as UNTRIAGED), if any. */
function unknownSeverityWarning(findings) {
    const unknown = new Map();
    for (const finding of findings) {
        if (finding.severity !== 'UNTRIAGED')
            continue;
        const raw = finding.rawSeverity.trim().toUpperCase();
        if (!DEFINED_SEVERITIES.has(raw))
            unknown.set(raw, (unknown.get(raw) ?? 0) + 1);
    }
    if (unknown.size === 0)
        return undefined;
    const total = [...unknown.values()].reduce((sum, n) => sum + n, 0);
    // Quoted as harmless tokens: the value is ECR's, but a proxy or a future API may send anything.
    const named = [...unknown].map(([raw, n]) => `${raw ? `"${(0,_log_safety_js__WEBPACK_IMPORTED_MODULE_0__/* .statusToken */ .wP)(raw)}"` : 'none'}: ${n}`);
    return (`${total === 1 ? '1 finding carries' : `${total} findings carry`} a severity ECR does not define ` +
        `(${named.slice(0, 5).join(', ')}${named.length > 5 ? `, and ${named.length - 5} more` : ''}); ` +
        'each counts as UNTRIAGED, which severity-threshold blocks only at UNTRIAGED.');
}


/***/ }),

/***/ 7206:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bc: () => (/* binding */ isDigest),
/* harmony export */   TZ: () => (/* binding */ parseRegistryHost),
/* harmony export */   dz: () => (/* binding */ isTag),
/* harmony export */   en: () => (/* binding */ isRepositoryName),
/* harmony export */   o_: () => (/* binding */ parseImageReference)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);

const DIGEST = /^sha256:[a-f0-9]{64}$/;
// ECR repository names: lowercase path components separated by /, each starting with a letter or digit.
const REPOSITORY = /^(?=.{2,256}$)[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,299}$/;
// Standard, FIPS and China hosts (ACCOUNT.dkr.ecr[-fips].REGION.amazonaws.com[.cn]), dual-stack ones (….on.aws), the
// European Sovereign Cloud's (amazonaws.eu) and the isolated partitions' (c2s.ic.gov, sc2s.sgov.gov, cloud.adc-e.uk,
// csp.hci.ic.gov); a :443 port names the same registry.
const HOST = /^(\d{12})\.dkr[.-]ecr(?:-fips)?\.([a-z0-9-]+)\.(?:amazonaws\.com(?:\.cn)?|amazonaws\.eu|on\.aws|c2s\.ic\.gov|sc2s\.sgov\.gov|cloud\.adc-e\.uk|csp\.hci\.ic\.gov)(?::443)?$/;
/** True when the string is a sha256 image digest. */
function isDigest(value) {
    return DIGEST.test(value);
}
/** True when the string is a valid ECR repository name. */
function isRepositoryName(value) {
    return REPOSITORY.test(value);
}
/** True when the string is a valid image tag. */
function isTag(value) {
    return TAG.test(value);
}
/** The account and region an ECR registry host names; undefined for any other host. */
function parseRegistryHost(host) {
    const match = HOST.exec(host.toLowerCase());
    return match ? { registryId: match[1] ?? '', region: match[2] ?? '' } : undefined;
}
/**
 * Parses ACCOUNT.dkr.ecr.REGION.amazonaws.com/REPO[:TAG][@sha256:DIGEST], the form
 * docker/build-push-action and amazon-ecr-login produce; with neither tag nor digest it names the tag latest.
 * `input` names the input for error messages.
 */
function parseImageReference(reference, input = 'image') {
    const value = reference.trim();
    const expected = `${input} must look like ACCOUNT.dkr.ecr.REGION.amazonaws.com/REPOSITORY[:TAG][@sha256:DIGEST]`;
    const references = value.split(/\s+/);
    if (references.length > 1) {
        // docker/metadata-action's `tags` output holds one reference per line.
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1(`${input} holds ${references.length} references; give one, the ECR one (REGISTRY/REPOSITORY:TAG or @DIGEST).`);
    }
    const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(value);
    if (scheme)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1(`${expected}, without a scheme; got "${value}": drop "${scheme[0]}".`);
    const slash = value.indexOf('/');
    const hostPart = slash < 0 ? value : value.slice(0, slash);
    // Host names are case-insensitive; only the repository and tag after the slash keep their case.
    const host = HOST.exec(hostPart.toLowerCase());
    if (host && value.slice(hostPart.length + 1) === '') {
        // amazon-ecr-login's `registry` output is the host alone.
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1(`${expected}; got "${value}", which names only the registry: append /REPOSITORY:TAG or /REPOSITORY@DIGEST.`);
    }
    if (!host) {
        const got = slash < 0 ? `"${value}" (no registry host)` : `host "${hostPart}", which is not a private ECR registry`;
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1(`${expected}; got ${got}. The gate reads Amazon ECR's scan findings, which only private ECR registries have ` +
            '(not ECR Public, Docker Hub or another registry): gate the copy pushed to your ECR registry.');
    }
    let rest = value.slice(slash + 1);
    let imageDigest;
    const at = rest.indexOf('@');
    if (at >= 0) {
        imageDigest = rest.slice(at + 1);
        rest = rest.slice(0, at);
        if (!isDigest(imageDigest)) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1(`${expected}; the digest "${imageDigest}" is not sha256: followed by 64 hex digits.`);
        }
    }
    let imageTag;
    const colon = rest.lastIndexOf(':');
    if (colon >= 0) {
        imageTag = rest.slice(colon + 1);
        rest = rest.slice(0, colon);
        if (!isTag(imageTag))
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1(`${expected}; the tag "${imageTag}" is not a valid image tag.`);
    }
    if (!isRepositoryName(rest)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1(`${expected}; the repository "${rest}" is not a valid ECR repository name (2 to 256 lowercase letters and digits, ` +
            'separated by single ".", "_", "-" or "/").');
    }
    // As docker reads it, and as `docker push` of such a name pushed it.
    if (!imageTag && !imageDigest)
        imageTag = 'latest';
    return { registryId: host[1] ?? '', region: host[2] ?? '', repositoryName: rest, imageTag, imageDigest };
}


/***/ }),

/***/ 8224:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bs: () => (/* binding */ maskCredentials),
/* harmony export */   KE: () => (/* binding */ listed),
/* harmony export */   SZ: () => (/* binding */ maskResolvedSecrets),
/* harmony export */   TN: () => (/* binding */ oneLine),
/* harmony export */   cT: () => (/* binding */ withoutSecrets),
/* harmony export */   hN: () => (/* binding */ scrubFromReports),
/* harmony export */   kc: () => (/* binding */ errorText),
/* harmony export */   wP: () => (/* binding */ statusToken)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6421);
/* harmony import */ var _proxy_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8903);


// Finding text comes from package metadata anyone can publish. The runner reads the log line by line (and .NET also
// breaks lines at a lone CR), so any line break in that text could start a `::command::` line of its own.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const LINE_BREAKS_AND_CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;
// Bidi overrides and isolates make text display differently from what it is (Trojan Source), and invisible characters
// (Unicode's default-ignorable code points: zero widths, soft hyphen, fillers, tag characters) make CVE-2024-30<ZWSP>94
// read as an id it is not: nobody needs them here.
const HIDDEN_FORMATTING = /(?!\u200c|\u200d|\p{Variation_Selector})[\p{Default_Ignorable_Code_Point}\ufff9-\ufffb]/gu;
// Joiners and variation selectors shape emoji (👨‍👩‍👧, ❤️) and Persian or Indic words, so they stay there; beside ASCII
// they shape nothing and only hide, as in CVE-2024-30<ZWJ>94. A run is tried from its first character only: tried
// from each, a long run between two non-ASCII letters cost its length squared (10 s for 100,000 joiners).
const JOINERS_BY_ASCII = /(?<=\p{ASCII})(?:\u200c|\u200d|\p{Variation_Selector})+|(?<!\u200c|\u200d|\p{Variation_Selector})(?:\u200c|\u200d|\p{Variation_Selector})+(?=[A-Za-z0-9])/gu;
// The runner still reads the old form of a workflow command, `##[name]data`, anywhere in a line, not only at its start.
const OLD_COMMAND = /##\[/g;
const PLAIN = /^[\x21-\x7e]+(?: [\x21-\x7e]+)*$/;
const LONE_SURROGATES = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/** Coerces any value to text: strings as they are, finite numbers as digits, anything else empty. */
function asText(value) {
    if (typeof value === 'string')
        return value;
    if (typeof value === 'number' && Number.isFinite(value))
        return String(value);
    return '';
}
/**
 * Untrusted text as one trimmed line of at most maxChars characters (code points, an ellipsis marking a cut):
 * line breaks and other controls become spaces, bidi controls, invisible characters and broken surrogates go, and the
 * old workflow-command opener `##[` is broken up.
 */
function oneLine(value, maxChars) {
    const raw = asText(value);
    // Printable ASCII words with single spaces is already one clean line: the common case skips the rewriting below.
    if (raw === '' || (raw.length <= maxChars && PLAIN.test(raw) && !raw.includes('##[')))
        return raw;
    // Only the head can be shown, so a megabyte description is cut before any per-character work; the head grows only
    // while what it cleans to is too short to fill the line (text padded with invisible characters or blank lines).
    for (let window = maxChars * 2 + 2;; window *= 4) {
        const head = raw.length > window ? raw.slice(0, window) : raw;
        const chars = Array.from(cleanLine(head));
        if (chars.length > maxChars)
            return `${chars.slice(0, Math.max(0, maxChars - 1)).join('').trimEnd()}…`;
        if (head.length === raw.length)
            return chars.join('');
    }
}
function cleanLine(text) {
    return text
        .replace(LONE_SURROGATES, '\ufffd')
        .replace(HIDDEN_FORMATTING, '')
        .replace(JOINERS_BY_ASCII, '')
        .replace(LINE_BREAKS_AND_CONTROLS, ' ')
        .replace(/ {2,}/g, ' ')
        .replace(OLD_COMMAND, '## [')
        .trim();
}
/**
 * The message of anything thrown, as one safe line without credentials (errors from another realm fail
 * `instanceof Error`); cleaned before it is cut, so no secret is left half there.
 */
function errorText(error, maxChars = 500) {
    const message = error?.message;
    return oneLine(withoutSecrets(typeof message === 'string' ? message : String(error)), maxChars);
}
/** A status or key from the network as one harmless token (at most 40 of [A-Za-z0-9_-], anything else as ?). */
function statusToken(value) {
    return value.replace(/[^A-Za-z0-9_-]/g, '?').slice(0, 40);
}
/** The first `max` items joined by `separator`, then "and N more" for the rest plus `more` not in the list. */
function listed(items, max, more = 0, separator = ', ') {
    const shown = items.slice(0, max).join(separator);
    const rest = items.length - Math.min(items.length, max) + more;
    return rest > 0 ? `${shown} and ${rest} more` : shown;
}
// Credentials the environment may hold: the runner masks them on stdout only once something registers them, and the
// JSON report and the summary are never masked.
const SECRET_VARIABLES = ['AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'ACTIONS_ID_TOKEN_REQUEST_TOKEN', 'ACTIONS_RUNTIME_TOKEN'];
// A SigV4 error can quote the canonical request, security token included; tokens pasted into the wrong input are
// echoed back by the input checks.
const SECRET_PATTERNS = [
    [/(x-amz-security-token[:=]\s*)[^\s&'"]+/gi, '$1***'],
    [/(Signature=)[0-9a-f]{16,}/gi, '$1***'],
    [/\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})/g, '***'],
    // HTTP credentials as git and actions/checkout store them (`AUTHORIZATION: basic <base64 of x-access-token:…>`).
    [/\b(basic|bearer|token)(\s+)[A-Za-z0-9+/_.~-]{16,}=*/gi, '$1$2***'],
    // Credentials in a proxy's URL (quoted by an error), however short. Only the schemes a proxy has, so an image
    // reference (`docker://repo@sha256:…`) keeps its name; the scheme is matched whole, not as any word before `://`,
    // which from each word start of `a.a.a.…` rescanned the rest of the text (3 s for 100 KB). Sub-delimiters end the
    // user info too: in prose they end a URL (`https://example.com,admin@corp.example`).
    [/(?<![a-z0-9+.-])((?:https?|socks[45]?h?):\/\/)[^\s/?#@'"<>,;()\\]+@/gi, '$1***@']
];
// Credentials that are not in the environment: the ones the SDK found elsewhere (a profile, web identity, instance
// metadata), once used, and the github-token input.
const resolvedSecrets = new Set();
/** Leaves a credential out of every message the gate writes (the github-token input); the runner masks it on stdout. */
function scrubFromReports(value) {
    if (scrubbable(value))
        resolvedSecrets.add(value);
}
// A short value would blank ordinary words; real secrets are long, and a proxy's `user:pw` is no word at any length
// (`:pw` alone would be: `127.0.0.1:1234`).
function scrubbable(secret) {
    return secret.length >= 8 || /^[^:]+:./s.test(secret);
}
/**
 * Registers the AWS and runner credentials in the environment as secrets, so the runner masks them on stdout, and the
 * proxy's user and password (HTTPS_PROXY and the like) too, which are also left out of the reports.
 */
function maskCredentials() {
    for (const name of SECRET_VARIABLES) {
        const value = process.env[name];
        if (value)
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setSecret */ .Pq(value);
    }
    for (const value of (0,_proxy_js__WEBPACK_IMPORTED_MODULE_1__/* .proxyCredentials */ .FF)(process.env)) {
        // A short password alone would have the runner mask that word everywhere; `user:pw` as a whole is no word.
        if (!scrubbable(value))
            continue;
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setSecret */ .Pq(value);
        scrubFromReports(value);
    }
}
/** Registers credentials the AWS SDK resolved, wherever it found them: masked on stdout and left out as the environment's are. */
function maskResolvedSecrets(...values) {
    const fromEnvironment = new Set(SECRET_VARIABLES.map((name) => process.env[name]));
    for (const value of values) {
        // The environment's are registered already, by maskCredentials; a short value (a test profile's "test") would have
        // the runner mask every such word in the log, and withoutSecrets skips those anyway.
        if (!value || value.length < 8 || fromEnvironment.has(value) || resolvedSecrets.has(value))
            continue;
        resolvedSecrets.add(value);
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setSecret */ .Pq(value);
    }
}
/** The text with every credential the environment holds or the SDK resolved, and anything shaped like a token, replaced by ***. */
function withoutSecrets(text) {
    let clean = text;
    for (const secret of [...SECRET_VARIABLES.map((name) => process.env[name] ?? ''), ...resolvedSecrets]) {
        // Session tokens hold / + =, which a URL or a signed query quotes in their percent-encoded form.
        if (!scrubbable(secret))
            continue;
        clean = clean.split(secret).join('***');
        const encoded = encodeURIComponent(secret);
        if (encoded !== secret)
            clean = clean.split(encoded).join('***');
    }
    for (const [pattern, replacement] of SECRET_PATTERNS)
        clean = clean.replace(pattern, replacement);
    return clean;
}


/***/ }),

/***/ 814:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  run: () => (/* binding */ run)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 14 modules
var core = __webpack_require__(6421);
// EXTERNAL MODULE: ./src/finding.ts
var src_finding = __webpack_require__(2018);
// EXTERNAL MODULE: ./src/log-safety.ts
var log_safety = __webpack_require__(8224);
// EXTERNAL MODULE: ./src/markdown.ts
var src_markdown = __webpack_require__(3758);
;// CONCATENATED MODULE: ./src/annotations.ts




/** GitHub shows at most 10 error annotations per step. */
const MAX_ERROR_ANNOTATIONS = 10;
// A failing step adds its own error annotation (core.setFailed); leave room for it so it is never the one hidden.
function errorBudget(report) {
    const stepFails = report.verdict?.result === 'fail' && (report.inputs?.failBuild ?? true);
    return stepFails ? MAX_ERROR_ANNOTATIONS - 1 : MAX_ERROR_ANNOTATIONS;
}
/**
 * One error annotation per top blocking finding and a notice with the totals, on the Dockerfile when one is given.
 * Finding text goes only into the message and title, which @actions/core escapes so no line of it can start `::`.
 */
function writeAnnotations(report) {
    const verdict = report.verdict;
    if (!verdict)
        return;
    const dockerfile = report.inputs?.dockerfile;
    const where = dockerfile ? { file: (0,log_safety/* oneLine */.TN)(dockerfile, 500), startLine: 1 } : {};
    const blocking = (0,src_markdown/* sortedFindings */.Y_)(verdict.decided, (d) => d.decision === 'blocking');
    const budget = errorBudget(report);
    for (const d of blocking.slice(0, budget)) {
        core/* error */.z3(errorMessage(d), { ...where, title: errorTitle(d) });
    }
    core/* notice */.lm(totals(verdict, budget, fullListIn(report)), { ...where, title: 'ECR scan gate' });
}
// Where a reader finds the findings the annotations leave out: only a report this run writes.
function fullListIn(report) {
    const inputs = report.inputs;
    if (inputs?.summary ?? true)
        return 'the job summary';
    if (inputs?.reportFile)
        return 'the JSON report';
    return inputs?.sarifFile ? 'the SARIF file' : undefined;
}
function errorTitle({ finding }) {
    const id = (0,log_safety/* oneLine */.TN)(finding.id, 100) || '(no id)';
    const pkg = (0,log_safety/* oneLine */.TN)(finding.packageName, 100);
    return pkg ? `${id} in ${pkg}` : id;
}
function errorMessage({ finding, reason }) {
    const score = finding.score === undefined ? 'no score' : `score ${finding.score.toFixed(1)}`;
    const installed = (0,log_safety/* oneLine */.TN)(finding.packageVersion, 60) || 'unknown version';
    const fixed = (0,log_safety/* oneLine */.TN)(finding.fixedInVersion, 60);
    const exploit = finding.exploitAvailable === 'YES' ? ' A known exploit is available.' : '';
    return (`${finding.severity} (${score}): ${(0,log_safety/* oneLine */.TN)(finding.packageName, 100) || 'a package'} ${installed} is affected; ` +
        `${fixed ? `fixed in ${fixed}` : 'no fixed version known'}.${exploit} Blocking: ${(0,log_safety/* oneLine */.TN)(reason, 200)}.`);
}
function totals({ result, counts }, annotated, fullList) {
    const bySeverity = src_finding/* SEVERITIES */.oC.filter((s) => counts.bySeverity[s].found > 0)
        .map((s) => `${counts.bySeverity[s].found} ${s}`)
        .join(', ');
    const found = `${counts.total} finding${counts.total === 1 ? '' : 's'}${bySeverity ? ` (${bySeverity})` : ''}`;
    const more = counts.blocking > annotated
        ? ` ${counts.blocking - annotated} more blocking findings than the ${annotated} annotated${fullList ? `: see ${fullList}` : ''}.`
        : '';
    return (`${result === 'fail' ? 'Fail' : 'Pass'}: ${found}; ` +
        `${counts.blocking} blocking, ${counts.ignored} ignored, ${counts.suppressed} suppressed.${more}`);
}

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/policy.ts
var src_policy = __webpack_require__(1237);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: external "node:string_decoder"
var external_node_string_decoder_ = __webpack_require__(6193);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ecr/dist-cjs/index.js
var dist_cjs = __webpack_require__(8249);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/core/dist-cjs/submodules/protocols/index.js
var protocols = __webpack_require__(7288);
// EXTERNAL MODULE: ./node_modules/@smithy/core/dist-cjs/submodules/protocols/index.js
var submodules_protocols = __webpack_require__(3422);
// EXTERNAL MODULE: ./node_modules/@smithy/core/dist-cjs/submodules/retry/index.js
var retry = __webpack_require__(3609);
// EXTERNAL MODULE: ./src/image-ref.ts
var image_ref = __webpack_require__(7206);
;// CONCATENATED MODULE: ./src/ecr.ts











/** Basic findings honour up to 1000 a page; enhanced ones come 100 a page whatever is asked. */
const MAX_RESULTS = 1000;
/** Statuses after which the findings are final (ACTIVE: enhanced continuous scanning, which never says COMPLETE). */
const DONE = new Set(['COMPLETE', 'ACTIVE']);
/** True when ECR answers that the image has no scan (yet): a status to wait on, not a failure. */
function isScanNotFound(error) {
    return error?.name === 'ScanNotFoundException';
}
/** Attempts per request: more than the SDK's 3, so a throttling burst or a 5xx blip is ridden out. */
const MAX_ATTEMPTS = 6;
/**
 * The SDK's backoff (full jitter, doubling from the base, at most 20 s), never sooner than a Retry-After ECR sent and
 * cut at the deadline: the last retry waits until the deadline at most rather than sleeping past it.
 */
class DeadlineBackoff {
    deadline;
    base = 100;
    /** Epoch ms of the furthest Retry-After ECR sent: the SDK alone would cut it to its backoff plus 5 s. */
    notBefore = 0;
    constructor(deadline) {
        this.deadline = deadline;
    }
    setDelayBase(delayBase) {
        this.base = delayBase;
    }
    computeNextBackoffDelay(retryCount) {
        const jitter = Math.floor(Math.random() * Math.min(this.base * 2 ** retryCount, retry.MAXIMUM_RETRY_DELAY));
        const delay = Math.max(jitter, this.notBefore - Date.now());
        return this.deadline === undefined ? delay : Math.max(0, Math.min(delay, this.deadline - Date.now()));
    }
}
const RETRYABLE = new Set(['THROTTLING', 'TRANSIENT']);
/**
 * Standard retries, except for quotas that no retry within this run can outlast, and none after the deadline. A
 * Retry-After is honoured by every request of the client until it has passed (the next poll waits it out too); one
 * that reaches past the deadline ends the request at once, since no call before the deadline may honour it.
 */
class GateRetryStrategy extends retry.StandardRetryStrategy {
    retryDeadline;
    backoff;
    constructor(maxAttempts, retryDeadline) {
        const backoff = new DeadlineBackoff(retryDeadline);
        super({ maxAttempts, backoff });
        this.retryDeadline = retryDeadline;
        this.backoff = backoff;
    }
    async acquireInitialRetryToken(scope) {
        // Never later than the deadline: a Retry-After beyond it ended its request instead of being recorded.
        const wait = this.backoff.notBefore - Date.now();
        if (wait > 0)
            await new Promise((resolve) => setTimeout(resolve, wait));
        return super.acquireInitialRetryToken(scope);
    }
    async refreshRetryTokenForRetry(...[token, errorInfo]) {
        // The SDK counts LimitExceededException as throttling, but on StartImageScan it is the one-scan-a-day quota:
        // retrying only burns the wait.
        if (errorInfo.error?.name === 'LimitExceededException')
            throw errorInfo.error;
        // The strategy sleeps before it returns: past the deadline no retry starts, so every request (a poll, a page,
        // StartImageScan) is over at most one request-timeout after wait-timeout.
        const deadline = this.retryDeadline;
        if (deadline === undefined)
            return super.refreshRetryTokenForRetry(token, errorInfo);
        if (Date.now() >= deadline)
            throw errorInfo.error;
        const hint = errorInfo.retryAfterHint;
        if (hint instanceof Date && RETRYABLE.has(errorInfo.errorType)) {
            // A hint no Date can hold (Retry-After: 99999999999999999999) is an Invalid Date: later than any deadline.
            if (!(hint.getTime() <= deadline)) {
                (0,errors/* refuseRetryAfter */.RY)(errorInfo.error, hint);
                throw errorInfo.error;
            }
            this.backoff.notBefore = Math.max(this.backoff.notBefore, hint.getTime());
        }
        return super.refreshRetryTokenForRetry(token, errorInfo);
    }
}
const FINDINGS_OPERATION = 'DescribeImageScanFindings';
/**
 * AWS JSON 1.1 with one shortcut: a successful DescribeImageScanFindings page is plain JSON.parse. The SDK's
 * schema-driven reader walks every member of every finding: about 1.5 ms per enhanced page and 5 ms per basic one,
 * most of the gate's own time between pages. The normaliser reads the raw shapes as untrusted anyway; only the
 * scan's two timestamps become Dates here (finding-level timestamps stay epoch seconds, which nothing reads as
 * Dates). A page with a token is handed on with only its token read (see readPage). Errors and every other operation
 * go through the SDK unchanged.
 */
class FindingsJsonProtocol extends protocols.AwsJson1_1Protocol {
    /** How long a page's body may take to arrive once its headers have: request-timeout (see bodyText). */
    bodyTimeoutMs = undefined;
    async deserializeResponse(operationSchema, context, response) {
        if (operationSchema.name !== FINDINGS_OPERATION || response.statusCode >= 300) {
            return super.deserializeResponse(operationSchema, context, response);
        }
        const text = await bodyText(response.body, context, this.bodyTimeoutMs);
        const $metadata = this.deserializeMetadata(response);
        const nextToken = peekNextToken(text);
        if (nextToken === undefined)
            return { ...parsePage(text, $metadata), $metadata };
        // A page with more to come: its token alone is read now, so the request for the next page can leave before this
        // page is parsed (readPage), and parsing hides inside that request's round trip instead of adding to it.
        const output = { nextToken, $metadata };
        unparsedPages.set(output, text);
        return output;
    }
}
/**
 * The body as text, decoded chunk by chunk as it arrives: collecting it first copied each page into one more buffer
 * outside the JS heap, freed only when a collection found it; at 100,000 findings those copies left the C heap 27 MB
 * larger for the rest of the run.
 */
async function bodyText(body, context, timeoutMs) {
    if (!(body instanceof external_node_stream_.Readable)) {
        const bytes = await (0,submodules_protocols.collectBody)(body, context);
        return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
    }
    // A body that keeps trickling in never lets the socket fall idle, so no socket timeout ends it: without a bound of its
    // own, one such answer would hold the wait to its end. A TimeoutError is what the SDK retries. The check waits one
    // turn of the event loop, so a body that did arrive while the thread was busy (a long collection) is read first.
    let check;
    const timer = timeoutMs
        ? setTimeout(() => {
            check = setImmediate(() => {
                const late = `the answer's body was still arriving ${timeoutMs / 1000} s after its headers (request-timeout)`;
                body.destroy(Object.assign(new Error(late), { name: 'TimeoutError', code: 'ETIMEDOUT' }));
            });
        }, timeoutMs)
        : undefined;
    const decoder = new external_node_string_decoder_.StringDecoder('utf8');
    let text = '';
    try {
        for await (const chunk of body)
            text += typeof chunk === 'string' ? chunk : decoder.write(chunk);
    }
    finally {
        clearTimeout(timer);
        clearImmediate(check);
    }
    return text + decoder.end();
}
// Bodies of pages whose token was read ahead of the rest: parsed by readPage.
const unparsedPages = new WeakMap();
// The page token as the first or the last member of the page object: only those places can be told from the text
// alone (an object nested in the page can neither open the text nor close it). Elsewhere the page is parsed first.
const TOKEN_FIRST = /\s*\{\s*"nextToken"\s*:\s*("(?:[^"\\]|\\.)*")\s*,/y;
const TOKEN_LAST = /"nextToken"\s*:\s*("(?:[^"\\]|\\.)*")\s*\}\s*$/y;
/** The page token, read without parsing the page; readPage checks it against the parsed page all the same. */
function peekNextToken(text) {
    TOKEN_FIRST.lastIndex = 0;
    TOKEN_LAST.lastIndex = Math.max(0, text.lastIndexOf('"nextToken"'));
    const literal = TOKEN_FIRST.exec(text)?.[1] ?? TOKEN_LAST.exec(text)?.[1];
    try {
        return literal === undefined ? undefined : JSON.parse(literal);
    }
    catch {
        return undefined;
    }
}
function parsePage(text, $metadata) {
    try {
        return findingsPage(text.trim() === '' ? {} : JSON.parse(text));
    }
    catch (error) {
        // A SyntaxError with $metadata is how the SDK marks an unreadable body: explainAwsError names it, without a stack.
        throw Object.assign(error, { $metadata });
    }
}
/**
 * Completes a page whose token was read ahead (a no-op for any other page). Throws an unreadable-page SyntaxError,
 * as the SDK would have while receiving it, when the body is no page or its token is not the one read ahead.
 */
function readPage(page) {
    const text = unparsedPages.get(page);
    if (text === undefined)
        return;
    unparsedPages.delete(page);
    const parsed = parsePage(text, page.$metadata);
    if (parsed.nextToken !== page.nextToken) {
        throw Object.assign(new SyntaxError('Unexpected page structure: the page token could not be read'), { $metadata: page.$metadata });
    }
    Object.assign(page, parsed);
}
/**
 * The page as the code downstream may assume it: the containers it walks are objects and arrays, the strings it
 * branches on are strings, the scan's two timestamps are Dates. A page whose findings or page token have the wrong
 * type is unreadable, not empty: read as absent, findings would go uncounted or the later pages unread (a pass not
 * earned). Smaller oddities are dropped, as if ECR had left them out.
 */
function findingsPage(parsed) {
    const page = objectOrUndefined(parsed);
    const scan = objectOrUndefined(page?.imageScanFindings);
    const problem = !page
        ? 'the answer is not a JSON object'
        : present(page.imageScanFindings) && !scan
            ? 'imageScanFindings is not an object'
            : present(page.nextToken) && typeof page.nextToken !== 'string'
                ? 'nextToken is not a string'
                : ['findings', 'enhancedFindings'].map((key) => listProblem(key, scan?.[key])).find(Boolean);
    if (problem || !page)
        throw new SyntaxError(`Unexpected page structure: ${problem}`);
    const status = objectOrUndefined(page.imageScanStatus);
    const imageId = objectOrUndefined(page.imageId);
    return {
        ...page,
        nextToken: stringOrUndefined(page.nextToken),
        registryId: stringOrUndefined(page.registryId),
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
    };
}
function unreadablePage(page, problem, target) {
    // $metadata marks it as ECR's answer for explainAwsError; every answer through the SDK has it.
    const error = Object.assign(new SyntaxError(`Unexpected page structure: ${problem}`), { $metadata: page.$metadata ?? {} });
    return (0,errors/* explainAwsError */.Ni)(error, target, 'DescribeImageScanFindings');
}
/**
 * Why a page after the first is no page of findings: ECR always sends the list, empty or not, so an answer without
 * one (an empty body, `{}`, a proxy's stub) read as an empty page would leave findings uncounted and pass unearned.
 */
function laterPageProblem(page, firstPage) {
    const scan = page.imageScanFindings;
    if (!scan)
        return 'the page holds no imageScanFindings';
    // The list page one filled is the one this scan pages through (basic or enhanced): the other, empty, proves nothing.
    // A scan holding both kinds may run on in the other list once the first is done; then that one has findings.
    const first = firstPage.imageScanFindings;
    for (const [key, other] of [['findings', 'enhancedFindings'], ['enhancedFindings', 'findings']]) {
        const continued = Array.isArray(scan[key]) || (scan[other]?.length ?? 0) > 0;
        if ((first?.[key]?.length ?? 0) > 0 && !continued)
            return `the page holds no ${key} list`;
    }
    return Array.isArray(scan.findings) || Array.isArray(scan.enhancedFindings) ? undefined : 'the page holds no list of findings';
}
/**
 * Why a digest ECR answered with cannot be trusted for the image asked for: it is none (the outputs would pass it
 * on), or another than the digest asked for. Undefined for a digest the gate may report.
 */
function digestProblem(digest, target) {
    if (!(0,image_ref/* isDigest */.Bc)(digest))
        return `imageId.imageDigest is not an image digest (${(0,log_safety/* oneLine */.TN)(digest, 80)})`;
    if (target.imageDigest && digest !== target.imageDigest) {
        return `it is the answer for image ${digest}, not for ${target.imageDigest} as asked`;
    }
    return undefined;
}
/**
 * Why page one cannot be trusted: it counts findings and lists none, or the image's digest (from imageId, else
 * from the image its enhanced findings name) has a digestProblem.
 */
function firstPageProblem(page, imageDigest, target) {
    // ECR always sends a list, empty or not: none at all while it counts findings is a cut answer that would pass an
    // image ECR says is not clean. An empty list beside counts is only the disagreement issue 2 warns about
    // (severityCountMismatch): whether ECR counts findings Inspector closed is not documented.
    const scan = page.imageScanFindings;
    const counted = countedFindings(scan?.findingSeverityCounts);
    if (counted > 0 && !Array.isArray(scan?.findings) && !Array.isArray(scan?.enhancedFindings)) {
        return `the page holds no list of findings, though findingSeverityCounts counts ${counted}`;
    }
    return imageDigest === undefined ? undefined : digestProblem(imageDigest, target);
}
/**
 * Why a done answer cannot serve as page one, explained as an unreadable answer: it lacks imageScanFindings, counts
 * findings and lists none, or names an image that is not the one asked for. Undefined for a usable page one.
 */
function firstPageError(page, target) {
    // A scan ECR calls done always comes with its imageScanFindings: a bare status (`{"imageScanStatus": …}` from
    // something on the way) would otherwise read as a clean image.
    if (!page.imageScanFindings)
        return unreadablePage(page, 'the page holds no imageScanFindings', target);
    const problem = firstPageProblem(page, imageDigestOf(page), target);
    return problem ? unreadablePage(page, problem, target) : undefined;
}
// An empty imageDigest names nothing, like an absent one; digestOfFindings gives only well-formed digests.
function imageDigestOf(page) {
    return page.imageId?.imageDigest || digestOfFindings(page);
}
/** How many findings ECR's findingSeverityCounts counts, whatever junk it holds. */
function countedFindings(counts) {
    let total = 0;
    for (const count of Object.values(counts ?? {}))
        if (typeof count === 'number' && count > 0)
            total += count;
    return total;
}
function present(value) {
    return value !== undefined && value !== null;
}
function listProblem(key, value) {
    if (!present(value))
        return undefined;
    if (!Array.isArray(value))
        return `${key} is not a list`;
    return value.some((item) => item === null || typeof item !== 'object' || Array.isArray(item))
        ? `${key} holds something that is not a finding`
        : undefined;
}
function objectOrUndefined(value) {
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
}
function stringOrUndefined(value) {
    return typeof value === 'string' ? value : undefined;
}
// AWS JSON sends timestamps as epoch seconds; a number no Date can hold reads as absent, like any other junk.
function epochDate(value) {
    if (typeof value !== 'number')
        return undefined;
    const date = new Date(Math.round(value * 1000));
    return Number.isFinite(date.getTime()) ? date : undefined;
}
/** Builds the ECR client: standard retries with more attempts than the SDK's 3, a per-request timeout, the runner's proxy. */
function createEcrClient(options) {
    const client = new dist_cjs/* ECRClient */.S70({
        region: options.region,
        maxAttempts: MAX_ATTEMPTS,
        retryStrategy: new GateRetryStrategy(MAX_ATTEMPTS, options.retryDeadline),
        protocol: class extends FindingsJsonProtocol {
            bodyTimeoutMs = options.requestTimeoutMs;
        },
        // The middleware stack is resolved once per command type instead of on every page; nothing here changes it later.
        cacheMiddleware: true,
        // Endpoint: the SDK itself honours AWS_ENDPOINT_URL_ECR / AWS_ENDPOINT_URL (LocalStack, tests).
        // Without throwOnRequestTimeout the SDK only logs a late request and keeps waiting on it forever.
        // socketTimeout covers an answer whose headers came and whose body then stalls, which requestTimeout does not; a
        // finding page's body that keeps trickling is bounded by bodyText.
        requestHandler: {
            requestTimeout: options.requestTimeoutMs,
            connectionTimeout: options.requestTimeoutMs,
            socketTimeout: options.requestTimeoutMs,
            throwOnRequestTimeout: true,
            ...proxyAgents(options)
        }
    });
    // Credentials from a profile, web identity or instance metadata never pass through the environment that
    // maskCredentials reads; an error that quotes them must not print them. The signer reads this provider per request.
    const resolveCredentials = client.config.credentials;
    client.config.credentials = async (properties) => {
        const identity = await resolveCredentials(properties);
        (0,log_safety/* maskResolvedSecrets */.SZ)(identity.secretAccessKey, identity.sessionToken);
        return identity;
    };
    return client;
}
// Agent options through the runner's proxy (see proxy.ts); the SDK adds its keep-alive settings to them. The timeout
// bounds a tunnel the proxy never answers: a request abandoned while its CONNECT is pending leaves that socket open,
// and with it the step, until the job's own timeout.
function proxyAgents(options) {
    if (!options.proxyEnv)
        return {};
    const agent = { proxyEnv: options.proxyEnv, timeout: options.requestTimeoutMs };
    return { httpsAgent: agent, httpAgent: agent };
}
function imageId(target) {
    return target.imageDigest ? { imageDigest: target.imageDigest } : { imageTag: target.imageTag };
}
/** One DescribeImageScanFindings call, its answer read whole. */
async function describeScanFindings(client, target, nextToken, abortSignal) {
    const page = await requestPage(client, target, nextToken, abortSignal);
    readPage(page);
    return page;
}
// The answer may hold only its page token until readPage completes it.
function requestPage(client, target, nextToken, abortSignal) {
    const command = new dist_cjs/* DescribeImageScanFindingsCommand */.TQ0({
        repositoryName: target.repositoryName,
        registryId: target.registryId,
        imageId: imageId(target),
        maxResults: MAX_RESULTS,
        nextToken
    });
    // Without options the client reuses its resolved middleware stack (cacheMiddleware) for each page.
    return abortSignal ? client.send(command, { abortSignal }) : client.send(command);
}
/** Asks ECR to start a basic scan of the image. */
async function startImageScan(client, target, abortSignal) {
    const command = new dist_cjs/* StartImageScanCommand */.Qc9({
        repositoryName: target.repositoryName,
        registryId: target.registryId,
        imageId: imageId(target)
    });
    await (abortSignal ? client.send(command, { abortSignal }) : client.send(command));
}
/**
 * The image index media types (OCI index, Docker manifest list). ECR scans the images an index lists, never the
 * index: a tag naming one never gets a scan of its own.
 */
const INDEX_MEDIA_TYPES = new Set([
    'application/vnd.oci.image.index.v1+json',
    'application/vnd.docker.distribution.manifest.list.v2+json'
]);
/** The image index media type an ECR message names (StartImageScan's refusal of an index quotes it), if any. */
function indexMediaTypeIn(text) {
    return [...INDEX_MEDIA_TYPES].find((mediaType) => text.toLowerCase().includes(mediaType));
}
/** Asks DescribeImages whether the image is an image index; never throws. */
async function imageKind(client, target, abortSignal) {
    const command = new dist_cjs/* DescribeImagesCommand */.ji5({
        repositoryName: target.repositoryName,
        registryId: target.registryId,
        imageIds: [imageId(target)]
    });
    try {
        const answer = await (abortSignal ? client.send(command, { abortSignal }) : client.send(command));
        const details = Array.isArray(answer?.imageDetails) ? answer.imageDetails : [];
        // Media types are case-insensitive and may carry parameters (RFC 6838).
        const mediaTypes = details
            .map((detail) => detail?.imageManifestMediaType)
            .filter((type) => typeof type === 'string')
            .map((type) => type.split(';')[0]?.trim().toLowerCase() ?? '');
        const index = mediaTypes.find((type) => INDEX_MEDIA_TYPES.has(type));
        if (index)
            return { index };
        return mediaTypes.length > 0 ? 'image' : 'unknown';
    }
    catch (error) {
        const name = String(error?.name ?? '');
        // Cut off (the deadline, or the wait over): nothing to say.
        if (!abortSignal?.aborted) {
            core/* debug */.Yz(`DescribeImages (optional, to tell an image index) did not answer: ${(0,log_safety/* oneLine */.TN)(name || String(error), 100)}`);
        }
        return name === 'AccessDeniedException' ? 'refused' : 'unknown';
    }
}
/** The scan changed while its pages were read (a new scan started, the tag moved): the read must start over. */
class ScanChangedError extends errors/* TransientError */.N_ {
    pages;
    name = 'ScanChangedError';
    constructor(message, 
    /** Calls made before the change showed, for the call count. */
    pages) {
        super(message);
        this.pages = pages;
    }
}
/** wait-timeout ran out with pages still to read. */
class ReadTimeoutError extends errors/* ScanError */.sC {
    pages;
    name = 'ReadTimeoutError';
    constructor(message, 
    /** Calls made before the deadline stopped the read. */
    pages) {
        super(message);
        this.pages = pages;
    }
}
/**
 * Aborts a request still running one request-timeout after the deadline. The SDK's timeouts see an idle socket, not a
 * body that trickles in a few bytes at a time: bodyText bounds a finding page's body, and this bounds everything else
 * (an error answer, StartImageScan, the SDK's retries) by the wait.
 */
function deadlineSignal(deadline, requestTimeoutMs = 0, now = Date.now) {
    return deadline === undefined ? undefined : AbortSignal.timeout(Math.max(1, Math.ceil(deadline + requestTimeoutMs - now())));
}
/**
 * True when a request ended because its abort signal fired: an AbortError, or, for a body cut off while it was being
 * read, whatever the broken stream said (ECONNRESET "aborted").
 */
function isAborted(error, signal) {
    return error?.name === 'AbortError' || signal?.aborted === true;
}
/**
 * Why a later page shows that it belongs to another scan than the pages before it, if it does: a status not done, or
 * another image than the first digest any page named. The completion time is not compared: continuous (enhanced)
 * scanning may move it while the scan stays done, and a false change would re-read until the deadline.
 */
function changeBetween(page, digest, named) {
    const status = page.imageScanStatus?.status;
    if (status !== undefined && !DONE.has(status))
        return `the scan's status became ${(0,log_safety/* statusToken */.wP)(status)}`;
    return digest && named && named !== digest ? 'the tag now names another image' : undefined;
}
/** True when both answers name their image's digest and the digests differ: the tag was pushed again between them. */
function namesAnotherImage(first, later) {
    const [before, after] = [first.imageId?.imageDigest, later.imageId?.imageDigest];
    return Boolean(before && after && before !== after);
}
/**
 * Reads every page of findings, starting from the page the wait already holds, normalising as it goes. Throws
 * ScanChangedError when a later page belongs to another scan than page one: mixing two scans' pages could leave
 * findings unread.
 */
async function readAllFindings(client, target, firstPage, options = {}) {
    const now = options.now ?? Date.now;
    const unreadable = firstPageError(firstPage, target);
    if (unreadable)
        throw unreadable;
    let imageDigest = imageDigestOf(firstPage);
    const findings = [];
    const tokens = new Set();
    // Where each finding with Inspector's ARN was listed, by findingIdentity: see repeatedFinding.
    const listedAt = new Map();
    let pushedAt;
    let page = firstPage;
    let pages = 1;
    const announced = countsTotal(firstPage);
    for (;;) {
        // An empty token ends the list, as the SDK's paginators read it.
        const token = page.nextToken || undefined;
        if (token !== undefined && tokens.has(token)) {
            throw new errors/* ScanError */.sC(`ECR sent the same page token twice while listing the findings of ${(0,errors/* describeTarget */.ff)(target)} (after ${pages} pages), so the list would never end. Rerun the job; if it happens again, report it to AWS support.`);
        }
        if (token !== undefined)
            tokens.add(token);
        if (token !== undefined && options.deadline !== undefined && now() > options.deadline) {
            throw new ReadTimeoutError(`wait-timeout ran out while reading the findings of ${(0,errors/* describeTarget */.ff)(target)}: ${pages} page(s) read, more to come. Raise wait-timeout.`, pages);
        }
        // Ask for the next page before parsing and normalising this one, so both hide inside the request's round trip.
        const abandon = new AbortController();
        const deadline = token !== undefined ? deadlineSignal(options.deadline, options.requestTimeoutMs, now) : undefined;
        const signal = deadline ? AbortSignal.any([deadline, abandon.signal]) : abandon.signal;
        const next = token !== undefined ? requestPage(client, target, token, signal) : undefined;
        // Marks a failure as handled until it is awaited below; awaiting it still throws.
        next?.catch(() => undefined);
        // The SDK builds, signs and writes the request in promise callbacks, which run only once this function yields:
        // parsing and normalising first would hold the request back until they were done.
        if (next)
            await new Promise(setImmediate);
        const sent = pages + (next ? 1 : 0);
        try {
            if (page !== firstPage) {
                try {
                    readPage(page);
                }
                catch (error) {
                    throw (0,errors/* explainAwsError */.Ni)(error, target, 'DescribeImageScanFindings');
                }
                const named = imageDigestOf(page);
                const change = changeBetween(page, imageDigest, named);
                if (change)
                    throw new ScanChangedError(`While page ${pages} of the findings was read, ${change}.`, sent);
                // A first page that named no image leaves the comparison to the first page that does.
                imageDigest ??= named;
                // Only now: a page of a scan that changed (a new scan in progress) holds no findings, and needs none.
                const missing = laterPageProblem(page, firstPage);
                if (missing)
                    throw unreadablePage(page, missing, target);
            }
            const scan = page.imageScanFindings;
            const pageStart = findings.length;
            for (const raw of scan?.findings ?? [])
                findings.push((0,src_finding/* fromBasic */.to)(raw));
            for (const raw of scan?.enhancedFindings ?? []) {
                const finding = (0,src_finding/* fromEnhanced */.PI)(raw);
                pushedAt = latest(pushedAt, pushedAtOf(raw));
                const key = finding.findingArn ? (0,src_finding/* findingIdentity */.AZ)(finding) : undefined;
                const seen = key !== undefined ? listedAt.get(key) : undefined;
                // Twice on one page is one finding listed twice (pages cannot shift within a page): counted once, and as the
                // copy that can block, so the verdict does not hang on which copy came first.
                if (seen?.page === pages) {
                    if (blocksMore(finding, findings[seen.index]))
                        findings[seen.index] = finding;
                    continue;
                }
                if (seen !== undefined)
                    throw new ScanChangedError(repeatedFinding(finding, pages, seen.page), sent);
                if (key !== undefined)
                    listedAt.set(key, { page: pages, index: findings.length });
                findings.push(finding);
            }
            if (next)
                options.onFindings?.(findings.slice(pageStart), announced, pages);
        }
        catch (error) {
            // The next page's request is on its way: left to its retries, it would hold the step open for minutes after
            // this error was reported.
            abandon.abort();
            throw error;
        }
        if (!next)
            break;
        page = await next.catch((error) => {
            if (isScanNotFound(error))
                throw new ScanChangedError(`ECR no longer had the scan when page ${sent} was read.`, sent);
            // A tag moved or deleted after page one: the next poll says which (another image, or none).
            if (error?.name === 'ImageNotFoundException') {
                throw new ScanChangedError(`ECR no longer had the image when page ${sent} was read.`, sent);
            }
            if (isAborted(error, signal)) {
                throw new ReadTimeoutError(`wait-timeout ran out while reading the findings of ${(0,errors/* describeTarget */.ff)(target)}: page ${sent} was still arriving one request-timeout after it. Raise wait-timeout, or check the network path to ECR.`, sent);
            }
            // A refusal on page 2 of 40 deserves the same plain message as one on the first poll, not a stack trace.
            throw (0,errors/* explainAwsError */.Ni)(error, target, 'DescribeImageScanFindings');
        });
        pages++;
    }
    const scan = firstPage.imageScanFindings;
    return {
        findings,
        pages,
        severityCounts: { ...(scan?.findingSeverityCounts ?? {}) },
        completedAt: scan?.imageScanCompletedAt,
        vulnerabilitySourceUpdatedAt: scan?.vulnerabilitySourceUpdatedAt,
        imageDigest,
        pushedAt
    };
}
/** The total of ECR's severity counts on a page, if it has any count at all. */
function countsTotal(page) {
    const counts = page.imageScanFindings?.findingSeverityCounts;
    return Object.values(counts ?? {}).some((n) => typeof n === 'number' && n >= 0) ? countedFindings(counts) : undefined;
}
/** True when `a` can block under more policies than `b`: active over suppressed, then the more severe, then exploitable. */
function blocksMore(a, b) {
    if ((0,src_finding/* isSuppressed */.Bx)(a) !== (0,src_finding/* isSuppressed */.Bx)(b))
        return (0,src_finding/* isSuppressed */.Bx)(b);
    if (a.severity !== b.severity)
        return (0,src_finding/* severityRank */.qs)(a.severity) > (0,src_finding/* severityRank */.qs)(b.severity);
    return a.exploitAvailable === 'YES' && b.exploitAvailable !== 'YES';
}
/** The newest push time an enhanced finding's image resources name, in epoch ms. */
function pushedAtOf(raw) {
    const resources = raw?.resources;
    let newest;
    for (const resource of Array.isArray(resources) ? resources : []) {
        newest = latest(newest, epochMs(resource?.details?.awsEcrContainerImage?.pushedAt));
    }
    return newest;
}
function latest(a, b) {
    return a === undefined ? b : b === undefined ? a : Math.max(a, b);
}
/** A time ECR sent, in epoch ms: the SDK gives Dates; anything else (a string, epoch seconds) is accepted, not trusted. */
function epochMs(value) {
    const ms = value instanceof Date
        ? value.getTime()
        : typeof value === 'number'
            ? value * 1000
            : typeof value === 'string'
                ? Date.parse(value)
                : NaN;
    return Number.isFinite(ms) ? ms : undefined;
}
/**
 * Why a finding an earlier page listed shows that the list changed while it was read: one Inspector finding (its ARN,
 * vulnerability and packages) on two pages means the pages shifted under the read, and a finding may have been
 * skipped there.
 */
function repeatedFinding(finding, page, first) {
    return `page ${page} of the findings listed ${(0,log_safety/* oneLine */.TN)(finding.id, 80) || 'a finding'} (${(0,log_safety/* oneLine */.TN)(finding.findingArn, 200)}) again, after page ${first}, so the list changed while it was read.`;
}
// Some answers carry only the tag in imageId; each enhanced finding names the image it was found in.
function digestOfFindings(page) {
    for (const raw of page.imageScanFindings?.enhancedFindings ?? []) {
        for (const resource of Array.isArray(raw?.resources) ? raw.resources : []) {
            const hash = resource?.details?.awsEcrContainerImage?.imageHash;
            if (typeof hash === 'string' && (0,image_ref/* isDigest */.Bc)(hash))
                return hash;
        }
    }
    return undefined;
}
/**
 * Compares what was read with ECR's own findingSeverityCounts; a difference means findings went missing or moved.
 * Whether ECR counts findings Inspector suppressed or closed is not documented: counts that match either way agree.
 */
function severityCountMismatch(scan) {
    const expected = new Map(Object.entries(scan.severityCounts).filter(([, count]) => typeof count === 'number'));
    if (expected.size === 0)
        return undefined;
    const active = new Map();
    const all = new Map();
    for (const finding of scan.findings) {
        const key = finding.rawSeverity || 'UNDEFINED';
        all.set(key, (all.get(key) ?? 0) + 1);
        if (!(0,src_finding/* isSuppressed */.Bx)(finding))
            active.set(key, (active.get(key) ?? 0) + 1);
    }
    const differences = (read) => [...new Set([...read.keys(), ...expected.keys()])]
        .filter((key) => (read.get(key) ?? 0) !== (expected.get(key) ?? 0))
        .map((key) => `${(0,log_safety/* statusToken */.wP)(key)}: read ${read.get(key) ?? 0}, ECR counts ${expected.get(key) ?? 0}`);
    const withoutSuppressed = differences(active);
    if (withoutSuppressed.length === 0 || differences(all).length === 0)
        return undefined;
    return `The findings read disagree with ECR's findingSeverityCounts (${withoutSuppressed.join('; ')}). The gate decides on the findings read.`;
}

;// CONCATENATED MODULE: ./src/scan-wait.ts




const WAITING = new Set(['IN_PROGRESS', 'PENDING']);
/** What each status that ends the wait without findings means, and what the user can do about it. */
// A Map, not an object literal: a status ECR may invent, such as "constructor", must not find Object.prototype's.
const TERMINAL = new Map(Object.entries({
    // start-scan starts a scan only where there is none, so it is no remedy here.
    FAILED: 'The scan failed. Push the image again (a new image is scanned on push), or start a new scan of this one with aws ecr start-image-scan.',
    UNSUPPORTED_IMAGE: 'ECR cannot scan this image: its operating system or media type is not supported by the configured scanner. Use a supported base image, or gate it with another scanner. ' +
        '(An image index, which docker/build-push-action pushes by default, is never scanned: build one platform with provenance: false.)',
    SCAN_ELIGIBILITY_EXPIRED: 'Amazon Inspector no longer scans this image: its scan duration expired. Push the image again, or lengthen the ECR re-scan duration in the Inspector settings.',
    FINDINGS_UNAVAILABLE: 'Amazon Inspector has no findings for this image (it may have been deleted or be outside the scan duration). Push the image again.',
    LIMIT_EXCEEDED: 'The image has exceeded the scanning limit of the registry. Check the ECR and Inspector quotas, or scan a smaller image.',
    IMAGE_ARCHIVED: 'The image is archived, and archived images are not scanned. Restore it to scan it.'
}));
/** The scan ended without findings (a terminal status); onStatus has already reported that status. */
class ScanEndedError extends errors/* ScanError */.sC {
    name = 'ScanEndedError';
}
/** The deadline passed while the scan was still unfinished. */
class ScanTimeoutError extends ScanEndedError {
    name = 'ScanTimeoutError';
}
/** The real wait between polls, cut short when wake resolves; tests pass their own. */
const defaultSleep = (ms, wake) => new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    // A timer left behind would hold the thread open after the run has ended.
    void wake?.then(() => {
        clearTimeout(timer);
        resolve();
    });
});
/** Polling starts at poll-interval and backs off by half each time towards a cap of 6x (at most 30 s). */
function nextInterval(current, base) {
    const cap = Math.max(base, Math.min(30_000, base * 6));
    return Math.min(cap, current * 1.5);
}
/** The status name a poll saw, SCAN_NOT_FOUND when ECR has no scan yet, or the transient fault that hid it. */
async function poll(client, target, abortSignal) {
    try {
        const response = await describeScanFindings(client, target, undefined, abortSignal);
        // ECR always names the status: an answer without one (an empty body, `{}`) came from something else on the way.
        if (response.imageScanStatus?.status === undefined) {
            const failure = new errors/* TransientError */.N_(`ECR's answer about the scan of ${(0,errors/* describeTarget */.ff)(target)} named no scan status.`);
            return { status: '', description: '', failure };
        }
        const status = (0,log_safety/* statusToken */.wP)(response.imageScanStatus.status);
        // A done answer that cannot be page one (cut short, or about another image) is a failed poll, not the end.
        const unreadable = DONE.has(status) ? firstPageError(response, target) : undefined;
        if (unreadable instanceof errors/* TransientError */.N_)
            return { status: '', description: '', failure: unreadable };
        if (unreadable)
            throw unreadable;
        // Both go into the log, the summary and the scan-status output: ECR's text, but never trusted to be one line.
        return {
            status,
            description: (0,log_safety/* oneLine */.TN)(response.imageScanStatus.description ?? '', 300),
            response
        };
    }
    catch (error) {
        if (isScanNotFound(error))
            return { status: 'SCAN_NOT_FOUND', description: 'ECR has no scan for this image yet.' };
        const explained = isAborted(error, abortSignal) ? abortedAtDeadline(target) : (0,errors/* explainAwsError */.Ni)(error, target, 'DescribeImageScanFindings');
        if (explained instanceof errors/* TransientError */.N_)
            return { status: '', description: '', failure: explained };
        throw explained;
    }
}
function abortedAtDeadline(target) {
    return new errors/* TransientError */.N_(`A request for the scan of ${(0,errors/* describeTarget */.ff)(target)} was still unanswered, arriving or being retried one request-timeout after wait-timeout.`);
}
/**
 * Asks ECR to start a scan. The outcome once the request is settled; undefined when it failed on the way (throttling,
 * 5xx, network), so a later poll may try again. The wait goes on either way, since a scan may still come (scan on
 * push); only a refusal the user must act on ends the run.
 */
async function tryStartScan(client, target, abortSignal) {
    try {
        await startImageScan(client, target, abortSignal);
        core/* info */.pq('Started a basic scan (start-scan: true).');
        return 'started';
    }
    catch (error) {
        // Still on its way at the deadline: the wait ends now, and the timeout's "see the warning above" finds this one.
        if (isAborted(error, abortSignal)) {
            core/* warning */.$e('start-scan: StartImageScan was still unanswered or arriving one request-timeout after wait-timeout.');
            return undefined;
        }
        const { name = '', message = '' } = error;
        if (/feature is disabled/i.test(message)) {
            core/* notice */.lm('start-scan: the registry uses enhanced scanning (Amazon Inspector), which scans on its own; waiting for its scan.');
            return 'enhanced';
        }
        if (name === 'LimitExceededException') {
            core/* notice */.lm('start-scan: ECR allows one basic scan per image every 24 hours and that limit is reached; waiting for the existing scan.');
            return 'limited';
        }
        if (name === 'UnsupportedImageTypeException') {
            const indexType = indexMediaTypeIn(message);
            throw new errors/* ScanError */.sC(indexType ? imageIndexAdvice(target, indexType) : `ECR cannot scan ${(0,errors/* describeTarget */.ff)(target)}: ${(0,errors/* firstLine */.TM)(message)}.`);
        }
        if (name === 'ImageArchivedException') {
            throw new errors/* ScanError */.sC(`ECR cannot scan ${(0,errors/* describeTarget */.ff)(target)}: the image is archived. Restore it to scan it.`);
        }
        const explained = (0,errors/* explainAwsError */.Ni)(error, target, 'StartImageScan');
        if (explained instanceof errors/* ConfigurationError */.j1 || explained instanceof errors/* RetryAfterRefusal */.$G || !(explained instanceof errors/* ScanError */.sC))
            throw explained;
        core/* warning */.$e(`start-scan: ${explained.message} Waiting for a scan anyway.`);
        return explained instanceof errors/* TransientError */.N_ ? undefined : 'refused';
    }
}
/**
 * Waits until ECR's scan of the image is done and returns the response that said so. The first poll happens at once;
 * the last one happens at the deadline, not one interval before it.
 */
async function waitForScan(client, target, options) {
    // A question about the image still unanswered when the wait ends would hold the process open until its timeout.
    const question = new AbortController();
    try {
        return await pollUntilDone(client, target, options, question.signal);
    }
    finally {
        question.abort();
    }
}
async function pollUntilDone(client, target, options, question) {
    const now = options.now ?? Date.now;
    const sleep = options.sleep ?? defaultSleep;
    let interval = options.pollIntervalMs;
    let started;
    let sawUnfinished = false;
    let lastStatus = '';
    let lastFailure;
    let firstDigest;
    const index = new IndexQuestion(client, target);
    for (;;) {
        // The SDK retries a throttled or failing poll on its own; past the deadline plus one request, it must stop.
        const signal = deadlineSignal(options.deadline, options.requestTimeoutMs, now);
        const { status: seen, description, response, failure } = await poll(client, target, signal);
        if (failure) {
            if (!lastFailure)
                core/* warning */.$e(`${failure.message} Polling again until wait-timeout.`);
            lastFailure = failure;
        }
        else {
            lastFailure = undefined;
            const digest = trustedDigest(response?.imageId?.imageDigest, target);
            // Only a tag can move: the image judged is then the one the tag names when its scan is done, and the user should
            // know that it is not the one this run first saw.
            if (digest && firstDigest && digest !== firstDigest) {
                core/* warning */.$e(`While the gate waited, the tag of ${(0,errors/* describeTarget */.ff)(target)} moved from ${firstDigest} to ${digest} (pushed again): ` +
                    'the gate judges the image the tag names now. Gate the digest (image-digest, or image with @sha256:) to judge one image.');
            }
            firstDigest = digest ?? firstDigest;
            options.onStatus?.(seen, digest);
        }
        const status = seen || lastStatus || 'UNKNOWN';
        if (response && DONE.has(status))
            return { firstPage: response, status, sawUnfinished };
        if (seen === 'SCAN_NOT_FOUND' && index.kind === undefined) {
            // An optional question, so one request-timeout at most, retries included.
            const asking = options.requestTimeoutMs
                ? deadlineSignal(Math.min(options.deadline, now()), options.requestTimeoutMs, now)
                : deadlineSignal(options.deadline, 0, now);
            index.ask(asking ? AbortSignal.any([asking, question]) : question);
        }
        if (status === 'SCAN_NOT_FOUND' && options.missingScanEnds) {
            // The wait ends here either way: the answer (one request-timeout at most) only says why.
            await index.answer;
            index.endIfIndex();
            throw new ScanEndedError(`ECR has no scan of ${(0,errors/* describeTarget */.ff)(target)}. ${options.missingScanEnds}`);
        }
        index.endIfIndex();
        const advice = TERMINAL.get(status);
        if (advice !== undefined) {
            throw new ScanEndedError(`The ECR scan of ${(0,errors/* describeTarget */.ff)(target)} ended with status ${status}${description ? ` ("${description}")` : ''}. ${advice}`);
        }
        sawUnfinished = true;
        if (!failure && status !== lastStatus) {
            if (status === 'SCAN_NOT_FOUND' && !options.startScan) {
                core/* info */.pq('ECR has no scan for this image yet (scan on push can lag the push); waiting.');
            }
            else if (!WAITING.has(status) && status !== 'SCAN_NOT_FOUND') {
                core/* warning */.$e(`ECR reported scan status ${status}, which this version does not know; waiting for it to change.`);
            }
            else {
                core/* info */.pq(`Scan status ${status}; waiting.`);
            }
            lastStatus = status;
        }
        if (status === 'SCAN_NOT_FOUND' && options.startScan && !started) {
            started = await tryStartScan(client, target, deadlineSignal(options.deadline, options.requestTimeoutMs, now));
        }
        const remaining = options.deadline - now();
        if (remaining <= 0) {
            throw new ScanTimeoutError(`Timed out waiting for the ECR scan of ${(0,errors/* describeTarget */.ff)(target)}: ` +
                (seen || lastStatus ? `the last status was ${status}. ` : 'no poll got a usable answer. ') +
                (lastFailure
                    ? `The last poll failed: ${lastFailure.message}`
                    : status === 'SCAN_NOT_FOUND'
                        ? noScanAdvice(options, started) + imageIndexHint(index.kind, started)
                        : 'Raise wait-timeout, or check the scan in the ECR console.'));
        }
        await sleep(Math.min(interval, remaining), index.found);
        index.endIfIndex();
        interval = nextInterval(interval, options.pollIntervalMs);
    }
}
/**
 * Whether the image is an index: asked once, when ECR first says it has no scan, beside the wait. A plain image's late
 * scan is read whenever it comes; an index ends the wait as soon as the answer says so.
 */
class IndexQuestion {
    client;
    target;
    /** Undefined until asked, 'asking' until answered. */
    kind;
    /** Settles once kind holds the answer. */
    answer;
    /** Resolves if the answer is "an index", and never otherwise: what cuts the pause between polls short. */
    found;
    constructor(client, target) {
        this.client = client;
        this.target = target;
    }
    /** Asks DescribeImages, once, within signal. */
    ask(signal) {
        this.kind = 'asking';
        // imageKind never throws: a refusal or a hang is an answer ('refused', 'unknown').
        this.answer = imageKind(this.client, this.target, signal).then((kind) => (this.kind = kind));
        this.found = this.answer.then((kind) => (typeof kind === 'object' ? kind : new Promise(() => { })));
    }
    /** Ends the wait with the ways out of an index, if the answer so far says the image is one. */
    endIfIndex() {
        const kind = this.kind;
        if (typeof kind === 'object')
            throw new ScanEndedError(imageIndexAdvice(this.target, kind.index));
    }
}
// Only a digest the outputs may pass on (readAllFindings refuses any other answer, and an undecided run must not
// report a digest it never judged).
function trustedDigest(digest, target) {
    return digest && !digestProblem(digest, target) ? digest : undefined;
}
// The ways out of an image index, for the advice and the hint.
const INDEX_WAYS_OUT = 'build one platform with provenance: false (and no sbom) to push a plain image, or name a platform\'s image by its ' +
    'digest (docker buildx imagetools inspect lists them; leave out the unknown/unknown attestation entries)';
/** Why an image index never gets a scan, and the ways out. */
function imageIndexAdvice(target, mediaType) {
    return (`ECR cannot scan ${(0,errors/* describeTarget */.ff)(target)}: it is an image index (${mediaType}), a list of images (one per ` +
        'platform, and attestations), and ECR scans those images, never the index, so no scan of it will come. ' +
        `docker/build-push-action pushes an index by default, to hold its provenance attestation: ${INDEX_WAYS_OUT}.`);
}
/** For a timeout without a scan: the image index as a likely cause, unless ECR showed that the image is none. */
function imageIndexHint(kind, started) {
    // ECR refuses to start a scan of an index: one it accepted was no index.
    if (kind === undefined || kind === 'image' || started === 'started')
        return '';
    return (' If the tag names an image index (docker/build-push-action pushes one by default, to hold its provenance ' +
        `attestation), no scan of it will come: ECR scans the index's images, not the index. Either ${INDEX_WAYS_OUT}` +
        (kind === 'refused' ? '; or grant ecr:DescribeImages, so that the gate can tell at once.' : '.'));
}
function noScanAdvice(options, started) {
    if (!options.startScan) {
        return ("No scan exists: turn on scan on push in the registry's scanning settings (ECR console: Private registry, Scanning) " +
            'and check that their filters include this repository, or set start-scan: true (basic scanning).');
    }
    switch (started) {
        case 'started':
            return 'No scan appeared, though ECR accepted start-scan\'s request for one: raise wait-timeout, or check the image in the ECR console.';
        case 'enhanced':
            return ('No scan appeared: the registry uses enhanced scanning, which start-scan cannot start. Check that the ' +
                "registry's enhanced scanning filters include this repository (ECR console: Private registry, Scanning).");
        case 'limited':
            return 'No scan appeared, and ECR refused start-scan: one basic scan per image every 24 hours, already used. Rerun after that, or gate a new push.';
        default:
            return 'No scan exists, and start-scan could not start one (see the warning above).';
    }
}
/**
 * Waits for the scan, then reads every page of it. A scan that changes while its pages are read (a new scan starts,
 * the tag moves) is waited for and read again, within the same deadline, so the verdict never rests on a mix of two.
 */
async function waitAndRead(client, target, options) {
    const sleep = options.sleep ?? defaultSleep;
    const now = options.now ?? Date.now;
    let change;
    for (;;) {
        const scan = await waitForScan(client, target, options);
        try {
            const findings = await readAllFindings(client, target, scan.firstPage, options);
            return { scan, findings };
        }
        catch (error) {
            // Out of time on a read after a change: the earlier change is part of why.
            if (error instanceof ReadTimeoutError && change) {
                throw new ReadTimeoutError(`${error.message} Before that, the read had started over: ${change.message}`, error.pages);
            }
            if (!(error instanceof ScanChangedError))
                throw error;
            if (!change)
                core/* warning */.$e(`${error.message} Waiting for the scan and reading it again.`);
            change = error;
            const remaining = options.deadline - now();
            if (remaining <= 0) {
                throw new ReadTimeoutError(`wait-timeout ran out while reading the findings of ${(0,errors/* describeTarget */.ff)(target)}, which kept changing: ${error.message} Raise wait-timeout.`, error.pages);
            }
            await sleep(Math.min(options.pollIntervalMs, remaining));
        }
    }
}

// EXTERNAL MODULE: ./src/set-key.ts
var set_key = __webpack_require__(7077);
;// CONCATENATED MODULE: ./src/baseline.ts






/** Keys of the findings in the image: CLOSED ones are gone (Inspector closed them), SUPPRESSED ones are still there. */
function presentKeys(findings) {
    // Package names are anyone's to choose: keys too long for V8 to hash by content would make every lookup a scan.
    const keys = new set_key/* TextSet */.W();
    for (const finding of findings)
        if (finding.inspectorStatus !== 'CLOSED')
            for (const key of (0,src_policy/* findingKeys */.ux)(finding))
                keys.add(key);
    return keys;
}
/** Counts new, fixed and still-present findings of the image against the baseline's keys. */
function compareFindings(target, findings, baselineKeys) {
    // Counted like every other count: suppressed findings are reported apart.
    const counted = findings.filter((f) => !(0,src_finding/* isSuppressed */.Bx)(f));
    // New when any of its packages is: the vulnerability reaching one more package is what a pull request adds.
    const newCount = counted.filter((f) => !(0,src_policy/* findingKeys */.ux)(f).every((key) => baselineKeys.has(key))).length;
    const current = presentKeys(findings);
    const fixedKeys = [...baselineKeys].filter((key) => !current.has(key)).sort();
    return {
        target,
        available: true,
        newCount,
        fixedCount: fixedKeys.length,
        stillPresentCount: counted.length - newCount,
        fixedKeys
    };
}
async function readBaseline(client, inputs, baseline, options) {
    // A baseline-image may live in another region than the image; the client is bound to one region.
    const regional = baseline.region === inputs.target.region
        ? client
        : options.clientFor(baseline.region);
    try {
        // Never start a scan for the baseline: it is not this run's image, and a fresh scan would move what it compares on.
        // Nor wait for one to appear: a baseline is an image pushed before this one, whose scan on push is long over.
        const missingScanEnds = 'The gate never starts a scan for a baseline: scan it to compare against it.';
        const { scan, findings: read } = await waitAndRead(regional, baseline, { ...options, startScan: false, missingScanEnds }).catch((error) => {
            throw (0,errors/* explainAwsError */.Ni)(error, baseline, 'DescribeImageScanFindings');
        });
        core/* info */.pq(`Baseline ${(0,errors/* describeTarget */.ff)(baseline)}: scan ${scan.status}, ${read.findings.length} findings.`);
        return { findings: read.findings, digest: read.imageDigest };
    }
    finally {
        if (regional !== client)
            regional.destroy();
    }
}
function withoutBaseline(report, baseline, findings, why) {
    report.warnings.push(`The baseline ${(0,errors/* describeTarget */.ff)(baseline)} ${why}`);
    const counted = findings.filter((f) => !(0,src_finding/* isSuppressed */.Bx)(f)).length;
    report.baseline = { target: baseline, available: false, newCount: counted, fixedCount: 0, stillPresentCount: 0, fixedKeys: [] };
    return undefined;
}
/**
 * Reads the baseline image's findings and returns their keys, so that decide() blocks only on what is new; fills
 * report.baseline. When the baseline cannot be read every finding counts as new (fail safe) and a warning says why.
 */
async function compareWithBaseline(client, inputs, findings, options, report) {
    const baseline = inputs.baseline;
    if (!baseline)
        return undefined;
    core/* info */.pq(`Reading the findings of the baseline ${(0,errors/* describeTarget */.ff)(baseline)}.`);
    let read;
    try {
        read = await readBaseline(client, inputs, baseline, options);
    }
    catch (error) {
        // A missing image or scan, a terminal status or the timeout: the gate stays strict rather than failing. A
        // Retry-After past wait-timeout ends the run wherever ECR sends it: every finding counted new would hide why.
        if (!(0,errors/* isActionable */.nM)(error) || error instanceof errors/* RetryAfterRefusal */.$G)
            throw error;
        return withoutBaseline(report, baseline, findings, `could not be read, so every finding counts as new: ${error.message}`);
    }
    // baseline-tag: latest, just pushed by this very workflow: compared with itself, nothing would ever be new. Without
    // both digests that cannot be ruled out, and the gate stays strict.
    if (!read.digest || !report.imageDigest) {
        return withoutBaseline(report, baseline, findings, 'and the gated image could not both be named by digest (ECR left it out), so the gate cannot rule out comparing the image with itself: every finding counts as new.');
    }
    if (read.digest === report.imageDigest) {
        return withoutBaseline(report, baseline, findings, `is the gated image itself (${read.digest}), so every finding counts as new: compared with itself, none would be. Name a baseline the image does not replace.`);
    }
    const keys = presentKeys(read.findings);
    report.baseline = compareFindings(baseline, findings, keys);
    const { newCount, fixedCount, stillPresentCount } = report.baseline;
    core/* info */.pq(`Against the baseline: ${newCount} new, ${fixedCount} fixed, ${stillPresentCount} still present.`);
    return keys;
}

;// CONCATENATED MODULE: ./src/cancellation.ts

/**
 * Listens for SIGINT and SIGTERM (a cancelled workflow) for the rest of the run. The first one records why the gate did
 * not decide, unless a verdict or an error is already in the report, aborts what is on its way (a comment waiting on
 * GitHub), writes the reports through `finish` and exits non-zero.
 */
function listenForCancellation(report, finish) {
    const controller = new AbortController();
    const cancel = (signal) => {
        // The runner sends SIGINT, then SIGTERM if the step is still there: the first one says it all.
        if (controller.signal.aborted)
            return;
        if (report.verdict) {
            // The verdict stands in the reports; only their writing was cut short.
            core/* setFailed */.C1(`ecr-scan-gate was cancelled (${signal}) while writing its reports.`);
        }
        else if (!report.error) {
            report.error = `the run was cancelled (${signal}) before the verdict, so the gate did not decide.`;
            core/* setFailed */.C1(`ecr-scan-gate did not decide: ${report.error}`);
        }
        // Else an error was already reported (bad inputs, met before a signal held while the gate loaded came through),
        // and it says more than the cancellation would.
        controller.abort();
        void finish().finally(() => process.exit(1));
    };
    // Kept until the run ends, so every signal of the run comes through cancel(), where the first one decides.
    process.on('SIGINT', cancel).on('SIGTERM', cancel);
    return {
        signal: controller.signal,
        stop: () => void process.off('SIGINT', cancel).off('SIGTERM', cancel)
    };
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./src/proxy.ts
var src_proxy = __webpack_require__(8903);
// EXTERNAL MODULE: ./src/undici-on-demand.ts
var undici_on_demand = __webpack_require__(3113);
;// CONCATENATED MODULE: ./src/comment.ts






/** Who comments with the workflow's GITHUB_TOKEN. */
const GITHUB_TOKEN_LOGIN = 'github-actions[bot]';
// Tried from a run's first slash only: from every slash, a long run followed by anything else costs its length squared.
const TRAILING_SLASHES = /(?<!\/)\/+$/;
/** GitHub refuses comments over 65,536 characters; a byte budget well under it bounds the characters too. */
const COMMENT_LIMIT_BYTES = 50_000;
const MAX_COMMENT_ROWS = 20;
const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_target']);
/**
 * The hidden first line that finds this image's comment again on the next run: the region, the repository and the
 * tag, so two images of one repository (app:v1, app:v1-arm64), or one image pushed to two regions, each keep their own
 * comment, while a new push of the same tag updates it. This run's commit in the tag (`${{ github.sha }}`,
 * `sha-1a2b3c4`) stands for "this push", so a pull request's next push, tagged with its next commit, updates the
 * comment too instead of adding one more. An image named by digest alone is its repository's one comment. The account
 * stays out: the comment is public on a public repository.
 */
function commentMarker(image, commits = []) {
    const tag = image?.imageTag && safeForComment(image.imageTag).replace(HEX_WORD, (hex) => (isCommit(hex, commits) ? '(commit)' : hex));
    // A region holds no "/", so the first one ends it.
    const name = (image?.region ? `${safeForComment(image.region).replace(/\//g, '-')}/` : '') + safeForComment(image?.repositoryName ?? '');
    return `<!-- ecr-scan-gate:${(tag ? `${name}:${tag}` : name).slice(0, 400)} -->`;
}
// Only characters that cannot close or confuse an HTML comment.
function safeForComment(text) {
    return text.replace(/[^a-zA-Z0-9._/:-]+/g, '-').replace(/-{2,}/g, '-');
}
// A run of hex digits standing alone in the tag, as a commit id does (`sha-1a2b3c4`, `pr-7-<sha>-arm64`).
const HEX_WORD = /(?<![0-9a-z])[0-9a-f]{7,40}(?![0-9a-z])/gi;
// This run's commit, in full or abbreviated (git's shortest is 7): other hex (a lockfile's hash, another branch's
// commit) is the tag's own.
function isCommit(hex, commits) {
    const lower = hex.toLowerCase();
    return commits.some((commit) => commit.startsWith(lower));
}
/** This workflow run's id (GITHUB_RUN_ID), when it is one: digits, as many as a stamp holds. */
function currentRunId() {
    const runId = process.env.GITHUB_RUN_ID;
    return runId && /^\d{1,20}$/.test(runId) ? runId : undefined;
}
/** The hidden stamp of the workflow run that wrote a comment, after its marker on the first line. */
function runStamp(runId) {
    return runId ? `<!-- ecr-scan-gate-run:${runId} -->` : '';
}
// Run ids only grow: a comment stamped by a later run holds a later push's verdict.
function writtenLater(body, runId) {
    const stamped = /^[^\n]*<!-- ecr-scan-gate-run:(\d{1,20}) -->/.exec(body ?? '')?.[1];
    return stamped !== undefined && runId !== undefined && BigInt(stamped) > BigInt(runId);
}
/** The comment body: marker, verdict, image, severity table and the top blocking findings. */
function renderComment(report, marker = commentMarker(report.target), runUrl = workflowRunUrl()) {
    const blocks = [marker, (0,src_markdown/* verdictLines */.rz)(report, 3).join('\n')];
    const image = (0,src_markdown/* imageLine */.EN)(report);
    if (image)
        blocks.push(image);
    const verdict = report.verdict;
    if (verdict) {
        blocks.push((0,src_markdown/* severityTable */.ql)(verdict.counts));
        const blocking = (0,src_markdown/* sortedFindings */.Y_)(verdict.decided, (d) => d.decision === 'blocking');
        if (blocking.length > 0) {
            const budget = COMMENT_LIMIT_BYTES - (0,src_markdown/* byteLength */.dp)(blocks.join('\n\n')) - 2_000;
            const table = (0,src_markdown/* findingsTable */.f9)(blocking, src_markdown/* BLOCKING_COLUMNS */.cS, { bytes: budget, rows: MAX_COMMENT_ROWS });
            blocks.push(`**Top blocking findings**`);
            if (table.markdown)
                blocks.push(table.markdown);
            if (table.omitted > 0)
                blocks.push((0,src_markdown/* omittedNote */.Vg)(table.omitted, 'blocking findings', report, true));
        }
    }
    if (report.baseline) {
        const { newCount, fixedCount, stillPresentCount } = report.baseline;
        blocks.push(`Compared with the baseline: ${newCount} new, ${fixedCount} fixed, ${stillPresentCount} still present.`);
    }
    if (runUrl)
        blocks.push(`[Full report in the job summary](${runUrl})`);
    return `${blocks.join('\n\n')}\n`;
}
function workflowRunUrl() {
    const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_RUN_ID: runId } = process.env;
    if (!server || !repository || !runId || !/^\d+$/.test(runId) || !/^[\w.-]+\/[\w.-]+$/.test(repository))
        return undefined;
    return (0,src_markdown/* safeUrl */.Pl)(`${server.replace(TRAILING_SLASHES, '')}/${repository}/actions/runs/${runId}`);
}
// Read at call time rather than through @actions/github's `context`, which is fixed when the module loads.
function pullRequest() {
    const event = process.env.GITHUB_EVENT_NAME ?? '';
    if (!PULL_REQUEST_EVENTS.has(event)) {
        return `comment-on-pr is true, but this run was triggered by ${event ? `a ${(0,log_safety/* oneLine */.TN)(event, 50)} event` : 'no event'}: there is no pull request to comment on.`;
    }
    const [owner, repo] = (process.env.GITHUB_REPOSITORY ?? '').split('/');
    let number;
    let head;
    try {
        const payload = JSON.parse((0,external_node_fs_.readFileSync)(process.env.GITHUB_EVENT_PATH ?? '', 'utf8'));
        number = payload.pull_request?.number;
        head = payload.pull_request?.head?.sha;
    }
    catch {
        number = undefined;
    }
    if (!owner || !repo || typeof number !== 'number') {
        return 'comment-on-pr is true, but the pull request number or repository could not be read from the event.';
    }
    // On pull_request_target GITHUB_SHA is the base branch's tip, another image's commit; only the head is this push.
    const shas = event === 'pull_request_target' ? [head] : [process.env.GITHUB_SHA, head];
    const commits = shas.filter((sha) => typeof sha === 'string' && /^[0-9a-f]{40}$/i.test(sha));
    return { owner, repo, number, commits: commits.map((sha) => sha.toLowerCase()) };
}
/** Creates or updates this image's comment on the pull request; any failure becomes a warning, never a failed step. */
async function commentOnPullRequest(report, settings = report.inputs ?? { githubToken: '' }, 
/** Aborts the calls at once: a cancelled run must exit, not wait on GitHub. */
cancelled) {
    const pr = pullRequest();
    if (typeof pr === 'string') {
        report.warnings.push(pr);
        return;
    }
    const token = settings.githubToken;
    if (!token) {
        report.warnings.push('comment-on-pr is true, but github-token is empty: no pull request comment.');
        return;
    }
    // One budget for every call: a GitHub that never answers must not hold the step (Node's own limit is 5 minutes).
    // The fallback serves only a run whose request-timeout input could not be read.
    const budgetMs = settings.requestTimeoutMs ?? DEFAULT_BUDGET_MS;
    const timeout = AbortSignal.timeout(budgetMs);
    const signal = cancelled ? AbortSignal.any([timeout, cancelled]) : timeout;
    let proxy;
    try {
        // Loaded here, not at start-up: most runs never comment (see loadPolicy). undici first: see undici-on-demand.ts.
        await (0,undici_on_demand.loadUndici)();
        const { getOctokit } = await __webpack_require__.e(/* import() */ 413).then(__webpack_require__.bind(__webpack_require__, 2413));
        // @actions/github fixes its default API URL when it loads; reading it here keeps GHES and tests on the right host.
        const baseUrl = (process.env.GITHUB_API_URL || 'https://api.github.com').replace(TRAILING_SLASHES, '');
        proxy = await commentProxy(baseUrl);
        const octokit = getOctokit(token, { baseUrl, request: proxy ? { fetch: proxy.fetch, signal } : { signal } });
        const marker = commentMarker(report.target, pr.commits);
        const runId = currentRunId();
        const body = renderComment(report, marker + runStamp(runId));
        const issue = { owner: pr.owner, repo: pr.repo };
        const listOurs = async () => {
            const comments = await octokit.paginate(octokit.rest.issues.listComments, { ...issue, issue_number: pr.number, per_page: 100 });
            return comments.filter((comment) => comment.body?.startsWith(marker)).sort((a, b) => a.id - b.id);
        };
        // Only a comment this action wrote is updated: anyone can post the marker, and a verdict written into their
        // comment is a verdict they can edit. GITHUB_TOKEN comments as github-actions[bot], a personal token as its own
        // user, a GitHub App installation token as its app's bot; any other bot is someone else.
        let login;
        const ownOf = async (ours) => {
            const by = (name) => ours.filter((comment) => name !== undefined && comment.user?.login === name);
            const own = by(GITHUB_TOKEN_LOGIN);
            return own.length === 0 && ours.length > 0 ? by(await (login ??= tokenLogin(octokit))) : own;
        };
        const update = (comment) => octokit.rest.issues.updateComment({ ...issue, comment_id: comment.id, body });
        const own = await ownOf(await listOurs());
        const [oldest, ...copies] = own;
        if (own.some((comment) => writtenLater(comment.body, runId))) {
            // A slower run of an earlier push must not put its verdict over the one for the pull request's newer head.
            core/* info */.pq(`The scan comment on pull request #${pr.number} is from a later workflow run; left as it is.`);
        }
        else if (oldest) {
            await update(oldest);
            // Copies two runs left by commenting at once: the oldest now holds the verdict.
            await removeComments(octokit, issue, copies);
            core/* info */.pq(`Updated the scan comment on pull request #${pr.number}.`);
        }
        else {
            const { data: created } = await octokit.rest.issues.createComment({ ...issue, issue_number: pr.number, body });
            // Who wrote it is who the token comments as: no need to ask GitHub.
            if (created.user?.login)
                login ??= Promise.resolve(created.user.login);
            // Another run may have commented between this run's reading and writing: the oldest comment stays, holding the
            // later run's verdict, and this one goes. Only tidying: the verdict is posted whatever happens here.
            try {
                const [first] = await ownOf(await listOurs());
                if (first && first.id < created.id) {
                    if (!writtenLater(first.body, runId))
                        await update(first);
                    await removeComments(octokit, issue, [created]);
                    core/* info */.pq(`Updated the scan comment on pull request #${pr.number}, which another run had just posted.`);
                    return;
                }
            }
            catch (error) {
                core/* info */.pq(`Could not check for a copy of the comment another run posted at the same time: ${(0,log_safety/* errorText */.kc)(error, 300)}`);
            }
            core/* info */.pq(`Commented on pull request #${pr.number}.`);
        }
    }
    catch (error) {
        const through = proxy ? ` (through the proxy in ${proxy.variable})` : '';
        report.warnings.push(cancelled?.aborted
            ? `Could not finish the comment on pull request #${pr.number}: the run was cancelled.`
            : timeout.aborted
                ? `Could not comment on pull request #${pr.number}: GitHub did not answer within request-timeout (${budgetMs / 1000} s)${through}.`
                : commentFailure(error, pr.number, proxy?.variable));
    }
    finally {
        // A tunnel the proxy never answered outlives the aborted request: left open, it would hold the step for minutes.
        await proxy?.close();
    }
}
/**
 * Deletes copies of this action's comment; one another run deleted first is gone all the same. Only tidying: a copy
 * that stays goes on a later run, so a failure is logged, not warned about.
 */
async function removeComments(octokit, issue, comments) {
    for (const comment of comments) {
        try {
            await octokit.rest.issues.deleteComment({ ...issue, comment_id: comment.id });
        }
        catch (error) {
            if (error.status !== 404)
                core/* info */.pq(`Could not delete a copy of the scan comment: ${(0,log_safety/* errorText */.kc)(error, 300)}`);
        }
    }
}
/**
 * The proxy for the GitHub API on a self-hosted runner, chosen as for ECR (proxy.ts: HTTPS_PROXY or HTTP_PROXY,
 * NO_PROXY, loopback never), as a fetch whose connections this run can close; undefined for none. @actions/github's
 * own proxy-aware fetch keeps its connection where nothing can close it, and reads the variables otherwise.
 */
async function commentProxy(apiUrl) {
    const url = new URL(apiUrl);
    const uri = (0,src_proxy/* proxyFor */.iJ)(url, (0,src_proxy/* proxySettings */.EM)(process.env));
    if (!uri)
        return undefined;
    const { ProxyAgent, fetch: undiciFetch } = await Promise.resolve(/* import() */).then(__webpack_require__.bind(__webpack_require__, 3113));
    const dispatcher = new ProxyAgent({ uri });
    return {
        // octokit types its fetch as the global one; undici's takes the same calls, and a dispatcher.
        fetch: ((input, init) => undiciFetch(input, { ...init, dispatcher })),
        variable: url.protocol === 'https:' ? 'HTTPS_PROXY' : 'HTTP_PROXY',
        close: () => dispatcher.destroy().catch(() => undefined)
    };
}
const DEFAULT_BUDGET_MS = 30_000;
/**
 * The login the token comments as, or undefined when GitHub will not say. GraphQL's viewer names a personal token's
 * user and a GitHub App installation token's bot ("name[bot]"), which may not read /user; /user is asked only when
 * GraphQL will not answer.
 */
async function tokenLogin(octokit) {
    const login = await octokit.graphql('query { viewer { login } }').then((data) => (typeof data.viewer?.login === 'string' ? data.viewer.login : undefined), () => undefined);
    if (login !== undefined)
        return login;
    return octokit.rest.users.getAuthenticated().then((response) => response.data.login, () => undefined);
}
function commentFailure(error, number, proxyVariable) {
    const refused = proxyVariable ? proxyRefusal(error) : undefined;
    if (proxyVariable && refused !== undefined) {
        const advice = (0,src_proxy/* proxyRefusalAdvice */.rN)(refused, proxyVariable, "GitHub's API host");
        return `Could not comment on pull request #${number}: the proxy in ${proxyVariable} refused the tunnel to GitHub (HTTP ${refused}).${advice ? ` ${advice}` : ''}`;
    }
    const through = proxyVariable ? ` (through the proxy in ${proxyVariable})` : '';
    const status = error.status;
    const said = (0,log_safety/* errorText */.kc)(error, 300);
    if (status === 401) {
        return `Could not comment on pull request #${number} (HTTP 401: ${said}): GitHub refused the token; check the github-token input.`;
    }
    if (status === 403 || status === 404) {
        return (`Could not comment on pull request #${number} (HTTP ${status}: ${said}). Give the job ` +
            '`permissions: pull-requests: write`; pull requests from forks get a read-only token, so no comment there.');
    }
    return `Could not comment on pull request #${number}${through}: ${said}`;
}
// undici reports a refused tunnel as a cancelled request; the proxy's status is in a cause further down.
function proxyRefusal(error) {
    let cause = error;
    for (let depth = 0; cause && depth < 5; depth++) {
        const status = /Proxy response \((\d{3})\)/.exec(String(cause.message ?? ''))?.[1];
        if (status)
            return Number(status);
        cause = cause.cause;
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/inputs.ts





function readBoolean(read, name) {
    const value = read(name);
    if (/^(true|True|TRUE)$/.test(value))
        return true;
    if (/^(false|False|FALSE)$/.test(value))
        return false;
    throw new errors/* ConfigurationError */.j1(`Input ${name} must be true or false; got "${value}".`);
}
function readOptionalBoolean(read, name) {
    return read(name) === '' ? undefined : readBoolean(read, name);
}
// A job runs for at most 5 days, on a self-hosted runner (6 hours on GitHub's): a longer wait can never end as asked.
// Node's timers also stop at 2^31 - 1 ms (24.8 days); past that one fires at once, and the gate would poll in a loop.
const MAX_WAIT = { seconds: 432_000, why: '5 days, the longest a job can run' };
// One ECR request that has not answered in an hour never will; the cap also keeps deadline + request-timeout timeable.
const MAX_REQUEST = { seconds: 3_600, why: 'an hour' };
// One way to read each digit: `\d+\.?\d*` split a long run of digits every way before refusing it (4 s for 100,000).
const DECIMAL = /^(?:\d+(?:\.\d*)?|\.\d+)$/;
function readSeconds(read, name, range) {
    const value = read(name);
    // Plain decimals only: Number() also takes 0x10, 0b11, 0o7 and 1e1, which nobody means as a number of seconds.
    const seconds = DECIMAL.test(value) ? Number(value) : NaN;
    const tooLarge = range.max !== undefined && seconds > range.max.seconds;
    if (value === '' || !Number.isFinite(seconds) || seconds < 0 || (seconds === 0 && !range.allowZero) || tooLarge) {
        const least = range.allowZero ? 'a number of seconds, 0 or more' : 'a number of seconds greater than 0';
        const accepts = range.max ? `${least} and at most ${range.max.seconds} (${range.max.why})` : least;
        throw new errors/* ConfigurationError */.j1(`Input ${name} must be ${accepts}; got "${value}".`);
    }
    return Math.max(seconds, range.min) * 1000;
}
/** Splits a list written with commas, spaces or newlines, or as a YAML list of `- item` lines. */
function splitList(value) {
    return value
        .split(/[\s,]+/)
        .map((item) => item.trim())
        // A block written as a YAML list (`- CVE-…` per line) is that list: a lone `-` is its bullet, naming nothing.
        .filter((item) => item !== '' && item !== '-');
}
// Advisory ids as scanners write them: CVE-2024-3094, GHSA-xxxx-xxxx-xxxx, ALAS2023-2024-123, RHSA-2024:1234 (no
// "/": an advisory's URL is not its id, and would never match).
const FINDING_ID = /^[A-Za-z0-9][A-Za-z0-9._:+-]*$/;
const CVE_MISSPELT = /^CVE[-_ ]?(\d{4})[-_ ]?(\d{4,})$/i;
/**
 * The ignore input's finding ids. `#` at the start of a line or after a space starts a comment, so a reason can stand
 * beside its id; a token with characters no id has is refused, since it would never match, and the finding it was
 * meant for would block for a reason nobody sees (a "(not reachable)" after the id would otherwise become two rules).
 */
function readIgnoreIds(read) {
    const ids = splitList(read('ignore')
        .split(/\r?\n/)
        // To the end of the line whatever it holds: `.*$` stops at a lone CR, and each ` #` was then tried in turn.
        .map((line) => line.replace(/(?:^|\s)#[\s\S]*/, ''))
        .join('\n'));
    for (const id of ids) {
        const cve = CVE_MISSPELT.exec(id);
        if (cve && !/^CVE-\d{4}-\d{4,}$/i.test(id)) {
            throw new errors/* ConfigurationError */.j1(`Input ignore: "${id}" is not a CVE id; did you mean CVE-${cve[1]}-${cve[2]}?`);
        }
        if (!FINDING_ID.test(id)) {
            throw new errors/* ConfigurationError */.j1(`Input ignore takes finding ids (CVE-2024-3094, GHSA-…, ALAS-…) separated by commas, spaces or newlines; got "${id}". ` +
                'Write a reason after # on its line, or as an ignore rule in the policy file (with reason and expires).');
        }
    }
    return ids;
}
function readThreshold(read) {
    const value = read('severity-threshold');
    if (value === '')
        return undefined;
    const upper = value.toUpperCase();
    if (src_policy/* THRESHOLDS */.Rm.includes(upper))
        return upper;
    throw new errors/* ConfigurationError */.j1(`Input severity-threshold must be one of ${src_policy/* THRESHOLDS */.Rm.join(', ')} (any case); got "${value}".`);
}
// us-east-1, us-gov-west-1, cn-north-1, eusc-de-east-1 (the European Sovereign Cloud).
const REGION = /^[a-z]{2,4}(?:-[a-z]+){1,3}-\d{1,2}$/;
function resolveRegion(read, fromReference) {
    const [region = '', source = ''] = [
        [fromReference, 'the image reference'],
        [read('region'), 'input region'],
        [process.env.AWS_REGION, 'AWS_REGION'],
        [process.env.AWS_DEFAULT_REGION, 'AWS_DEFAULT_REGION']
    ].find(([value]) => value) ?? [];
    if (!region) {
        throw new errors/* ConfigurationError */.j1('No AWS region: give a full image reference, the region input, or set AWS_REGION (aws-actions/configure-aws-credentials does).');
    }
    if (!REGION.test(region)) {
        throw new errors/* ConfigurationError */.j1(`The region from ${source} must look like us-east-1; got "${(0,log_safety/* oneLine */.TN)(region, 100)}".`);
    }
    return region;
}
function readTarget(read) {
    const image = read('image');
    const explicit = ['repository-name', 'image-tag', 'image-digest'].filter((name) => read(name) !== '');
    if (image) {
        if (explicit.length > 0) {
            throw new errors/* ConfigurationError */.j1(`Give either image or ${explicit.join(', ')}, not both.`);
        }
        const ref = (0,image_ref/* parseImageReference */.o_)(image);
        const registryId = readRegistryId(read, ` (image already names the account ${ref.registryId}: drop registry-id)`);
        if (registryId && registryId !== ref.registryId) {
            throw new errors/* ConfigurationError */.j1(`Input registry-id "${registryId}" disagrees with the account ${ref.registryId} in image; drop one of them.`);
        }
        return { ...ref, region: resolveRegion(read, ref.region) };
    }
    const repositoryName = read('repository-name');
    const imageTag = read('image-tag');
    const imageDigest = read('image-digest');
    if (!repositoryName || (!imageTag && !imageDigest)) {
        throw new errors/* ConfigurationError */.j1('Name the image: either image (ACCOUNT.dkr.ecr.REGION.amazonaws.com/REPOSITORY:TAG), or repository-name with image-tag or image-digest.');
    }
    return {
        ...explicitTarget(read, { repositoryName, imageTag, imageDigest }, ''),
        region: resolveRegion(read, undefined)
    };
}
function explicitTarget(read, parts, prefix) {
    if (!(0,image_ref/* isRepositoryName */.en)(parts.repositoryName)) {
        throw new errors/* ConfigurationError */.j1(`Input repository-name must be an ECR repository name (lowercase letters, digits, . _ - and /); got "${parts.repositoryName}".`);
    }
    if (parts.imageDigest && !(0,image_ref/* isDigest */.Bc)(parts.imageDigest)) {
        throw new errors/* ConfigurationError */.j1(`Input ${prefix}image-digest must be sha256: followed by 64 lowercase hex digits; got "${parts.imageDigest}".`);
    }
    if (parts.imageTag && !(0,image_ref/* isTag */.dz)(parts.imageTag)) {
        throw new errors/* ConfigurationError */.j1(`Input ${prefix}image-tag must be ${TAG_RULE}; got "${parts.imageTag}".`);
    }
    const registryId = readRegistryId(read);
    return {
        repositoryName: parts.repositoryName,
        imageTag: parts.imageTag || undefined,
        imageDigest: parts.imageDigest || undefined,
        registryId: registryId || undefined
    };
}
function readRegistryId(read, hint = '') {
    const registryId = read('registry-id');
    if (registryId && !/^\d{12}$/.test(registryId)) {
        throw new errors/* ConfigurationError */.j1(`Input registry-id must be a 12-digit AWS account id; got "${registryId}"${hint}.`);
    }
    return registryId;
}
const TAG_RULE = 'a valid image tag (letters, digits, _ . -, up to 300)';
function inputs_readBaseline(read, target) {
    // The same forms as the image: a full reference or the explicit form, not both; a digest wins over a tag beside it.
    const explicit = ['baseline-tag', 'baseline-digest'].filter((name) => read(name) !== '');
    const image = read('baseline-image');
    if (image && explicit.length > 0) {
        throw new errors/* ConfigurationError */.j1(`Give either baseline-image or ${explicit.join(', ')}, not both.`);
    }
    if (image) {
        return (0,image_ref/* parseImageReference */.o_)(image, 'baseline-image');
    }
    const tag = read('baseline-tag');
    const digest = read('baseline-digest');
    if (!tag && !digest)
        return undefined;
    if (digest && !(0,image_ref/* isDigest */.Bc)(digest)) {
        throw new errors/* ConfigurationError */.j1(`Input baseline-digest must be sha256: followed by 64 lowercase hex digits; got "${digest}".`);
    }
    if (tag && !(0,image_ref/* isTag */.dz)(tag)) {
        throw new errors/* ConfigurationError */.j1(`Input baseline-tag must be ${TAG_RULE}; got "${tag}".`);
    }
    return { ...target, imageTag: tag || undefined, imageDigest: digest || undefined };
}
/**
 * The inputs reporting needs, each read on its own: a run whose other inputs are bad still writes its "undecided"
 * JSON report and, when the image is known, updates its pull request comment.
 */
function reportingInputs(read = (name) => core/* getInput */.V4(name)) {
    const attempt = (readOne) => {
        try {
            return readOne();
        }
        catch {
            return undefined;
        }
    };
    return {
        reportFile: read('report-file'),
        // A summary: false that is itself the bad input is not honoured: the run then has an error to show.
        summary: attempt(() => readBoolean(read, 'summary')) ?? true,
        commentOnPr: attempt(() => readBoolean(read, 'comment-on-pr')) ?? false,
        githubToken: read('github-token'),
        requestTimeoutMs: attempt(() => readSeconds(read, 'request-timeout', { min: 0.1, allowZero: false, max: MAX_REQUEST })),
        target: attempt(() => readTarget(read))
    };
}
// The SDK takes these as they are and fails with a bare TypeError (and its stack) on the first call.
function checkEndpoints() {
    for (const name of ['AWS_ENDPOINT_URL_ECR', 'AWS_ENDPOINT_URL']) {
        const value = process.env[name];
        if (!value)
            continue;
        let protocol = '';
        try {
            protocol = new URL(value).protocol;
        }
        catch {
            protocol = '';
        }
        if (protocol !== 'https:' && protocol !== 'http:') {
            throw new errors/* ConfigurationError */.j1(`${name} must be an http(s) URL such as https://ecr.example.com; got "${(0,log_safety/* oneLine */.TN)(value, 100)}".`);
        }
    }
}
/** Reads and checks every input before any AWS call; a bad one throws a ConfigurationError naming it. */
function getInputs(read = (name) => core/* getInput */.V4(name)) {
    // Masked first, so no message about another input can ever carry it unmasked.
    const githubToken = read('github-token');
    if (githubToken)
        core/* setSecret */.Pq(githubToken);
    // Also left out of the summary and the JSON report: GitHub's error messages can quote it.
    (0,log_safety/* scrubFromReports */.hN)(githubToken);
    checkEndpoints();
    const target = readTarget(read);
    // Here rather than in readTarget, which reportingInputs runs again after an error.
    const image = read('image');
    if (image && !/[:@]/.test(image.slice(image.indexOf('/') + 1))) {
        core/* info */.pq(`image names no tag or digest: gating ${target.repositoryName}:latest, as docker reads it.`);
    }
    const region = read('region');
    if (image && region && region !== target.region) {
        // The reference's region is where the image is: the input cannot move it, and a silent mismatch hides a typo.
        core/* warning */.$e(`Input region ${(0,log_safety/* oneLine */.TN)(region, 40)} is ignored: image names region ${target.region}, which is used.`);
    }
    return {
        target,
        severityThreshold: readThreshold(read),
        onlyFixed: readOptionalBoolean(read, 'only-fixed'),
        ignore: readIgnoreIds(read),
        waitTimeoutMs: readSeconds(read, 'wait-timeout', { min: 0, allowZero: true, max: MAX_WAIT }),
        pollIntervalMs: readSeconds(read, 'poll-interval', { min: 0.01, allowZero: false }),
        requestTimeoutMs: readSeconds(read, 'request-timeout', { min: 0.1, allowZero: false, max: MAX_REQUEST }),
        settleWindowMs: readSeconds(read, 'settle-window', { min: 0, allowZero: true }),
        startScan: readBoolean(read, 'start-scan'),
        failBuild: readBoolean(read, 'fail-build'),
        summary: readBoolean(read, 'summary'),
        annotations: readBoolean(read, 'annotations'),
        sarifFile: read('sarif-file'),
        sarifCategory: read('sarif-category'),
        dockerfile: read('dockerfile'),
        reportFile: read('report-file'),
        commentOnPr: readBoolean(read, 'comment-on-pr'),
        githubToken,
        policyFile: read('policy-file'),
        vexFiles: splitList(read('vex-file')),
        baseline: inputs_readBaseline(read, target)
    };
}

// EXTERNAL MODULE: ./src/report.ts
var src_report = __webpack_require__(665);
;// CONCATENATED MODULE: ./src/outputs.ts


/** Sets every output the run has a value for; counts only for a run that decided, as in the JSON report. */
function setOutputs(report) {
    core/* setOutput */.uH('scan-status', report.scanStatus);
    core/* setOutput */.uH('image-digest', report.imageDigest || report.target?.imageDigest || '');
    // A run that could not decide (an error, even one after the verdict, such as an unwritable SARIF file) must not read
    // as a pass to a later `if:`, nor hand on counts that a step could act on as if they were the gate's.
    const verdict = (0,src_report/* decidedVerdict */.k)(report);
    core/* setOutput */.uH('result', verdict ? verdict.result : 'fail');
    if (verdict) {
        const { counts } = verdict;
        core/* setOutput */.uH('total', counts.total);
        core/* setOutput */.uH('critical', counts.bySeverity.CRITICAL.found);
        core/* setOutput */.uH('high', counts.bySeverity.HIGH.found);
        core/* setOutput */.uH('medium', counts.bySeverity.MEDIUM.found);
        core/* setOutput */.uH('low', counts.bySeverity.LOW.found);
        core/* setOutput */.uH('informational', counts.bySeverity.INFORMATIONAL.found);
        core/* setOutput */.uH('untriaged', counts.bySeverity.UNTRIAGED.found);
        core/* setOutput */.uH('blocking', counts.blocking);
        core/* setOutput */.uH('ignored', counts.ignored);
        core/* setOutput */.uH('suppressed', counts.suppressed);
    }
    if (verdict && report.baseline) {
        core/* setOutput */.uH('new', report.baseline.newCount);
        core/* setOutput */.uH('fixed', report.baseline.fixedCount);
    }
    if (report.sarifFile)
        core/* setOutput */.uH('sarif-file', report.sarifFile);
    if (report.reportFile)
        core/* setOutput */.uH('report-file', report.reportFile);
}

// EXTERNAL MODULE: ./src/checkout.ts
var checkout = __webpack_require__(5087);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(6466);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
;// CONCATENATED MODULE: ./src/chunked-file.ts



// Enough that the disk and zlib see a few dozen tasks for a 40 MB file; two of them are all the memory writing takes.
const BATCH_BYTES = 1 << 20;
// Typical SARIF shrinks ten times, so one output buffer holds what a batch deflates to.
const DEFLATE_OUTPUT_BYTES = 256 << 10;
// Gzip's header and trailer around the deflate stream.
const GZIP_FRAME_BYTES = 18;
/**
 * Writes text made piece by piece (tens of megabytes never become one string) and returns its size. Pieces are
 * encoded into one of two reused megabyte buffers; while the disk (and zlib, when measuring) take one on libuv's
 * threads, the next is filled here, so the file is written about as fast as its text is made, in constant memory.
 */
async function writeChunkedFile(path, chunks, options = {}) {
    const handle = await (0,promises_.open)(path, 'w');
    // zlib hands back one output buffer per chunkSize bytes, each on a turn of this thread, which is busy making text:
    // with the default 16 KiB a batch took several turns, and the thread then sat waiting for them.
    const deflate = options.measureGzip ? (0,external_node_zlib_.createDeflateRaw)({ level: 1, chunkSize: DEFLATE_OUTPUT_BYTES }) : undefined;
    let gzipBytes = GZIP_FRAME_BYTES;
    deflate?.on('data', (data) => void (gzipBytes += data.length));
    const deflated = deflate ? (0,external_node_stream_promises_.finished)(deflate) : Promise.resolve();
    // Awaited at the end; a failed write must not leave it as an unhandled rejection meanwhile.
    deflated.catch(() => undefined);
    const buffers = [Buffer.allocUnsafe(BATCH_BYTES), Buffer.allocUnsafe(BATCH_BYTES)];
    // What still reads each buffer: its file write and its deflate.
    const inUse = [Promise.resolve(), Promise.resolve()];
    let current = 0;
    let used = 0;
    let bytes = 0;
    // The last write handed to the disk. Each write starts when the one before has finished: libuv would not keep two
    // in order, and offsets would not work for a pipe (report-file: /dev/stdout).
    let written = Promise.resolve();
    const flush = async () => {
        const data = buffers[current].subarray(0, used);
        bytes += used;
        written = written.then(() => writeAll(handle, data));
        const reading = Promise.all([written, deflate ? deflateWrite(deflate, data) : undefined]);
        reading.catch(() => undefined);
        inUse[current] = reading;
        current = 1 - current;
        used = 0;
        await inUse[current];
    };
    try {
        for (const chunk of chunks) {
            const size = Buffer.byteLength(chunk);
            if (used + size > buffers[current].length) {
                if (used > 0)
                    await flush();
                // A single piece larger than a batch (a chunk of findings with huge texts) gets a buffer of its own size.
                if (size > buffers[current].length)
                    buffers[current] = Buffer.allocUnsafe(size);
            }
            used += buffers[current].write(chunk, used);
        }
        if (used > 0)
            await flush();
        await Promise.all(inUse);
        deflate?.end();
        await deflated;
    }
    finally {
        deflate?.destroy();
        await handle.close();
    }
    return options.measureGzip ? { bytes, gzipBytes } : { bytes };
}
async function writeAll(handle, data) {
    for (let at = 0; at < data.length;) {
        const { bytesWritten } = await handle.write(data, at, data.length - at);
        at += bytesWritten;
    }
}
// Resolves once zlib has consumed the data, so its buffer may be filled again.
function deflateWrite(deflate, data) {
    return new Promise((resolve, reject) => {
        deflate.write(data, (error) => (error ? reject(error) : resolve()));
    });
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
;// CONCATENATED MODULE: ./src/sarif.ts











const TOOL_NAME = 'ecr-scan-gate';
/** Kept by hand: ncc bundles no package.json; a test holds it equal to package.json's version. */
const TOOL_VERSION = '1.0.0';
// The repository the README's `uses:` line names; its owner "org" stands for the one it is published under.
const TOOL_INFORMATION_URI = 'https://github.com/org/ecr-scan-gate';
const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
/** The partialFingerprints key that names our own fingerprint algorithm; bump the version if the inputs change. */
const FINGERPRINT_KEY = 'ecrScanGate/v1';
/** GitHub rejects a run with more results than this. */
const MAX_RESULTS_PER_RUN = 25_000;
/** GitHub rejects a file over 10 MB gzipped; 10,000,000 bytes is the strictest reading of "10 MB". */
const MAX_GZIP_BYTES = 10_000_000;
// Tried from a run's first slash only: from every slash, a long run followed by anything else costs its length squared.
const sarif_TRAILING_SLASHES = /(?<!\/)\/+$/;
// Where CVSS gives no score: the values Trivy uses, so alerts from both tools rank alike. INFORMATIONAL gets the
// lowest valid value (GitHub accepts 0.1 to 10.0 and has no band under "low"); UNTRIAGED gets none, so GitHub ranks
// it by its level instead of by a severity nobody has assessed yet.
const FALLBACK_SECURITY_SEVERITY = {
    CRITICAL: '9.5',
    HIGH: '8.0',
    MEDIUM: '5.5',
    LOW: '2.0',
    INFORMATIONAL: '0.1',
    UNTRIAGED: undefined
};
// GitHub shows at most 1024 characters of a rule's descriptions; the rest bound what one finding can add to the file.
const MAX_DESCRIPTION = 1000;
const MAX_ID = 200;
const MAX_NAME = 200;
const MAX_VERSION = 100;
const MAX_PATH = 500;
const MAX_REASON = 300;
const MAX_PACKAGES_IN_HELP = 20;
const MAX_PACKAGE_MANAGER_TAGS = 5;
const SAMPLE_BYTES = 1_000_000;
// Results drafted at most: drafts held until the file is written cost some 3 MB of memory per thousand.
const DRAFT_LIMIT = 10_000;
// Results drafted at a time, about a millisecond of work: a page that arrives meanwhile waits no longer than that.
const DRAFT_SLICE = 100;
// Ids as vendors write them (CVE-2024-1234, GHSA-xxxx-xxxx-xxxx, ALAS2-2024-123) need no cleaning: the fast path.
const SIMPLE_ID = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,199}$/;
/** Writes the SARIF file named by inputs.sarifFile and returns its path; nothing without a path or a verdict. */
async function writeSarif(report, options = {}) {
    const path = report.inputs?.sarifFile ?? '';
    // An empty run would close every open alert: only a decided gate may speak for the image.
    if (!path || !report.verdict)
        return undefined;
    const plan = planSarif(report, { workspace: process.env.GITHUB_WORKSPACE, ...options });
    let count;
    try {
        await (0,checkout/* prepareReportPath */.tk)(path);
        // Written as made, every result GitHub's count allows; gzipping the same bytes on the way tells whether the file
        // is within the size limit without holding it.
        const chunks = sarifChunks(plan, plan.ruleList.length, plan.kept.length);
        const { bytes, gzipBytes = 0 } = await writeChunkedFile(path, chunks, { measureGzip: true });
        if (fitsUnzipped(bytes, plan.maxGzipBytes) || gzipBytes <= plan.maxGzipBytes * MEASURE_MARGIN) {
            count = plan.kept.length;
        }
        else {
            // Rare (megabytes of text per finding): cut the tail the way the in-memory build does, and write again.
            plan.draft?.used.reset();
            const fitted = fitInMemory(plan);
            count = fitted.count;
            await writeChunkedFile(path, fitted.parts);
        }
    }
    catch (error) {
        count ??= fitInMemory(plan).count;
        report.warnings.push(...limitWarnings(plan, count));
        // An error, not a warning: the file is what code scanning reads, and a step that passed without it would let
        // the upload after it fail, or upload nothing, with no verdict on record.
        throw (0,errors/* fileWriteError */.Sw)('the SARIF file', path, 'sarif-file', 'SARIF', error);
    }
    report.warnings.push(...limitWarnings(plan, count));
    core/* info */.pq(`SARIF: wrote ${count} result(s) for ${rulesUsedBy(plan, count)} vulnerability id(s) to ${(0,log_safety/* oneLine */.TN)(path, 500)}.`);
    const used = plan.draft?.used;
    if (used)
        core/* debug */.Yz(`SARIF: ${used.rules} rule text(s) and ${used.results} result(s) were made from drafts made while pages arrived.`);
    return path;
}
/** Builds the SARIF log for code scanning from the decided findings: pure, deterministic, within GitHub's limits. */
function buildSarif(report, options = {}) {
    const plan = planSarif(report, options);
    const { count, parts } = fitInMemory(plan);
    return {
        text: [...parts].join(''),
        results: count,
        rules: rulesUsedBy(plan, count),
        dropped: plan.total - count,
        warnings: limitWarnings(plan, count)
    };
}
function planSarif(report, options) {
    options.draft?.stop();
    const repository = repositoryText(report.target?.repositoryName ?? report.inputs?.target.repositoryName ?? '');
    const dockerfile = artifactUri(options.dockerfile ?? report.inputs?.dockerfile ?? '', options.workspace);
    const maxResults = Math.max(0, Math.min(options.maxResults ?? MAX_RESULTS_PER_RUN, MAX_RESULTS_PER_RUN));
    const maxGzipBytes = options.maxGzipBytes ?? MAX_GZIP_BYTES;
    const identity = identityOf(repository);
    const includeSuppressed = options.includeSuppressed ?? false;
    const collected = collectCandidates(report.verdict?.decided ?? [], identity, includeSuppressed, maxResults);
    const { kept, total, beyondKept } = collected;
    const rules = new Map();
    const ruleFirstUse = [];
    kept.forEach((candidate, i) => {
        const index = noteRule(rules, candidate);
        if (index === ruleFirstUse.length)
            ruleFirstUse.push(i);
    });
    const frame = runFrame(report, repository, options.category ?? report.inputs?.sarifCategory ?? '');
    const ruleList = [...rules.values()];
    return {
        frame,
        repository,
        dockerfile,
        imageRoot: encodePath(repository) || 'image',
        identity,
        maxResults,
        maxGzipBytes,
        total,
        kept,
        beyondKept,
        rules,
        ruleList,
        ruleFirstUse,
        // Drafted for another repository (inputs that changed since), its texts would name the wrong one.
        draft: options.draft?.repository === repository ? options.draft : undefined
    };
}
function repositoryText(repositoryName) {
    return (0,log_safety/* oneLine */.TN)(repositoryName, MAX_NAME);
}
function ruleText(plan, index) {
    const state = plan.ruleList[index];
    return plan.draft?.ruleText(state) ?? ruleJson(state.id, state);
}
function resultText(plan, index) {
    const candidate = plan.kept[index];
    const state = plan.rules.get(candidate.ruleId);
    return resultJson(candidate, state.index, plan);
}
// Rules and results are written as JSON text directly, in the key order of SARIF's ReportingDescriptor and Result,
// every string through JSON.stringify: building an object per rule and result first made them three times slower and
// was most of the garbage at 100,000 findings. The schema and golden-file tests hold the shape.
const json = JSON.stringify;
/** Ignored by a rule or suppressed in Inspector: an accepted risk, which SARIF marks with `suppressions`. */
function isAccepted(decided) {
    return decided.decision === 'ignored' || decided.decision === 'suppressed';
}
function isExcluded(decided, includeSuppressed) {
    return !includeSuppressed && isAccepted(decided);
}
/**
 * Every result (a finding in each of its packages) in priority order without duplicates: the first maxResults become
 * candidates, the rest are only counted. Sorted as indices over typed arrays, so 100,000 findings do not become
 * 100,000 objects of which GitHub takes a quarter: those outlived the young generation and made it grow.
 */
function collectCandidates(decided, identity, includeSuppressed, maxResults) {
    let count = 0;
    for (const d of decided)
        if (!isExcluded(d, includeSuppressed))
            count += resultsOf(d.finding);
    const owners = new Int32Array(count);
    // Which of the finding's packages, or -1 when it names none.
    const packageIndex = new Int32Array(count);
    // Blocking first, then severity: rank (1 to 6) plus 8 when blocking, so one comparison orders both.
    const orders = new Uint8Array(count);
    const scores = new Float64Array(count);
    const ruleIds = [];
    const ruleKeys = [];
    // How many results each id has: an id with one result cannot have a duplicate, so only the others need identities.
    const perRule = new Map();
    let at = 0;
    decided.forEach((d, owner) => {
        if (isExcluded(d, includeSuppressed))
            return;
        const finding = d.finding;
        const ruleId = ruleIdOf(finding);
        const ruleKey = ruleId.toUpperCase();
        const packages = resultsOf(finding);
        const order = (d.decision === 'blocking' ? 8 : 0) + (0,src_finding/* severityRank */.qs)(finding.severity);
        const score = finding.score ?? -1;
        perRule.set(ruleKey, (perRule.get(ruleKey) ?? 0) + packages);
        for (let p = 0; p < packages; p++, at++) {
            owners[at] = owner;
            packageIndex[at] = finding.packages.length > 0 ? p : -1;
            orders[at] = order;
            scores[at] = score;
            ruleIds.push(ruleId);
            ruleKeys.push(ruleKey);
        }
    });
    const candidateAt = (i) => {
        const d = decided[owners[i] ?? 0];
        const p = packageIndex[i] ?? -1;
        const pkg = p < 0 ? undefined : d.finding.packages[p];
        return { decided: d, pkg, ruleId: ruleIds[i] ?? '', ruleKey: ruleKeys[i] ?? '' };
    };
    // Made on first need, at full length: writing far past the end of an empty array makes a slow dictionary of it.
    let identities;
    const identityAt = (i) => {
        identities ??= new Array(count);
        return (identities[i] ??= identity(candidateAt(i)));
    };
    const sorted = Array.from(orders, (_, i) => i);
    sorted.sort(
    // Blocking first, then severity, then score; ties broken by id and package so the order never depends on ECR's.
    (a, b) => (orders[b] ?? 0) - (orders[a] ?? 0) ||
        (scores[b] ?? 0) - (scores[a] ?? 0) ||
        (0,src_markdown/* compareText */.n6)(ruleIds[a] ?? '', ruleIds[b] ?? '') ||
        (0,src_markdown/* compareText */.n6)(identityAt(a), identityAt(b)));
    // The same vulnerability in the same package twice would be one alert to GitHub: keep the most severe copy.
    const seen = new Set();
    const kept = [];
    const beyondKept = new Tally();
    let total = 0;
    for (const i of sorted) {
        if (perRule.get(ruleKeys[i] ?? '') !== 1) {
            const key = (0,set_key/* setKey */.q)(identityAt(i));
            if (seen.has(key))
                continue;
            seen.add(key);
        }
        total++;
        if (kept.length < maxResults) {
            const candidate = candidateAt(i);
            const known = identities?.[i];
            if (known !== undefined)
                candidate.identity = known;
            kept.push(candidate);
        }
        else {
            beyondKept.add(decided[owners[i] ?? 0]);
        }
    }
    return { kept, total, beyondKept };
}
function ruleIdOf(finding) {
    return SIMPLE_ID.test(finding.id) ? finding.id : (0,log_safety/* oneLine */.TN)(finding.id, MAX_ID) || 'UNKNOWN-VULNERABILITY';
}
/**
 * The identity of a result (its fingerprint's input): the one ordering or deduplicating made, else made anew, so the
 * 25,000 written results do not each keep theirs alive until the file is done.
 */
function identityOf(repository) {
    const prefix = `[${JSON.stringify(repository)},`;
    return (candidate) => {
        if (candidate.identity !== undefined)
            return candidate.identity;
        const { pkg, ruleKey } = candidate;
        const finding = candidate.decided.finding;
        // The JSON of [repository, id, name, version, path], written without the array: the same text, less garbage.
        return (`${prefix}${json(ruleKey)},${json(head(pkg?.name ?? finding.packageName))},` +
            `${json(head(pkg?.version ?? finding.packageVersion))},${json(head(pkg?.filePath ?? ''))}]`);
    };
}
// Enough to tell packages apart; a megabyte name must not make every comparison and hash a megabyte long.
function head(text) {
    return text.length > 1000 ? text.slice(0, 1000) : text;
}
function noteRule(rules, candidate) {
    const finding = candidate.decided.finding;
    let state = rules.get(candidate.ruleId);
    if (!state) {
        // Arrays rather than a Map and a Set per rule: they hold a few items, and 25,000 rules' hash tables cost 8 MB.
        const id = candidate.ruleId;
        state = { id, index: rules.size, representative: finding, packages: [], morePackages: 0, packageManagers: [] };
        rules.set(candidate.ruleId, state);
    }
    else if (moreSevere(finding, state.representative)) {
        state.representative = finding;
    }
    const pkg = candidate.pkg;
    if (!pkg)
        return state.index;
    if (state.packages.some((known) => samePackage(known, pkg)))
        return state.index;
    // A literal for the first: a push onto an empty array reserves 17 slots, and most rules list one package.
    if (state.packages.length === 0)
        state.packages = [pkg];
    else if (state.packages.length < MAX_PACKAGES_IN_HELP)
        state.packages.push(pkg);
    else
        state.morePackages++;
    const manager = tagText(pkg.packageManager);
    const managers = state.packageManagers;
    if (!manager || managers.includes(manager))
        return state.index;
    if (managers.length === 0)
        state.packageManagers = [manager];
    else if (managers.length < MAX_PACKAGE_MANAGER_TAGS)
        managers.push(manager);
    return state.index;
}
/**
 * Rule texts, fingerprints and message openings made ahead of the verdict, from each page of findings read while the
 * next page is on its way: that round trip is idle time, and at 10,000 findings these texts took some 50 ms after the
 * last page. A drafted text is used only where what would be made now is the same by construction: a rule whose one
 * representative finding and packages (by identity) are the ones drafted, a result of the same finding and package;
 * anything else is made anew, as without a draft.
 */
class SarifDraft {
    repository;
    /** How many rule texts and results the last pass over the file took from drafts: for the debug log. */
    used = {
        rules: 0,
        results: 0,
        reset() {
            this.rules = this.results = 0;
        }
    };
    identity;
    rules = new WeakMap();
    results = new WeakMap();
    queue = [];
    queueHead = 0;
    /** Results (a finding in each of its packages) read, and queued, since page one of the current read. */
    read = 0;
    queued = 0;
    next;
    /** Set when drafting threw: no more drafting in this run. */
    failed = false;
    constructor(repositoryName) {
        this.repository = repositoryText(repositoryName);
        this.identity = identityOf(this.repository);
    }
    /**
     * Queues a page's findings for drafting, a slice at a time between other work, so a page arriving meanwhile is
     * handled (and the next one asked for) without waiting for the drafts. Counted in results, as the file counts them:
     * not past DRAFT_LIMIT, and not at all when the scan holds more than one run can (ECR's counts, `announced`, say so
     * up front; the results read say so when the counts were too low, and then the drafts made are dropped): which
     * results the file keeps is known only with the verdict, and drafts of the rest would only hold memory. (The last
     * page is never told: a scan whose results pass 25,000 on it keeps its drafts, at most DRAFT_LIMIT of them.) Page
     * one starts afresh: a read that starts over (the scan changed under it) drafts its own findings.
     */
    add = (findings, announced, page) => {
        if (this.failed)
            return;
        if (page === 1)
            this.drop({ restart: true });
        const results = findings.reduce((sum, finding) => sum + resultsOf(finding), 0);
        const within = this.read <= MAX_RESULTS_PER_RUN;
        this.read += results;
        if (this.read > MAX_RESULTS_PER_RUN) {
            if (within)
                this.drop({ restart: false });
            return;
        }
        if (announced === undefined || announced > MAX_RESULTS_PER_RUN || this.queued + results > DRAFT_LIMIT)
            return;
        this.queued += results;
        this.queue.push(...findings);
        // stop() ends the chain: the file's plan calls it, and main.ts does for a run that ends without a file.
        this.next ??= setImmediate(this.draftSlice);
    };
    /** Findings queued and not yet drafted. */
    get pending() {
        return this.queue.length - this.queueHead;
    }
    /** Ends drafting: what is still queued is made with the file, as without a draft. */
    stop() {
        clearImmediate(this.next);
        this.next = undefined;
        this.queue = [];
        this.queueHead = 0;
    }
    /** Stops and forgets every draft; with `restart`, a new read begins. */
    drop({ restart }) {
        this.stop();
        this.rules = new WeakMap();
        this.results = new WeakMap();
        if (restart)
            this.read = this.queued = 0;
    }
    draftSlice = () => {
        this.next = undefined;
        try {
            for (let budget = DRAFT_SLICE; budget > 0 && this.queueHead < this.queue.length;) {
                const finding = this.queue[this.queueHead++];
                budget -= resultsOf(finding);
                this.draftOne(finding);
            }
        }
        catch (error) {
            // Drafts only save time: the file is made without them, and says whatever is wrong itself.
            core/* debug */.Yz(`SARIF drafts stopped: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
            this.failed = true;
            this.drop({ restart: false });
            return;
        }
        if (this.pending > 0)
            this.next = setImmediate(this.draftSlice);
        else
            this.stop();
    };
    draftOne(finding) {
        const rules = new Map();
        const results = [];
        for (const candidate of this.candidatesAlone(finding)) {
            noteRule(rules, candidate);
            const fingerprint = fingerprintOf(this.identity(candidate));
            results.push({ pkg: candidate.pkg, fingerprint, messageHead: flat(messageHead(candidate, this.repository)) });
        }
        this.results.set(finding, results);
        for (const state of rules.values()) {
            const { packages, morePackages, packageManagers } = state;
            this.rules.set(finding, { packages, morePackages, packageManagers, text: flat(ruleJson(state.id, state)) });
        }
    }
    /**
     * The results the file would make of this finding were it the only one of its rule, as collectCandidates orders and
     * deduplicates them (by identity), without its typed arrays: a few small ones per finding cost more than the texts.
     */
    candidatesAlone(finding) {
        const decided = { finding, decision: 'blocking', reason: '' };
        const ruleId = ruleIdOf(finding);
        const ruleKey = ruleId.toUpperCase();
        if (finding.packages.length <= 1)
            return [{ decided, pkg: finding.packages[0], ruleId, ruleKey }];
        const candidates = finding.packages.map((pkg) => ({ decided, pkg, ruleId, ruleKey }));
        for (const candidate of candidates)
            candidate.identity = this.identity(candidate);
        candidates.sort((a, b) => (0,src_markdown/* compareText */.n6)(a.identity ?? '', b.identity ?? ''));
        return candidates.filter((candidate, i) => i === 0 || candidate.identity !== candidates[i - 1]?.identity);
    }
    /** The drafted text of this rule, if the rule is still the one drafted. */
    ruleText(state) {
        const draft = this.rules.get(state.representative);
        if (!draft ||
            draft.morePackages !== state.morePackages ||
            !sameItems(draft.packages, state.packages) ||
            !sameItems(draft.packageManagers, state.packageManagers)) {
            return undefined;
        }
        this.used.rules++;
        return draft.text;
    }
    /** What was drafted for this result's finding and package, if anything. */
    result(candidate) {
        const draft = this.results.get(candidate.decided.finding)?.find((made) => made.pkg === candidate.pkg);
        if (draft)
            this.used.results++;
        return draft;
    }
}
/**
 * The text as one flat string. Concatenation makes a tree of its pieces, and a text held until the file is written
 * would keep the tree alive: 10,000 drafted rules took 96 MB so, against 11 MB flat.
 */
function flat(text) {
    // V8 flattens a string a regular expression reads; this one matches at once, without scanning it.
    FLATTEN.lastIndex = 0;
    FLATTEN.test(text);
    return text;
}
const FLATTEN = /(?:)/y;
/** The results a finding makes in the file: one per package it names, or one. */
function resultsOf(finding) {
    return Math.max(1, finding.packages.length);
}
function sameItems(a, b) {
    return a.length === b.length && a.every((item, i) => item === b[i]);
}
function samePackage(a, b) {
    return a.name === b.name && a.version === b.version && a.fixedInVersion === b.fixedInVersion;
}
function moreSevere(a, b) {
    const bySeverity = (0,src_finding/* severityRank */.qs)(a.severity) - (0,src_finding/* severityRank */.qs)(b.severity);
    return bySeverity > 0 || (bySeverity === 0 && (a.score ?? -1) > (b.score ?? -1));
}
/** GitHub's security-severity for a finding: its CVSS score when it has one, else a value for its severity. */
function securitySeverity(finding) {
    const score = finding.score;
    // GitHub accepts 0.1 to 10.0; a score of 0 says nothing about the risk.
    if (score !== undefined && score >= 0.1 && score <= 10)
        return score.toFixed(1);
    return FALLBACK_SECURITY_SEVERITY[finding.severity];
}
/** The SARIF level: error when the finding blocks, else warning down to MEDIUM and note below. */
function sarifLevel(decided) {
    if (decided.decision === 'blocking')
        return 'error';
    return (0,src_finding/* severityRank */.qs)(decided.finding.severity) >= (0,src_finding/* severityRank */.qs)('MEDIUM') ? 'warning' : 'note';
}
function ruleJson(id, state) {
    const finding = state.representative;
    const severity = securitySeverity(finding);
    const helpUri = httpUri(finding.link) ?? (0,src_markdown/* advisoryUrl */.Le)(id);
    const names = state.packages.map((pkg) => (0,log_safety/* oneLine */.TN)(pkg.name, MAX_NAME)).filter(Boolean);
    const uniqueNames = [...new Set(names)];
    const inPackages = uniqueNames.length === 0 ? '' : ` in ${(0,log_safety/* listed */.KE)(uniqueNames, 3, state.morePackages)}`;
    const short = sentence(`${id} (${finding.severity})${inPackages}`, MAX_DESCRIPTION);
    const description = (0,log_safety/* oneLine */.TN)(finding.description, MAX_DESCRIPTION) || (0,log_safety/* oneLine */.TN)(finding.title, MAX_DESCRIPTION);
    // Version matching against vendor advisories: backported fixes make some matches false, so not "very-high".
    // A set: SARIF wants tags unique, and a package manager's name is the data's (one named "high" or "security").
    const tags = [...new Set(['security', 'vulnerability', finding.severity.toLowerCase(), ...state.packageManagers])];
    return (`{"id":${json(id)},"shortDescription":{"text":${json(short)}},` +
        `"fullDescription":{"text":${json(sentence(description || short, MAX_DESCRIPTION))}},` +
        (helpUri ? `"helpUri":${json(helpUri)},` : '') +
        `"help":{"text":${json(helpText(id, state, helpUri))},"markdown":${json(helpMarkdown(id, state, helpUri))}},` +
        `"properties":{${severity ? `"security-severity":${json(severity)},` : ''}"precision":"high","tags":${json(tags)}}}`);
}
function sentence(text, max) {
    const trimmed = text.trim();
    if (/[.!?…]$/.test(trimmed))
        return trimmed;
    return trimmed.length < max ? `${trimmed}.` : trimmed;
}
function scoreText(finding) {
    return finding.score !== undefined ? `, CVSS ${finding.score}` : '';
}
function fixLine(finding, pkg) {
    const fixed = (0,log_safety/* oneLine */.TN)(pkg.fixedInVersion, MAX_VERSION);
    if (fixed)
        return `fixed in ${fixed}`;
    return finding.kind === 'basic' ? 'basic scanning gives no fixed version' : 'no fixed version yet';
}
function remedy(state) {
    const finding = state.representative;
    const anyFix = state.packages.some((pkg) => pkg.fixedInVersion !== '');
    if (anyFix) {
        return ('Fix: upgrade each package to its fixed-in version or later (for OS packages, rebuild on an updated base image ' +
            'or upgrade the package in the Dockerfile), then push the image again.');
    }
    if (finding.kind === 'basic') {
        return 'Fix: basic scanning gives no fixed version; see the advisory for the release that fixes it.';
    }
    return 'Fix: no fixed version is known yet; follow the advisory, or remove the package if the image does not need it.';
}
function helpText(id, state, helpUri) {
    const finding = state.representative;
    const vector = (0,log_safety/* oneLine */.TN)(finding.vector, 200);
    // The description is the rule's fullDescription, which code scanning shows above the help: not repeated here.
    const lines = [`${id} (${finding.severity}${scoreText(finding)}${vector ? `, ${vector}` : ''})`, ''];
    if (state.packages.length > 0) {
        lines.push('Affected packages in this image:');
        for (const pkg of state.packages) {
            lines.push(`- ${(0,log_safety/* oneLine */.TN)(pkg.name, MAX_NAME)} ${(0,log_safety/* oneLine */.TN)(pkg.version, MAX_VERSION)}: ${fixLine(finding, pkg)}`);
        }
        if (state.morePackages > 0)
            lines.push(`- and ${state.morePackages} more`);
        lines.push('');
    }
    lines.push(remedy(state));
    if (helpUri)
        lines.push(`Advisory: ${helpUri}`);
    return lines.join('\n');
}
function helpMarkdown(id, state, helpUri) {
    const finding = state.representative;
    const vector = (0,src_markdown/* escapeMarkdown */.FV)(finding.vector, 200);
    const title = helpUri ? (0,src_markdown/* linkOrText */.Hw)(id, helpUri, MAX_ID) : (0,src_markdown/* escapeMarkdown */.FV)(id, MAX_ID);
    const lines = [`**${title}** (${finding.severity}${scoreText(finding)}${vector ? `, ${vector}` : ''})`, ''];
    if (state.packages.length > 0) {
        lines.push('Affected packages in this image:', '');
        for (const pkg of state.packages) {
            const fix = (0,src_markdown/* escapeMarkdown */.FV)(fixLine(finding, pkg), MAX_VERSION + 20);
            lines.push(`- ${(0,src_markdown/* escapeMarkdown */.FV)(pkg.name, MAX_NAME)} ${(0,src_markdown/* escapeMarkdown */.FV)(pkg.version, MAX_VERSION)}: ${fix}`);
        }
        if (state.morePackages > 0)
            lines.push(`- and ${state.morePackages} more`);
        lines.push('');
    }
    lines.push((0,src_markdown/* escapeMarkdown */.FV)(remedy(state), 400));
    return lines.join('\n');
}
function resultJson(candidate, ruleIndex, plan) {
    const { decided, pkg } = candidate;
    const finding = decided.finding;
    const drafted = plan.draft?.result(candidate);
    const fingerprint = drafted?.fingerprint ?? fingerprintOf(plan.identity(candidate));
    const filePath = imagePath(pkg?.filePath ?? '');
    const uri = plan.dockerfile || (filePath ? `${plan.imageRoot}/${filePath}` : plan.imageRoot);
    const suppressed = isAccepted(decided);
    const justification = suppressed ? (0,log_safety/* oneLine */.TN)(decided.reason, MAX_REASON) || decided.decision : '';
    // primaryLocationLineHash is the one key GitHub reads; ours keeps it from hashing line 1 of the Dockerfile, which
    // every result would share. Neither depends on the digest, so a rebuild of the same code keeps its alerts.
    return (`{"ruleId":${json(candidate.ruleId)},"ruleIndex":${ruleIndex},"level":${json(sarifLevel(decided))},` +
        `"message":{"text":${json(`${drafted?.messageHead ?? messageHead(candidate, plan.repository)} ${verdictText(decided)}`)}},` +
        `"locations":[{"physicalLocation":{"artifactLocation":{"uri":${json(uri)}},"region":{"startLine":1}}}],` +
        `"partialFingerprints":{"primaryLocationLineHash":"${fingerprint}:1",${json(FINGERPRINT_KEY)}:"${fingerprint}"},` +
        `"properties":{"severity":${json(finding.severity)},"decision":${json(decided.decision)}` +
        `${finding.score !== undefined ? `,"score":${json(finding.score)}` : ''}}` +
        `${suppressed ? `,"suppressions":[{"kind":"external","justification":${json(justification)}}]` : ''}}`);
}
function fingerprintOf(identity) {
    return (0,external_node_crypto_.hash)('sha256', identity, 'hex');
}
/** The message up to what the verdict says of the finding (see verdictText): the same whatever the policy. */
function messageHead(candidate, repository) {
    const { decided, pkg } = candidate;
    const finding = decided.finding;
    const name = (0,log_safety/* oneLine */.TN)(pkg?.name ?? finding.packageName, MAX_NAME);
    const version = (0,log_safety/* oneLine */.TN)(pkg?.version ?? finding.packageVersion, MAX_VERSION);
    const filePath = (0,log_safety/* oneLine */.TN)(pkg?.filePath ?? '', MAX_PATH);
    const image = repository || 'the image';
    const subject = name
        ? `Package ${name}${version ? ` ${version}` : ''}${filePath ? ` (${filePath})` : ''} in image ${image}`
        : `Image ${image}`;
    const parts = [`${subject} is affected by ${candidate.ruleId} (${finding.severity}${scoreText(finding)}).`];
    if (pkg)
        parts.push(`${capitalise(fixLine(finding, pkg))}.`);
    if (finding.exploitAvailable === 'YES')
        parts.push('A known exploit is available.');
    return linkSafe(parts.join(' '));
}
/** The message's last sentence: whether the finding blocks, and why. */
function verdictText(decided) {
    const reason = (0,log_safety/* oneLine */.TN)(decided.reason, MAX_REASON);
    return linkSafe(decided.decision === 'blocking'
        ? `Blocks the gate: ${reason || 'breaks the policy'}.`
        : `Does not block (${decided.decision})${reason ? `: ${reason}` : ''}.`);
}
// SARIF reads [text](target) in a message as an embedded link: brackets from the data are escaped to stay text.
function linkSafe(text) {
    return text.replace(/[\\[\]]/g, '\\$&');
}
function capitalise(text) {
    return text.charAt(0).toUpperCase() + text.slice(1);
}
/** A plain absolute http(s) URI, percent-encoded so strict URI parsers accept it; else undefined. */
function httpUri(value) {
    if ((0,src_markdown/* isCanonicalHttpUrl */.GN)(value))
        return value;
    const url = (0,src_markdown/* parseHttpUrl */.f$)(value);
    if (!url)
        return undefined;
    // WHATWG URLs keep characters RFC 3986 forbids (|, ^, {, a lone %); the .NET validator and GitHub want them encoded.
    const rest = `${url.pathname}${url.search}${url.hash}`
        .replace(/%(?![0-9A-Fa-f]{2})/g, '%25')
        .replace(/[^A-Za-z0-9\-._~:/?#@!$&'()*+,;=%]/g, (c) => encodeURIComponent(c));
    // The SARIF Multitool rejects absolute URIs holding characters beyond U+FFFF (4-byte UTF-8, %F0 to %F4); no
    // advisory page needs one, so such a link is dropped rather than the file failing validation.
    if (/%F[0-4]/i.test(rest))
        return undefined;
    return `${url.origin}${rest}`;
}
/** A user-given file path as a repository-relative URI (absolute only when it lies outside the workspace). */
function artifactUri(path, workspace) {
    let value = (0,log_safety/* oneLine */.TN)(path, MAX_PATH).replace(/\\/g, '/');
    if (!value)
        return '';
    const root = workspace ? workspace.replace(/\\/g, '/').replace(sarif_TRAILING_SLASHES, '') : '';
    if (root && value.startsWith(`${root}/`))
        value = value.slice(root.length + 1);
    const absolute = value.startsWith('/');
    const normalised = external_node_path_.posix.normalize(value).replace(/^(\.\/)+/, '');
    const encoded = normalised
        .split('/')
        .map((segment) => (segment === '..' || segment === '.' ? segment : encodeURIComponent(segment)))
        .join('/');
    return absolute ? `file://${encoded}` : encoded;
}
/** A path inside the image as relative URI segments: no leading slash, no dot segments that could climb out. */
function imagePath(path) {
    return encodePath((0,log_safety/* oneLine */.TN)(path, MAX_PATH).replace(/\\/g, '/'));
}
function encodePath(path) {
    return path
        .split('/')
        .filter((segment) => segment !== '' && segment !== '.' && segment !== '..')
        .map((segment) => encodeURIComponent(segment))
        .join('/');
}
function tagText(value) {
    return (0,log_safety/* oneLine */.TN)(value, 40)
        .toLowerCase()
        .replace(/[^a-z0-9._-]+/g, '-')
        .replace(/^-+|-+$/g, '');
}
function runFrame(report, repository, category) {
    const driver = JSON.stringify({ name: TOOL_NAME, informationUri: TOOL_INFORMATION_URI, semanticVersion: TOOL_VERSION });
    // The driver object without its closing brace: the rules array goes in its place.
    const driverHead = driver.slice(0, -1);
    const target = report.target ?? report.inputs?.target;
    const digest = report.imageDigest || target?.imageDigest || '';
    const properties = {
        repository,
        ...(target?.registryId ? { registryId: (0,log_safety/* oneLine */.TN)(target.registryId, MAX_NAME) } : {}),
        ...(target?.region ? { region: (0,log_safety/* oneLine */.TN)(target.region, MAX_NAME) } : {}),
        ...(target?.imageTag ? { imageTag: (0,log_safety/* oneLine */.TN)(target.imageTag, MAX_NAME) } : {}),
        ...(digest ? { imageDigest: (0,log_safety/* oneLine */.TN)(digest, MAX_NAME) } : {}),
        ...(report.verdict ? { verdict: report.verdict.result } : {})
    };
    return {
        head: `{"$schema":${JSON.stringify(SARIF_SCHEMA)},"version":"2.1.0","runs":[{"tool":{"driver":${driverHead},"rules":[`,
        middle: `]}},"automationDetails":${JSON.stringify({ id: automationId(category, repository) })},"results":[`,
        tail: `],"columnKind":"utf16CodeUnits","properties":${JSON.stringify(properties)}}]}`
    };
}
/**
 * runAutomationDetails.id: GitHub reads `category/run-id` and splits at the last slash, so the category gets a
 * trailing slash (no run id) and a category without one would otherwise be read as a run id of no category.
 */
function automationId(category, repository) {
    const given = (0,log_safety/* oneLine */.TN)(category, 500);
    const id = given || `${TOOL_NAME}/${(0,log_safety/* oneLine */.TN)(repository, MAX_NAME) || 'image'}`;
    return id.endsWith('/') ? id : `${id}/`;
}
/** How many rules the first n results use: rules are numbered by first use, so always the first ones. */
function rulesUsedBy(plan, n) {
    const firstUse = plan.ruleFirstUse;
    let low = 0;
    let high = firstUse.length;
    while (low < high) {
        const mid = (low + high) >> 1;
        if ((firstUse[mid] ?? Number.MAX_SAFE_INTEGER) < n)
            low = mid + 1;
        else
            high = mid;
    }
    return low;
}
// Small groups, so each chunk dies young: V8 allocates a string over 128 KiB in a space only a full collection frees,
// and at 100,000 findings such chunks added tens of megabytes to the peak.
const TEXTS_PER_CHUNK = 25;
/** The file holding the first ruleCount rules and resultCount results, in pieces made as they are consumed. */
function* sarifChunks(plan, ruleCount, resultCount) {
    yield plan.frame.head;
    yield* joinedInGroups(ruleCount, (i) => ruleText(plan, i));
    yield plan.frame.middle;
    yield* joinedInGroups(resultCount, (i) => resultText(plan, i));
    yield plan.frame.tail;
}
function* joinedInGroups(count, text) {
    for (let start = 0; start < count; start += TEXTS_PER_CHUNK) {
        const group = [];
        for (let i = start; i < Math.min(count, start + TEXTS_PER_CHUNK); i++)
            group.push(text(i));
        yield `${start > 0 ? ',' : ''}${group.join(',')}`;
    }
}
// The written file's size gzipped at the fastest level is, for text, larger than at the default level GitHub's upload
// uses; the margin makes that hold for any input, and a file measured near the limit goes to the exact in-memory fit.
const MEASURE_MARGIN = 0.9;
/** Gzip never grows text by more than a few bytes per 16 KiB block: a file this small fits whatever it holds. */
function fitsUnzipped(bytes, maxGzipBytes) {
    return bytes + Math.ceil(bytes / 1000) + 64 <= maxGzipBytes;
}
/** The in-memory build: every kept text at once, cut to the size limit; the writer's fallback and buildSarif. */
function fitInMemory(plan) {
    const ruleTexts = plan.ruleList.map((_, i) => ruleText(plan, i));
    const resultTexts = plan.kept.map((_, i) => resultText(plan, i));
    const sizes = prefixSizes(plan, ruleTexts, resultTexts);
    const render = (n) => assemble(plan.frame, ruleTexts, resultTexts, sizes, n);
    const count = fitToSize(sizes, sampler(ruleTexts, resultTexts, sizes), resultTexts.length, plan.maxGzipBytes, render);
    const ruleCount = sizes.rulesUsedBy(count);
    return { count, parts: pieces(plan.frame, ruleTexts.slice(0, ruleCount), resultTexts.slice(0, count)) };
}
function prefixSizes(plan, ruleTexts, resultTexts) {
    const frame = plan.frame;
    const base = Buffer.byteLength(frame.head) + Buffer.byteLength(frame.middle) + Buffer.byteLength(frame.tail);
    const resultBytes = [0];
    for (const text of resultTexts)
        resultBytes.push((resultBytes.at(-1) ?? 0) + Buffer.byteLength(text) + 1);
    const ruleBytes = [0];
    for (const text of ruleTexts)
        ruleBytes.push((ruleBytes.at(-1) ?? 0) + Buffer.byteLength(text) + 1);
    const used = (n) => rulesUsedBy(plan, n);
    return {
        bytes: (n) => base + (resultBytes[n] ?? 0) + (ruleBytes[used(n)] ?? 0),
        rulesUsedBy: used
    };
}
function* pieces(frame, ruleTexts, resultTexts) {
    yield frame.head;
    yield ruleTexts.join(',');
    yield frame.middle;
    yield resultTexts.join(',');
    yield frame.tail;
}
function assemble(frame, ruleTexts, resultTexts, sizes, n) {
    const rules = ruleTexts.slice(0, sizes.rulesUsedBy(n)).join(',');
    return `${frame.head}${rules}${frame.middle}${resultTexts.slice(0, n).join(',')}${frame.tail}`;
}
/**
 * The number of results that keeps the file under the gzip limit. Gzip never grows text by more than a few bytes
 * per 16 KiB block, so a file under the limit uncompressed needs no check. Over it, a strided sample of about 1 MB
 * estimates the ratio (neighbours in the real file share more, so the whole compresses at least as well); only a file
 * the estimate puts near the limit is gzipped whole, and a cut is confirmed by gzipping again.
 */
function fitToSize(sizes, sample, n, limit, render) {
    const raw = sizes.bytes(n);
    if (fitsUnzipped(raw, limit))
        return n;
    const part = sample(n);
    const estimate = (raw * (0,external_node_zlib_.gzipSync)(part).length) / Math.max(1, Buffer.byteLength(part));
    if (estimate <= limit * 0.8)
        return n;
    let count = n;
    let margin = 0.95;
    for (let attempt = 0; attempt < 6 && count > 0; attempt++) {
        const gzipped = (0,external_node_zlib_.gzipSync)(render(count)).length;
        if (gzipped <= limit)
            return count;
        const target = (sizes.bytes(count) * limit * margin) / gzipped;
        count = largestWithin(sizes, count, target);
        margin *= 0.9;
    }
    return count > 0 && (0,external_node_zlib_.gzipSync)(render(count)).length <= limit ? count : 0;
}
/** About a megabyte of the first n results and their rules, every k-th of each. */
function sampler(ruleTexts, resultTexts, sizes) {
    return (n) => {
        const rules = ruleTexts.slice(0, sizes.rulesUsedBy(n));
        const results = resultTexts.slice(0, n);
        const stride = Math.max(1, Math.ceil(sizes.bytes(n) / SAMPLE_BYTES));
        const pick = (texts) => texts.filter((_, i) => i % stride === 0);
        return [...pick(rules), ...pick(results)].join(',');
    };
}
function largestWithin(sizes, upTo, bytes) {
    let low = 0;
    let high = upTo;
    while (low < high) {
        const mid = (low + high + 1) >> 1;
        if (sizes.bytes(mid) <= bytes)
            low = mid;
        else
            high = mid - 1;
    }
    return low;
}
class Tally {
    count = 0;
    blocking = 0;
    /** In order of first appearance, which the warning keeps. */
    bySeverity = new Map();
    add({ finding, decision }) {
        this.count++;
        if (decision === 'blocking')
            this.blocking++;
        this.bySeverity.set(finding.severity, (this.bySeverity.get(finding.severity) ?? 0) + 1);
    }
    /** Adds another tally's counts, its severities after this one's. */
    addAll(other) {
        this.count += other.count;
        this.blocking += other.blocking;
        for (const [severity, n] of other.bySeverity)
            this.bySeverity.set(severity, (this.bySeverity.get(severity) ?? 0) + n);
    }
}
function limitWarnings(plan, count) {
    const { total, maxResults, maxGzipBytes } = plan;
    if (count >= total)
        return [];
    // The dropped results in priority order: the kept ones the size limit cut, then those past maxResults.
    const dropped = new Tally();
    for (const c of plan.kept.slice(count))
        dropped.add(c.decided);
    dropped.addAll(plan.beyondKept);
    const { blocking, bySeverity } = dropped;
    const detail = [...bySeverity.entries()].map(([severity, n]) => `${n} ${severity}`).join(', ');
    const limits = [];
    if (total > maxResults)
        limits.push(`at most ${(0,src_markdown/* grouped */.zD)(maxResults)} results per run`);
    if (count < Math.min(maxResults, total)) {
        const megabytes = (0,src_markdown/* grouped */.zD)(Number((maxGzipBytes / 1_000_000).toFixed(3)));
        limits.push(`at most ${megabytes} MB of gzipped SARIF per file`);
    }
    return [
        `SARIF: GitHub code scanning accepts ${limits.join(' and ')}, so ${dropped.count} of ${total} results were left out ` +
            `(${detail}${blocking > 0 ? `; ${blocking} of them blocking` : ''}) and the ${count} most severe were written. ` +
            'Alerts for the ones left out will close as if fixed; the JSON report lists every finding.'
    ];
}

;// CONCATENATED MODULE: ./src/report-file.ts







/** The report's schema version: bumped only when a field changes meaning or goes away (new fields keep it). */
const REPORT_VERSION = 1;
// Finding text comes from package metadata: a megabyte description helps no later step and can exhaust memory.
const report_file_MAX_DESCRIPTION = 32_768;
const MAX_TEXT = 4_096;
// A chunk stays under 128 KiB, so it dies young: V8 allocates larger strings in a space only a full collection frees,
// and at 100,000 findings chunks of a thousand added some 30 MB to the peak.
const FINDINGS_PER_CHUNK = 100;
// Every decision, in the order the report counts them; a Record so a new Decision fails to compile until added here.
const DECISIONS = {
    blocking: true,
    ignored: true,
    suppressed: true,
    'not-new': true,
    'below-threshold': true,
    'below-min-score': true,
    'no-fix': true,
    'within-budget': true
};
/** Writes the JSON report to `path` (the report-file input) and returns it; nothing when the path is empty. */
async function writeReportFile(report, path = report.inputs?.reportFile ?? '') {
    if (!path)
        return undefined;
    try {
        await (0,checkout/* prepareReportPath */.tk)(path);
        // Made and written a chunk of findings at a time: 100,000 findings never become one string.
        await writeChunkedFile(path, reportChunks(report));
    }
    catch (error) {
        throw (0,errors/* fileWriteError */.Sw)('the JSON report', path, 'report-file', 'report', error);
    }
    return path;
}
/** The whole report as one string (tests, small reports); writeReportFile streams the same chunks. */
function renderReport(report) {
    return [...reportChunks(report)].join('');
}
/** The report as JSON text in pieces: the header fields pretty-printed, then one finding per line. */
function* reportChunks(report) {
    // No counts, no findings for an undecided run, as for any other, so a reader never takes them for a verdict.
    const verdict = (0,src_report/* decidedVerdict */.k)(report);
    const target = report.target ?? report.inputs?.target;
    const header = {
        version: REPORT_VERSION,
        tool: { name: TOOL_NAME, version: TOOL_VERSION },
        verdict: (0,src_report/* outcome */.b)(report),
        error: report.error === undefined ? null : report_file_text(report.error, MAX_TEXT),
        image: {
            repository: target?.repositoryName ?? null,
            tag: target?.imageTag ?? null,
            digest: report.imageDigest || target?.imageDigest || null,
            registry: target?.registryId ?? null,
            region: target?.region ?? null
        },
        scan: {
            status: report.scanStatus || null,
            completedAt: isoDate(report.scanCompletedAt),
            vulnerabilitySourceUpdatedAt: isoDate(report.vulnerabilitySourceUpdatedAt)
        },
        policy: report.policy
            ? {
                severityThreshold: report.policy.severityThreshold,
                onlyFixed: report.policy.onlyFixed,
                blockExploitable: report.policy.blockExploitable,
                minScore: report.policy.minScore ?? null,
                max: report.policy.max,
                ignore: report.policy.ignore
            }
            : null,
        counts: verdict ? verdict.counts : null,
        decisions: verdict ? decisionCounts(verdict.decided) : null,
        rules: verdict ? { expired: verdict.expiredRules, stale: verdict.staleRules } : null,
        baseline: report.baseline ?? null,
        warnings: report.warnings
    };
    for (const [i, [key, value]] of Object.entries(header).entries()) {
        yield `${i === 0 ? '{' : ','}\n  ${JSON.stringify(key)}: `;
        yield* prettyChunks(value, '  ');
    }
    const decided = verdict ? (0,src_markdown/* sortedFindings */.Y_)(verdict.decided, undefined, { blockingFirst: true }) : [];
    if (decided.length === 0) {
        yield ',\n  "findings": []\n}\n';
        return;
    }
    yield ',\n  "findings": [\n';
    for (let start = 0; start < decided.length; start += FINDINGS_PER_CHUNK) {
        const lines = decided.slice(start, start + FINDINGS_PER_CHUNK).map((d) => `    ${findingLine(d)}`);
        const last = start + FINDINGS_PER_CHUNK >= decided.length;
        yield `${lines.join(',\n')}${last ? '\n' : ',\n'}`;
    }
    yield '  ]\n}\n';
}
// JSON.stringify escapes a lone surrogate as \\udXXX and writes paired ones raw, so a line without `\\ud` has none:
// only such lines (or a literal backslash-u-d in the data) pay for the character-by-character repair.
function findingLine(decided) {
    const fast = findingJson(decided, capped);
    return fast.includes('\\ud') ? findingJson(decided, report_file_text) : fast;
}
function capped(value, max) {
    return value.length > max ? report_file_text(value, max) : value;
}
/** The fields of a finding's entry, in the order written: every field of Finding, or this fails to compile. */
const ENTRY_FIELDS = (/* unused pure expression or super */ null && ([
    'id',
    'key',
    'decision',
    'reason',
    'severity',
    'rawSeverity',
    'score',
    'vector',
    'kind',
    'packageName',
    'packageVersion',
    'fixedInVersion',
    'fixAvailable',
    'exploitAvailable',
    'packages',
    'title',
    'description',
    'link',
    'inspectorStatus',
    'findingArn'
]));
const everyField = true;
void everyField;
const report_file_json = JSON.stringify;
// One object per finding, serialised by one JSON.stringify call: twenty calls per finding, one per string, with the
// text joined around them, took a quarter more time (10,000 findings, Node 24: 46 against 37 ms; 100,000: 522 against
// 388 ms). A test holds the keys to ENTRY_FIELDS.
function findingJson({ finding, decision, reason }, clip) {
    return report_file_json({
        id: clip(finding.id, MAX_TEXT),
        key: clip((0,src_policy/* findingKey */.fl)(finding), MAX_TEXT),
        decision,
        reason: clip(reason, MAX_TEXT),
        severity: finding.severity,
        rawSeverity: clip(finding.rawSeverity, MAX_TEXT),
        score: finding.score ?? null,
        vector: clip(finding.vector, MAX_TEXT),
        kind: finding.kind,
        packageName: clip(finding.packageName, MAX_TEXT),
        packageVersion: clip(finding.packageVersion, MAX_TEXT),
        fixedInVersion: clip(finding.fixedInVersion, MAX_TEXT),
        fixAvailable: finding.fixAvailable,
        exploitAvailable: finding.exploitAvailable,
        packages: finding.packages.map((pkg) => ({
            name: clip(pkg.name, MAX_TEXT),
            version: clip(pkg.version, MAX_TEXT),
            fixedInVersion: clip(pkg.fixedInVersion, MAX_TEXT),
            filePath: clip(pkg.filePath, MAX_TEXT),
            packageManager: clip(pkg.packageManager, MAX_TEXT)
        })),
        title: clip(finding.title, MAX_TEXT),
        description: clip(finding.description, report_file_MAX_DESCRIPTION),
        link: clip(finding.link, MAX_TEXT),
        inspectorStatus: clip(finding.inspectorStatus, MAX_TEXT),
        findingArn: clip(finding.findingArn, MAX_TEXT)
    });
}
function decisionCounts(decided) {
    const counts = Object.fromEntries(Object.keys(DECISIONS).map((decision) => [decision, 0]));
    for (const { decision } of decided)
        counts[decision]++;
    return counts;
}
const SURROGATE = /[\ud800-\udfff]/;
const LONE_SURROGATES = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/**
 * Text as well-formed Unicode of at most max UTF-16 units (cut at a character boundary, marked with an ellipsis).
 * JSON.stringify would escape a lone surrogate validly, but strict parsers (Rust's serde_json, Go's encoding/json
 * turning it into U+FFFD silently) disagree on it: it becomes U+FFFD here, visibly and the same for everyone.
 */
function report_file_text(value, max) {
    const raw = typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
    let head = raw.length > max ? raw.slice(0, max - 1) : raw;
    if (raw.length > max && /[\ud800-\udbff]$/.test(head))
        head = head.slice(0, -1);
    const wellFormed = SURROGATE.test(head) ? head.replace(LONE_SURROGATES, '\ufffd') : head;
    return raw.length > max ? `${wellFormed}…` : wellFormed;
}
// Policy, rules and baseline are plain data from inputs, policy and VEX files: their strings get the same treatment.
function clean(value) {
    if (typeof value === 'string')
        return report_file_text(value, MAX_TEXT);
    if (Array.isArray(value))
        return value.map((item) => clean(item));
    if (value instanceof Date)
        return isoDate(value);
    if (value !== null && typeof value === 'object') {
        return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, clean(item)]));
    }
    return value;
}
function isoDate(value) {
    return value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString() : null;
}
/**
 * JSON.stringify(clean(value), null, 2), indented by `pad`, in pieces: objects field by field, lists item by item, so
 * 200,000 VEX rules (listed again as stale) are never copied, serialised and re-indented whole.
 */
function* prettyChunks(value, pad) {
    const inner = `${pad}  `;
    if (Array.isArray(value) && value.length > 0) {
        for (const [i, item] of value.entries())
            yield `${i === 0 ? '[' : ','}\n${inner}${pretty(item, inner)}`;
        yield `\n${pad}]`;
    }
    else if (value !== null && typeof value === 'object' && !(value instanceof Date) && !Array.isArray(value)) {
        const fields = Object.entries(value).filter(([, item]) => item !== undefined);
        for (const [i, [key, item]] of fields.entries()) {
            yield `${i === 0 ? '{' : ','}\n${inner}${JSON.stringify(key)}: `;
            yield* prettyChunks(item, inner);
        }
        yield fields.length === 0 ? '{}' : `\n${pad}}`;
    }
    else {
        yield pretty(value, pad);
    }
}
function pretty(value, pad) {
    return (JSON.stringify(clean(value), null, 2) ?? 'null').replace(/\n/g, `\n${pad}`);
}

;// CONCATENATED MODULE: ./src/summary.ts




/** GitHub drops a step summary over 1 MiB (1,048,576 bytes); this leaves room for what others add after us. */
const SUMMARY_LIMIT_BYTES = 1_000_000;
// Past a thousand rows a table stops being read; the JSON report and SARIF carry every finding.
const MAX_TABLE_ROWS = 1000;
const MAX_BASELINE_ROWS = 100;
const MAX_LIST_ITEMS = 20;
// Room kept after each table for the headings and notes that follow it.
const TAIL_RESERVE_BYTES = 8_000;
/** Writes the job summary; never throws, since it runs in the finally of a failing gate too. */
async function writeSummary(report) {
    try {
        const path = process.env.GITHUB_STEP_SUMMARY;
        if (!path) {
            core/* info */.pq('No job summary: GITHUB_STEP_SUMMARY is not set (not running on a GitHub Actions runner).');
            return;
        }
        const used = (0,src_markdown/* byteLength */.dp)(core/* summary */.z.stringify()) + (await fileSize(path));
        const markdown = safeRender(report, SUMMARY_LIMIT_BYTES - used);
        if (!markdown) {
            core/* warning */.$e(`No job summary: the step summary already holds ${used} bytes, too close to GitHub's 1 MiB limit.`);
            return;
        }
        await core/* summary */.z.addRaw(markdown, true).write();
    }
    catch (error) {
        core/* warning */.$e(`Could not write the job summary: ${(0,log_safety/* errorText */.kc)(error)}`);
    }
}
// A report the renderer chokes on still gets its verdict written: the summary is where a failed run is read.
function safeRender(report, budgetBytes) {
    try {
        return renderSummary(report, budgetBytes);
    }
    catch (error) {
        core/* warning */.$e(`The job summary shows the verdict only: ${(0,log_safety/* errorText */.kc)(error, 300)}`);
        const verdictOnly = `${(0,src_markdown/* verdictLines */.rz)(report, 2).join('\n')}\n`;
        return (0,src_markdown/* byteLength */.dp)(verdictOnly) <= budgetBytes ? verdictOnly : '';
    }
}
async function fileSize(path) {
    try {
        return (await (0,promises_.stat)(path)).size;
    }
    catch {
        return 0;
    }
}
/** The job summary as Markdown of at most budgetBytes: the verdict alone, or nothing, when even that does not fit. */
function renderSummary(report, budgetBytes = SUMMARY_LIMIT_BYTES) {
    const full = fullSummary(report, budgetBytes);
    if ((0,src_markdown/* byteLength */.dp)(full) <= budgetBytes)
        return full;
    const verdictOnly = `${(0,src_markdown/* verdictLines */.rz)(report, 2).join('\n')}\n`;
    // Earlier steps filled most of the step summary: say that the tables were left out, when the note fits.
    const withNote = `${verdictOnly}\n_The step summary was nearly full, so only the verdict is shown here._\n`;
    if ((0,src_markdown/* byteLength */.dp)(withNote) <= budgetBytes)
        return withNote;
    return (0,src_markdown/* byteLength */.dp)(verdictOnly) <= budgetBytes ? verdictOnly : '';
}
function fullSummary(report, budgetBytes) {
    const blocks = [(0,src_markdown/* verdictLines */.rz)(report, 2).join('\n')];
    const facts = [(0,src_markdown/* imageLine */.EN)(report), scanLine(report), policyLine(report.policy)].filter(Boolean);
    if (facts.length > 0)
        blocks.push(facts.join('  \n'));
    blocks.push(...warningBlocks(report));
    const verdict = report.verdict;
    if (verdict) {
        blocks.push('### Findings by severity', (0,src_markdown/* severityTable */.ql)(verdict.counts));
        const remaining = () => budgetBytes - (0,src_markdown/* byteLength */.dp)(blocks.join('\n\n')) - TAIL_RESERVE_BYTES;
        const section = (title, rows, columns, what, inSarif) => {
            if (rows.length === 0)
                return;
            const table = (0,src_markdown/* findingsTable */.f9)(rows, columns, { bytes: remaining(), rows: MAX_TABLE_ROWS });
            blocks.push(`### ${title} (${(0,src_markdown/* grouped */.zD)(rows.length)})`);
            if (table.markdown)
                blocks.push(table.markdown);
            if (table.omitted > 0)
                blocks.push((0,src_markdown/* omittedNote */.Vg)(table.omitted, what, report, inSarif));
        };
        const blocking = (0,src_markdown/* sortedFindings */.Y_)(verdict.decided, (d) => d.decision === 'blocking');
        section('Blocking findings', blocking, src_markdown/* BLOCKING_COLUMNS */.cS, 'blocking findings', true);
        const ignored = (0,src_markdown/* sortedFindings */.Y_)(verdict.decided, (d) => d.decision === 'ignored');
        section('Ignored findings', ignored, [...src_markdown/* BLOCKING_COLUMNS */.cS.slice(0, 4), src_markdown/* COLUMNS */.cZ.reason], 'ignored findings', false);
        blocks.push(...baselineBlocks(report, remaining));
        const others = (0,src_markdown/* sortedFindings */.Y_)(verdict.decided, (d) => d.decision !== 'blocking' && d.decision !== 'ignored');
        if (others.length > 0) {
            const columns = [...src_markdown/* BLOCKING_COLUMNS */.cS.slice(0, 6), src_markdown/* COLUMNS */.cZ.reason];
            const table = (0,src_markdown/* findingsTable */.f9)(others, columns, { bytes: remaining(), rows: MAX_TABLE_ROWS });
            // <details> only folds Markdown that stands apart from the tags by blank lines.
            blocks.push(`<details><summary>Other findings, not blocking (${(0,src_markdown/* grouped */.zD)(others.length)})</summary>`, ...[table.markdown, (0,src_markdown/* omittedNote */.Vg)(table.omitted, 'findings', report)].filter(Boolean), '</details>');
        }
    }
    blocks.push(...filesBlock(report));
    return `${blocks.join('\n\n')}\n`;
}
function dateText(date) {
    return date instanceof Date && Number.isFinite(date.getTime())
        ? `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`
        : '';
}
function scanLine(report) {
    const parts = [];
    if (report.scanStatus)
        parts.push((0,src_markdown/* escapeMarkdown */.FV)(report.scanStatus, 60));
    const completed = dateText(report.scanCompletedAt);
    if (completed)
        parts.push(`completed ${completed}`);
    const updated = dateText(report.vulnerabilitySourceUpdatedAt);
    if (updated)
        parts.push(`vulnerability data updated ${updated}`);
    return parts.length > 0 ? `**Scan:** ${parts.join(', ')}` : '';
}
function policyLine(policy) {
    if (!policy)
        return '';
    const parts = [
        policy.severityThreshold === 'NONE'
            ? 'severity alone never blocks'
            : policy.severityThreshold === 'CRITICAL'
                ? 'blocks CRITICAL'
                : `blocks ${policy.severityThreshold} and above`
    ];
    if (policy.onlyFixed)
        parts.push('only when a fix exists');
    if (policy.blockExploitable)
        parts.push('any finding with a known exploit');
    if (policy.minScore !== undefined)
        parts.push(`min score ${policy.minScore}`);
    const budgets = Object.entries(policy.max).map(([severity, n]) => `${severity} up to ${n}`);
    if (budgets.length > 0)
        parts.push(`allows ${budgets.join(', ')}`);
    if (policy.ignore.length > 0)
        parts.push((0,src_markdown/* plural */.LS)(policy.ignore.length, 'ignore rule'));
    return `**Policy:** ${parts.join('; ')}`;
}
function list(items, more) {
    const shown = items.slice(0, MAX_LIST_ITEMS).map((item) => `- ${item}`);
    if (items.length > MAX_LIST_ITEMS)
        shown.push(`- … and ${items.length - MAX_LIST_ITEMS} more ${more}`);
    return shown.join('\n');
}
function summary_ruleText(rule) {
    const pkg = rule.package ? ` in ${(0,src_markdown/* escapeMarkdown */.FV)(rule.package, 100)}` : '';
    return `${(0,src_markdown/* escapeMarkdown */.FV)(rule.id, 100)}${pkg} (${(0,src_markdown/* escapeMarkdown */.FV)(rule.source, 200)}): ${(0,src_markdown/* escapeMarkdown */.FV)(rule.reason, 300)}`;
}
function warningBlocks(report) {
    const blocks = [];
    if (report.warnings.length > 0) {
        blocks.push('### Warnings', list(report.warnings.map((w) => (0,src_markdown/* escapeMarkdown */.FV)(w, 500)), 'warnings'));
    }
    const expired = report.verdict?.expiredRules ?? [];
    const stale = report.verdict?.staleRules ?? [];
    if (expired.length > 0 || stale.length > 0) {
        blocks.push('### Ignore rules to review');
        if (expired.length > 0) {
            const items = expired.map((rule) => `expired ${(0,src_markdown/* escapeMarkdown */.FV)(rule.expires, 10)}, no longer applies: ${summary_ruleText(rule)}`);
            blocks.push(list(items, 'expired rules'));
        }
        if (stale.length > 0) {
            blocks.push(list(stale.map((rule) => `matched no finding: ${summary_ruleText(rule)}`), 'unused rules'));
        }
    }
    return blocks;
}
function baselineBlocks(report, remaining) {
    const baseline = report.baseline;
    if (!baseline || !report.verdict)
        return [];
    const { target } = baseline;
    const name = `${(0,src_markdown/* escapeMarkdown */.FV)(target.repositoryName, 256)}${target.imageDigest ? `@${(0,src_markdown/* escapeMarkdown */.FV)(target.imageDigest, 100)}` : `:${(0,src_markdown/* escapeMarkdown */.FV)(target.imageTag, 300)}`}`;
    const blocks = [`### Compared with the baseline ${name}`];
    if (!baseline.available)
        blocks.push('The baseline could not be compared (see the warnings), so every finding counts as new.');
    blocks.push(`${(0,src_markdown/* grouped */.zD)(baseline.newCount)} new, ${(0,src_markdown/* grouped */.zD)(baseline.fixedCount)} fixed, ` +
        `${(0,src_markdown/* grouped */.zD)(baseline.stillPresentCount)} still present.`);
    // The findings baseline.newCount counts: suppressed ones are counted apart, like everywhere else.
    const fresh = (0,src_markdown/* sortedFindings */.Y_)(report.verdict.decided, (d) => d.decision !== 'not-new' && d.decision !== 'suppressed' && !d.inBaseline);
    const columns = [...src_markdown/* BLOCKING_COLUMNS */.cS.slice(0, 4), src_markdown/* COLUMNS */.cZ.reason];
    const table = (0,src_markdown/* findingsTable */.f9)(fresh, columns, { bytes: remaining(), rows: MAX_BASELINE_ROWS });
    if (table.markdown)
        blocks.push(table.markdown);
    if (table.omitted > 0)
        blocks.push((0,src_markdown/* omittedNote */.Vg)(table.omitted, 'new findings', report));
    return blocks;
}
// Only what each file holds: the JSON report has every finding of a decided run (none of an undecided one), SARIF
// leaves out ignored and suppressed findings.
function filesBlock(report) {
    const json = report.reportFile && `the JSON report ${(0,src_markdown/* escapeMarkdown */.FV)(report.reportFile, 300)}`;
    const sarif = report.sarifFile && `the SARIF file ${(0,src_markdown/* escapeMarkdown */.FV)(report.sarifFile, 300)}`;
    if (!report.verdict)
        return json ? [`What this run knew is in ${json}.`] : [];
    const lines = [
        json && `Every finding with its decision is in ${json}.`,
        sarif && `The findings for code scanning (all but the ignored and suppressed) are in ${sarif}.`
    ].filter(Boolean);
    return lines.length > 0 ? [lines.join(' ')] : [];
}

;// CONCATENATED MODULE: ./src/conclusion.ts








// The runner sends SIGINT, then SIGTERM 7.5 s later, then kills the step 2.5 s after that.
const CANCELLED_COMMENT_MS = 5_000;
/**
 * Writes what every run leaves, however it ended (verdict, error, cancellation): the pull request comment, the JSON
 * report, the warnings, the outputs and the summary, saying "undecided" when that is the truth (a comment left at an
 * earlier run's "pass" would vouch for an image this run never cleared). A cancelled run exits once they are written.
 */
async function finishReport(report, cancelled) {
    const settings = report.inputs ?? reportingInputs();
    report.target ??= settings.target;
    if (settings.commentOnPr && report.target) {
        // A run cancelled before its verdict says so too, within a budget the runner's grace period allows: the comment is
        // one across pushes, and left alone it would let the previous push's verdict stand for this one. A later run's
        // comment is never overwritten (see commentOnPullRequest), so a newer push's verdict is safe from it.
        const budget = cancelled.aborted ? { requestTimeoutMs: Math.min(settings.requestTimeoutMs ?? CANCELLED_COMMENT_MS, CANCELLED_COMMENT_MS) } : {};
        await commentOnPullRequest(report, { ...settings, ...budget }, cancelled.aborted ? undefined : cancelled);
    }
    report.reportFile = await writeReportFile(report, settings.reportFile).catch((error) => {
        report.warnings.push((0,errors/* errorMessage */.gJ)(error));
        return undefined;
    });
    for (const warning of report.warnings)
        core/* warning */.$e(warning);
    try {
        setOutputs(report);
    }
    catch (error) {
        // The runner's own file (GITHUB_OUTPUT) is missing or unwritable: say so plainly rather than with a stack.
        core/* setFailed */.C1(`Could not write the step outputs (GITHUB_OUTPUT): ${(0,errors/* errorMessage */.gJ)(error)}`);
    }
    if (settings.summary)
        await writeSummary(report);
}
/** Sets the step's outcome from the verdict: failed when a finding blocks, unless fail-build is false (a warning). */
function concludeVerdict(report, failBuild) {
    const counts = report.verdict?.counts;
    if (!counts || report.verdict?.result === 'pass') {
        core/* info */.pq(`ecr-scan-gate: pass (${(0,src_markdown/* plural */.LS)(counts?.total ?? 0, 'finding')}, none blocking).`);
        return;
    }
    const message = `ecr-scan-gate: ${counts.blocking} finding(s) break the policy (${counts.total} found).`;
    if (failBuild)
        core/* setFailed */.C1(message);
    else
        core/* warning */.$e(`${message} fail-build is false, so the step succeeds.`);
}

// EXTERNAL MODULE: external "node:v8"
var external_node_v8_ = __webpack_require__(8877);
// EXTERNAL MODULE: external "node:vm"
var external_node_vm_ = __webpack_require__(714);
;// CONCATENATED MODULE: ./src/heap.ts



// Below this many findings the reports' dead working data stays far under the memory target (about 150 MB of RSS at
// 10,000): a full collection would only cost its time.
const LARGE_SCAN = 50_000;
/**
 * For a scan of LARGE_SCAN findings or more, collects what the SARIF file left (the working data of up to 25,000
 * results, dead once the file is written) before the JSON report adds its own. V8 collects the old generation only
 * when it reaches its next limit: at 100,000 findings that came during the JSON report, at 185–202 MB of RSS against
 * the 200 MB target; collected here, the peak is about 176 MB, in the same wall time. Nothing but gc() starts a full
 * collection, and V8 exposes gc() to contexts made after the flag is set, which is how this reaches it.
 */
function collectAfterSarif(findings) {
    if (findings < LARGE_SCAN)
        return;
    try {
        (0,external_node_v8_.setFlagsFromString)('--expose-gc');
        (0,external_node_vm_.runInNewContext)('gc')();
    }
    catch (error) {
        // Only the peak's height depends on it.
        core/* debug */.Yz(`No early garbage collection: ${error instanceof Error ? error.message : String(error)}`);
    }
}

// EXTERNAL MODULE: ./src/user-file.ts
var user_file = __webpack_require__(3207);
;// CONCATENATED MODULE: ./src/policy-file.ts







/** The built-in policy: what applies when neither the workflow nor a policy file says otherwise. */
const DEFAULT_POLICY = {
    severityThreshold: 'CRITICAL',
    onlyFixed: false,
    blockExploitable: false,
    minScore: undefined,
    max: {}
};
// Parsed YAML takes some twenty times its size: a 220 MB file ran the gate out of memory with no summary written.
const MAX_POLICY_FILE_BYTES = 16 << 20;
/** Where the policy file is looked for when the policy-file input is empty (relative to the workspace). */
const DEFAULT_POLICY_FILE = '.github/ecr-scan-gate.yml';
async function isFile(file) {
    return (0,promises_.stat)(file).then((s) => s.isFile(), () => false);
}
// Something at the default path that is not a readable file (a directory, a link to a file the checkout lacks) is a
// policy the team meant to apply: going on with the built-in default would quietly loosen the gate.
async function checkDefaultPath(absolute) {
    const entry = await (0,promises_.lstat)(absolute).catch(() => undefined);
    if (!entry)
        return false;
    const target = await (0,promises_.stat)(absolute).catch(() => undefined);
    if (target?.isFile())
        return true;
    const what = entry.isSymbolicLink() && !target ? 'a link to a file that does not exist' : 'not a file';
    throw new errors/* ConfigurationError */.j1(`The policy file ${DEFAULT_POLICY_FILE} is ${what} (looked at ${absolute}). Make it a file, or remove it to use the built-in policy.`);
}
function labelFor(workspace, given, absolute) {
    const relative = external_node_path_default().relative(workspace, absolute);
    const inside = relative !== '' && !relative.startsWith('..') && !external_node_path_default().isAbsolute(relative);
    return inside ? relative.split((external_node_path_default()).sep).join('/') : given;
}
/** Finds the policy file: the input when given (it must exist), else the default path when it exists. */
async function findPolicyFile(given, workspace, report) {
    if (given.trim() !== '') {
        const absolute = external_node_path_default().resolve(workspace, given.trim());
        try {
            const s = await (0,promises_.stat)(absolute);
            if (!s.isFile())
                throw new errors/* ConfigurationError */.j1(`Input policy-file "${given}" is not a file (looked at ${absolute}).`);
        }
        catch (error) {
            if (error instanceof errors/* ConfigurationError */.j1)
                throw error;
            throw new errors/* ConfigurationError */.j1(`Input policy-file "${given}" does not exist (looked at ${absolute}). Give a path relative to the repository root, or leave it empty to use ${DEFAULT_POLICY_FILE} when present.`);
        }
        return { path: absolute, label: labelFor(workspace, given.trim(), absolute) };
    }
    const absolute = external_node_path_default().resolve(workspace, DEFAULT_POLICY_FILE);
    if (await checkDefaultPath(absolute))
        return { path: absolute, label: DEFAULT_POLICY_FILE };
    const yaml = DEFAULT_POLICY_FILE.replace(/\.yml$/, '.yaml');
    if (await isFile(external_node_path_default().resolve(workspace, yaml))) {
        report.warnings.push(`${yaml} exists but is not read: the default policy file is ${DEFAULT_POLICY_FILE}. Rename it, or set policy-file: ${yaml}.`);
    }
    else if (!(await (0,promises_.lstat)(external_node_path_default().resolve(workspace, '.git')).catch(() => undefined))) {
        // A team's policy file stricter than the built-in one would otherwise go unapplied without a word.
        report.warnings.push(`No checkout at the workspace root, so ${DEFAULT_POLICY_FILE} could not be looked for: the built-in policy applies. ` +
            `Run actions/checkout before this step if the repository has a policy file (checked out with path:, set policy-file to PATH/${DEFAULT_POLICY_FILE}).`);
    }
    return undefined;
}
// Ids come uncut from the files (a longer one matches only as long an id); a warning names ten rules at most, each short.
function ruleName(rule) {
    const id = (0,log_safety/* oneLine */.TN)(rule.id, 100);
    return rule.package ? `${id} (package ${rule.package})` : id;
}
function bySource(rules) {
    const groups = new Map();
    for (const rule of rules) {
        const group = groups.get(rule.source);
        if (group)
            group.push(rule);
        else
            groups.set(rule.source, [rule]);
    }
    return groups;
}
// A warning is one annotation line: thousands of expired rules made one of 1.6 million characters.
const RULES_LISTED = 10;
/** One warning per source naming the rules (the first ten) whose expiry day (UTC) has passed, with their dates. */
function expiredRuleWarnings(rules, now) {
    const expired = rules.filter((rule) => !(0,src_policy/* isRuleActive */.vR)(rule, now));
    return [...bySource(expired)].map(([source, group]) => {
        const list = (0,log_safety/* listed */.KE)(group.map((rule) => `${ruleName(rule)} expired on ${rule.expires}`), RULES_LISTED, 0, '; ');
        return group.length === 1
            ? `An ignore rule (${source}) has expired and no longer applies: ${list}. Fix the finding, or renew the rule with a new date.`
            : `${group.length} ignore rules (${source}) have expired and no longer apply: ${list}. Fix the findings, or renew the rules with new dates.`;
    });
}
/**
 * Warnings for the rules that matched no finding (stale), one per source. Call after decide(); expired rules are
 * warned about by loadPolicy, which runs first so that they are reported even when the scan never completes.
 */
function ruleWarnings(verdict) {
    return [...bySource(verdict.staleRules)].map(([source, group]) => {
        const names = (0,log_safety/* listed */.KE)(group.map(ruleName), RULES_LISTED);
        const where = group.length > RULES_LISTED ? ' (see the job summary)' : '';
        const noun = group.length === 1 ? 'ignore rule' : 'ignore rules';
        return `${group.length} ${noun} (${source}) matched no finding and may be stale: ${names}${where}. Remove what is no longer needed.`;
    });
}
function describePolicy(policy, from) {
    const budgets = Object.entries(policy.max).map(([severity, budget]) => `${severity} ${budget}`);
    const count = (prefix) => policy.ignore.filter((rule) => rule.source.startsWith(prefix)).length;
    return [
        `severity-threshold ${policy.severityThreshold} (${from.severityThreshold})`,
        `only-fixed ${policy.onlyFixed} (${from.onlyFixed})`,
        `block-exploitable ${policy.blockExploitable} (${from.blockExploitable})`,
        `min-score ${policy.minScore ?? 'none'} (${from.minScore})`,
        `budgets ${budgets.length > 0 ? budgets.join(', ') : 'none'}`,
        `ignore rules: ${count('policy file')} from the policy file, ${count('ignore input')} from the ignore input, ${count('VEX')} from VEX`
    ].join('; ');
}
/** Resolves the effective policy: an input set in the workflow, then the policy file, then the default. */
async function loadPolicy(inputs, report, options = {}) {
    const now = options.now ?? new Date();
    const workspace = options.workspace ?? (process.env.GITHUB_WORKSPACE || process.cwd());
    const file = await findPolicyFile(inputs.policyFile, workspace, report);
    // The parsers load only for runs that have a file: YAML and the schemas are chunks of their own, which every other
    // run would spend ~30 ms compiling and evaluating at start-up.
    let settings = { ignore: [] };
    if (file) {
        // Found a moment ago, the file can still be unreadable (permissions) or gone: the user's to fix, so no stack.
        const text = await (0,user_file/* readUserFile */.E)(file.path, `The policy file ${file.label}`, {
            maxBytes: MAX_POLICY_FILE_BYTES,
            kind: 'a policy file',
            advice: 'Put long lists of exceptions in VEX documents (vex-file).'
        }, workspace);
        const { parsePolicyFile } = await Promise.all(/* import() */[__webpack_require__.e(691), __webpack_require__.e(815), __webpack_require__.e(774)]).then(__webpack_require__.bind(__webpack_require__, 8774));
        settings = parsePolicyFile(text, file.label);
    }
    const vexFiles = [...new Set(inputs.vexFiles)].map((given) => {
        const absolute = external_node_path_default().resolve(workspace, given);
        return { path: absolute, label: labelFor(workspace, given, absolute) };
    });
    let vex = { rules: [], affected: [], warnings: [] };
    if (vexFiles.length > 0) {
        const { loadVexRules } = await Promise.all(/* import() */[__webpack_require__.e(691), __webpack_require__.e(560)]).then(__webpack_require__.bind(__webpack_require__, 8560));
        vex = await loadVexRules(vexFiles, workspace);
    }
    report.warnings.push(...vex.warnings);
    const fromFile = file ? `policy file ${file.label}` : 'default';
    const pick = (input, fromPolicy, fallback) => input !== undefined ? [input, 'input'] : fromPolicy !== undefined ? [fromPolicy, fromFile] : [fallback, 'default'];
    const [severityThreshold, thresholdFrom] = pick(inputs.severityThreshold, settings.severityThreshold, DEFAULT_POLICY.severityThreshold);
    const [onlyFixed, onlyFixedFrom] = pick(inputs.onlyFixed, settings.onlyFixed, DEFAULT_POLICY.onlyFixed);
    const [blockExploitable, exploitFrom] = pick(undefined, settings.blockExploitable, DEFAULT_POLICY.blockExploitable);
    const [minScore, minScoreFrom] = pick(undefined, settings.minScore, DEFAULT_POLICY.minScore);
    const policy = {
        severityThreshold,
        onlyFixed,
        blockExploitable,
        minScore,
        max: { ...(settings.max ?? DEFAULT_POLICY.max) },
        // File rules come first: they carry reasons and package scopes, so a finding they cover is credited to them.
        ignore: [
            ...settings.ignore,
            ...inputs.ignore.map((id) => ({ id, reason: 'accepted in the workflow', source: 'ignore input' })),
            ...vex.rules
        ],
        ...(vex.affected.length > 0 ? { vexAffected: vex.affected } : {})
    };
    report.warnings.push(...expiredRuleWarnings(policy.ignore, now));
    core/* info */.pq(`Policy: ${describePolicy(policy, {
        severityThreshold: thresholdFrom,
        onlyFixed: onlyFixedFrom,
        blockExploitable: exploitFrom,
        minScore: minScoreFrom
    })}.`);
    return policy;
}

;// CONCATENATED MODULE: ./src/settle.ts







// How long after its push a first scan seen running may still be one (see planSettling).
const SLOW_SCAN_MS = 60 * 60_000;
// An empty, undated answer (aws/aws-sdk#289) lasted some 25 s of polls in the report: two such answers agree only
// when this many poll-intervals apart (the back-off cap), or a premature answer read twice would pass.
const PREMATURE_SPAN_INTERVALS = 6;
/**
 * Re-reads the findings of a fresh enhanced scan until two consecutive complete reads agree, because right after a
 * push ECR can report COMPLETE/ACTIVE before Inspector has delivered every finding (aws/aws-sdk#289); a finding an
 * earlier read held is never dropped. Basic scans, undated or old images, clean completed scans and settle-window 0
 * get the first read back untouched, with no extra call.
 */
async function settleFindings(client, target, scan, findings, options) {
    const now = options.now ?? Date.now;
    const sleep = options.sleep ?? defaultSleep;
    const warn = (message) => {
        if (options.warnings)
            options.warnings.push(message);
        else
            core/* warning */.$e(message);
    };
    const plan = planSettling(scan, findings, options, now());
    if (!plan)
        return findings;
    const start = now();
    core/* info */.pq(`Settling: ${plan.why}, so its findings may still be arriving (aws/aws-sdk#289); reading them again until two reads ` +
        `agree, for at most ${seconds(plan.until - start)} s.`);
    const counts = [findings.findings.length];
    const seen = new Map();
    remember(seen, findings.findings);
    let latest = findings;
    let previous = fingerprint(findings.findings);
    let calls = findings.pages;
    let interval = options.pollIntervalMs;
    let settled = false;
    let lastStatus = scan.status;
    for (;;) {
        const remaining = plan.until - now();
        if (remaining <= 0)
            break;
        await sleep(Math.min(interval, remaining));
        interval = nextInterval(interval, options.pollIntervalMs);
        const read = await readAgain(client, target, scan.firstPage, options, now);
        calls += read.calls;
        if (read.timedOut)
            break;
        if (read.changed) {
            core/* info */.pq(`Settling: ${read.changed} Reading again.`);
        }
        else if (read.status !== lastStatus) {
            core/* info */.pq(`Settling: ECR now reports scan status ${(0,log_safety/* statusToken */.wP)(read.status)}.`);
            lastStatus = read.status;
        }
        if (!read.findings) {
            // A scan that is no longer done may be rewriting its findings: agreement has to start over.
            previous = undefined;
            continue;
        }
        latest = read.findings;
        remember(seen, latest.findings);
        counts.push(latest.findings.length);
        const current = fingerprint(latest.findings);
        const stillPremature = isPremature(latest) && now() - start < PREMATURE_SPAN_INTERVALS * options.pollIntervalMs;
        if (previous && sameFingerprint(previous, current) && !stillPremature) {
            settled = true;
            break;
        }
        previous = current;
    }
    const extra = calls - findings.pages;
    const history = countHistory(counts);
    const settledFindings = { ...latest, findings: withVanished(latest.findings, seen, warn), pages: calls };
    if (settled) {
        core/* info */.pq(`Settling: done after ${counts.length} reads in ${seconds(now() - start)} s (${extra} extra call(s)); findings per read: ${history}.`);
        return settledFindings;
    }
    const cause = plan.limitedBy === 'wait-timeout' ? 'wait-timeout ran out' : 'the settle-window closed';
    const empty = isPremature(latest) ? ` (two empty, undated reads agree only ${PREMATURE_SPAN_INTERVALS} poll-intervals apart)` : '';
    // An empty, undated first answer does not say which kind of scan it is: only a fresh enhanced scan gives it on AWS.
    const subject = isPremature(findings) ? 'the scan whose first answer was empty and undated' : 'the fresh enhanced scan';
    return {
        ...settledFindings,
        unsettled: {
            what: `The findings of ${subject} did not settle before ${cause} (${counts.length} read(s), ${extra} ` +
                `extra call(s); findings per read: ${history}).`,
            advice: `Raise ${plan.limitedBy}${empty}, or rerun the job; settle-window: 0 trusts ECR's first answer.`
        }
    };
}
/**
 * What a verdict on findings that never settled comes with: a warning when they fail the image (those read are real,
 * and more can only add to them), a ScanError when they would pass it, since findings still arriving cannot clear an
 * image (aws/aws-sdk#289's premature answer is an empty list).
 */
function unsettledWarnings(findings, verdict) {
    const unsettled = findings.unsettled;
    if (!unsettled)
        return [];
    if (verdict.result === 'pass') {
        throw new errors/* ScanError */.sC(`${unsettled.what} No finding read so far breaks the policy, but more may still be arriving, so the gate cannot pass the image. ${unsettled.advice}`);
    }
    return [`${unsettled.what} The findings read already break the policy; more may still be arriving. ${unsettled.advice}`];
}
/** The shape of the premature answer of aws/aws-sdk#289: no findings, no completion time. */
function isPremature(read) {
    return read.findings.length === 0 && epochMs(read.completedAt) === undefined;
}
/** Notes each finding of a complete read under its identity, the later read's version winning. */
function remember(seen, findings) {
    for (const finding of findings)
        seen.set((0,src_finding/* findingIdentity */.AZ)(finding), finding);
}
/**
 * The last read plus every finding an earlier read had and it lacks. Findings arrive late, not early: one that a read
 * showed and a later one lost is an inconsistent listing, and deciding on the later read alone would pass an image
 * whose CRITICAL finding the gate saw.
 */
function withVanished(last, seen, warn) {
    const inLast = new Set(last.map(src_finding/* findingIdentity */.AZ));
    const vanished = [...seen].filter(([key]) => !inLast.has(key)).map(([, finding]) => finding);
    if (vanished.length === 0)
        return last;
    warn(`Settling: ${(0,src_markdown/* plural */.LS)(vanished.length, 'finding')} that an earlier read of the fresh scan held ` +
        `${vanished.length === 1 ? 'is' : 'are'} missing from the last read (${(0,log_safety/* listed */.KE)(vanished.map((f) => (0,log_safety/* oneLine */.TN)(f.id, 80)), 10)}). ` +
        'ECR does not drop findings that fast, so the gate keeps them and decides on them too.');
    return [...last, ...vanished];
}
/**
 * Decides whether this scan needs settling; undefined means the first read is final. Only evidence counts: a gate that
 * re-read every answer it could not date would double the calls for every image a test server or a proxy serves.
 */
function planSettling(scan, findings, options, now) {
    const window = options.settleWindowMs;
    if (!(window > 0))
        return undefined;
    let why;
    if (findings.findings.length === 0) {
        // The premature answer of aws/aws-sdk#289 is an empty list with no counts and no timestamps; a scan that did
        // complete says when, so an empty answer that carries a completion time is a clean image.
        if (!isPremature(findings)) {
            core/* debug */.Yz('Settling: not needed, the scan completed with no findings.');
            return undefined;
        }
        why = 'the answer is an empty list with no completion time, the shape of the premature answer';
    }
    else {
        if (!findings.findings.some((finding) => finding.kind === 'enhanced')) {
            core/* debug */.Yz('Settling: not needed for a basic scan.');
            return undefined;
        }
        // The push dates the image's first scan; a recent completion on an old push is continuous scanning re-scanning an
        // image whose findings are long in place, so the completion time says nothing about freshness. Measured from the
        // run's start, so a scan that took minutes to finish during this run still counts as fresh.
        const pushedAt = findings.pushedAt;
        if (pushedAt === undefined) {
            core/* info */.pq('Settling: not needed, the enhanced findings carry no push time (pushedAt), so nothing says the image is fresh.');
            return undefined;
        }
        const age = (options.startedAt ?? now) - pushedAt;
        // A scan still running when the run began, of an image pushed within the hour, is a first scan that took long:
        // its findings may come late all the same. An older push seen unfinished is a sample's or a test's date.
        const slowFirstScan = scan.sawUnfinished && age < SLOW_SCAN_MS;
        if (age >= window && !slowFirstScan) {
            core/* info */.pq(`Settling: not needed, the image was pushed ${seconds(age)} s before this run began (settle-window ${seconds(window)} s).`);
            return undefined;
        }
        why =
            age < window
                ? `the enhanced scan is fresh: the image was pushed ${seconds(Math.max(age, 0))} s before this run began`
                : `the enhanced scan of an image pushed ${seconds(age)} s before this run began finished during the run`;
    }
    // Findings arrive after the scan reports done, so the window runs from now, when this run has seen it done.
    const windowEnd = now + window;
    return options.deadline < windowEnd
        ? { until: options.deadline, limitedBy: 'wait-timeout', why }
        : { until: windowEnd, limitedBy: 'settle-window', why };
}
/** One complete read from page one on, or just the status when the scan is not done at the moment. */
async function readAgain(client, target, firstRead, { deadline, requestTimeoutMs }, now) {
    let firstPage;
    const signal = deadlineSignal(deadline, requestTimeoutMs, now);
    try {
        firstPage = await describeScanFindings(client, target, undefined, signal);
    }
    catch (error) {
        if (isScanNotFound(error))
            return { calls: 1, status: 'SCAN_NOT_FOUND' };
        if (isAborted(error, signal))
            return { calls: 1, status: '', timedOut: true };
        throw (0,errors/* explainAwsError */.Ni)(error, target, 'DescribeImageScanFindings');
    }
    // A tag moved to another image: agreeing reads of that one would be judged under the first image's digest, which
    // the outputs report (and a later step may deploy). Neither image has been read whole, so the gate cannot decide.
    if (namesAnotherImage(firstRead, firstPage)) {
        const [before, after] = [firstRead.imageId?.imageDigest ?? '', firstPage.imageId?.imageDigest ?? ''];
        throw new errors/* ScanError */.sC(`While the findings of ${(0,errors/* describeTarget */.ff)(target)} were read again to settle, the tag moved from ${(0,log_safety/* oneLine */.TN)(before, 80)} to ` +
            `${(0,log_safety/* oneLine */.TN)(after, 80)}, so no image was read whole. Gate the digest (image-digest, or image with @sha256:) to judge one image.`);
    }
    const status = firstPage.imageScanStatus?.status ?? 'UNKNOWN';
    if (!DONE.has(status))
        return { calls: 1, status };
    try {
        // readAllFindings explains its own failures.
        const findings = await readAllFindings(client, target, firstPage, { deadline, requestTimeoutMs, now });
        return { calls: findings.pages, status, findings };
    }
    catch (error) {
        if (error instanceof ScanChangedError)
            return { calls: error.pages, status, changed: error.message };
        if (error instanceof ReadTimeoutError)
            return { calls: error.pages, status, timedOut: true };
        throw error;
    }
}
/**
 * What two reads must share to agree: each finding's identity and every field the policy decides on, as a sorted
 * multiset, so equal fingerprints also mean equal counts.
 */
function fingerprint(findings) {
    return findings
        .map((f) => [
        f.findingArn,
        f.kind,
        f.id,
        (0,src_finding/* packagesKey */.De)(f),
        f.severity,
        f.inspectorStatus,
        f.fixAvailable,
        f.exploitAvailable,
        f.score ?? ''
    ].join('|'))
        .sort();
}
function sameFingerprint(a, b) {
    return a.length === b.length && a.every((value, index) => value === b[index]);
}
function seconds(ms) {
    return String(Math.round(ms / 100) / 10);
}
function countHistory(counts) {
    const shown = counts.length > 12 ? [...counts.slice(0, 3), '…', ...counts.slice(-8)] : counts;
    return shown.join(' -> ');
}

;// CONCATENATED MODULE: ./src/main.ts

















/** The action: read inputs, wait for the scan, read every finding, decide, report, set the outcome. */
async function run() {
    const report = { imageDigest: '', scanStatus: '', warnings: [] };
    const finish = once(() => finishReport(report, cancellation.signal));
    const cancellation = listenForCancellation(report, finish);
    (0,log_safety/* maskCredentials */.Bs)();
    // SARIF texts made while later pages are on their way, instead of after the last one.
    let sarifDraft;
    try {
        const inputs = (report.inputs = getInputs());
        const target = (report.target = inputs.target);
        const policy = (report.policy = await loadPolicy(inputs, report));
        const startedAt = Date.now();
        const deadline = startedAt + inputs.waitTimeoutMs;
        const proxy = (0,src_proxy/* proxySettings */.EM)(process.env);
        report.warnings.push(...proxy.warnings);
        const clientFor = (region) => createEcrClient({ region, requestTimeoutMs: inputs.requestTimeoutMs, retryDeadline: deadline, proxyEnv: proxy.env });
        const client = clientFor(target.region);
        const onStatus = (status, digest) => {
            report.scanStatus = status;
            report.imageDigest = digest || report.imageDigest;
        };
        sarifDraft = inputs.sarifFile ? new SarifDraft(target.repositoryName) : undefined;
        const { scan, findings: read } = await waitAndRead(client, target, { ...inputs, deadline, onStatus, onFindings: sarifDraft?.add });
        report.scanStatus = scan.status;
        report.imageDigest = read.imageDigest || report.imageDigest || target.imageDigest || '';
        const findings = await settleFindings(client, target, scan, read, { ...inputs, deadline, startedAt, warnings: report.warnings });
        report.scanCompletedAt = findings.completedAt;
        report.vulnerabilitySourceUpdatedAt = findings.vulnerabilitySourceUpdatedAt;
        for (const warning of [severityCountMismatch(findings), (0,src_finding/* unknownSeverityWarning */.K$)(findings.findings)]) {
            if (warning)
                report.warnings.push(warning);
        }
        const baseline = await compareWithBaseline(client, inputs, findings.findings, { ...inputs, deadline, clientFor }, report);
        const registryId = target.registryId ?? scan.firstPage.registryId;
        const image = { ...target, registryId, imageDigest: report.imageDigest || target.imageDigest };
        const verdict = (0,src_policy/* decide */.LD)(findings.findings, policy, { now: new Date(), baseline, image });
        // A cancellation that came while the findings were read stands: its reports are already on their way, saying the
        // gate did not decide, and a verdict arriving now would give them counts nobody was meant to act on.
        if (cancellation.signal.aborted)
            return;
        // Throws rather than pass on findings that were still arriving.
        report.warnings.push(...unsettledWarnings(findings, verdict));
        report.verdict = verdict;
        report.warnings.push(...ruleWarnings(report.verdict), ...(0,src_policy/* onlyFixedWarnings */.aX)(policy, report.verdict));
        report.sarifFile = await writeSarif(report, { draft: sarifDraft });
        collectAfterSarif(verdict.decided.length);
        if (inputs.annotations)
            writeAnnotations(report);
        concludeVerdict(report, inputs.failBuild);
    }
    catch (error) {
        report.error = (0,errors/* errorMessage */.gJ)(error);
        core/* setFailed */.C1((0,errors/* isActionable */.nM)(error) || !(error instanceof Error) ? report.error : (0,log_safety/* withoutSecrets */.cT)(error.stack ?? report.error));
    }
    finally {
        sarifDraft?.stop();
        await finish();
        cancellation.stop();
    }
}
function once(action) {
    let done;
    return () => (done ??= action());
}


/***/ }),

/***/ 3758:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   EN: () => (/* binding */ imageLine),
/* harmony export */   FV: () => (/* binding */ escapeMarkdown),
/* harmony export */   GN: () => (/* binding */ isCanonicalHttpUrl),
/* harmony export */   Hw: () => (/* binding */ linkOrText),
/* harmony export */   LS: () => (/* binding */ plural),
/* harmony export */   Le: () => (/* binding */ advisoryUrl),
/* harmony export */   Pl: () => (/* binding */ safeUrl),
/* harmony export */   Vg: () => (/* binding */ omittedNote),
/* harmony export */   Y_: () => (/* binding */ sortedFindings),
/* harmony export */   cS: () => (/* binding */ BLOCKING_COLUMNS),
/* harmony export */   cZ: () => (/* binding */ COLUMNS),
/* harmony export */   dp: () => (/* binding */ byteLength),
/* harmony export */   f$: () => (/* binding */ parseHttpUrl),
/* harmony export */   f9: () => (/* binding */ findingsTable),
/* harmony export */   n6: () => (/* binding */ compareText),
/* harmony export */   ql: () => (/* binding */ severityTable),
/* harmony export */   rz: () => (/* binding */ verdictLines),
/* harmony export */   zD: () => (/* binding */ grouped)
/* harmony export */ });
/* unused harmony exports compareFindings, imageName */
/* harmony import */ var _finding_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2018);
/* harmony import */ var _log_safety_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8224);
/* harmony import */ var _report_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(665);



// Every character with a meaning in GitHub Markdown or HTML, as a numeric reference: CommonMark decodes references
// to literal text and never reads them as syntax, and a GFM table splits cells on the raw `|` only. Quotes are left
// as they are: they mean something only in a link title or an HTML attribute, which `[`, `]` and `<` cannot open here
// (and no reporter puts finding text in an attribute), so the raw file reads as the text.
const ENTITIES = {
    '&': '&amp;',
    '<': '&lt;',
    '>': '&gt;',
    '|': '&#124;',
    '\\': '&#92;',
    '`': '&#96;',
    '*': '&#42;',
    _: '&#95;',
    '~': '&#126;',
    '[': '&#91;',
    ']': '&#93;',
    '!': '&#33;',
    '#': '&#35;',
    $: '&#36;'
};
// GitHub links some text after rendering (mentions, issue references, bare URLs, e-mail addresses, emoji shortcodes):
// references do not stop that, an invisible character after the trigger does. Every `@` gets one: an e-mail autolink
// also starts at `@-` or `@_`, and `&#95;` is decoded before GitHub looks for one. A word joiner rather than a
// zero-width space, so the browser does not break www.example.com or https://… at that point. The lookaheads read the
// raw text, in one pass.
const ZWSP = '&#8288;';
// GH-123 is an issue reference (the joiner goes after "GH"), and a word of 7 to 40 hex digits with a letter a commit:
// joiners every 6 digits leave no piece long enough to be one.
// Parentheses mean something only in a link after `]`, which is always escaped; `_` between two letters or digits
// can neither open nor close emphasis. Left as they are, IN_PROGRESS and (SIGTERM) read the same in the raw file.
const ESCAPE = /(#(?=\p{N}))|([&<>|\\`*~[\]!#$]|(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}]))|(@|:(?=\/|[a-z0-9_+-]+:)|www(?=\.)|\bGH(?=-\p{N}))|(\b(?=\d*[a-f])[0-9a-f]{7,40}\b)/giu;
// Ids, versions, package names and plain sentences: text oneLine keeps as it is and nothing below would change, as
// long as it holds no `www.`, GitHub reference or commit-like word and does not start like an ordered list item.
// Tested first because it is the common case.
const PLAIN_MARKDOWN = /^[A-Za-z0-9][A-Za-z0-9,./=+%?;-]*(?: [A-Za-z0-9,./=+%?;-]+)*$/;
const NEEDS_ESCAPE_ANYWAY = /www\.|^\d{1,9}\.(?: |$)|\bGH-\d|\b(?=[0-9a-f]{7,40}\b)\d*[a-f]/i;
// Vectors, versions and package names that need escaping come back in finding after finding: each is escaped once.
// Only text too short to be cut is kept (its escaping does not depend on maxChars), and the cache is bounded.
const ESCAPED_LIMIT = 10_000;
const ESCAPED_MAX_LENGTH = 256;
const escapedText = new Map();
/** Untrusted text as inline Markdown that renders as exactly that text on one line (maxChars before escaping). */
function escapeMarkdown(value, maxChars = 200) {
    if (typeof value !== 'string' || value.length > maxChars)
        return escapeText(value, maxChars);
    if (PLAIN_MARKDOWN.test(value) && !NEEDS_ESCAPE_ANYWAY.test(value))
        return value;
    if (value.length > ESCAPED_MAX_LENGTH)
        return escapeText(value, maxChars);
    const known = escapedText.get(value);
    if (known !== undefined)
        return known;
    const escaped = escapeText(value, maxChars);
    if (escapedText.size >= ESCAPED_LIMIT)
        escapedText.clear();
    escapedText.set(value, escaped);
    return escaped;
}
function escapeText(value, maxChars) {
    const escaped = (0,_log_safety_js__WEBPACK_IMPORTED_MODULE_1__/* .oneLine */ .TN)(value, maxChars).replace(ESCAPE, (match, issueRef, special, trigger, hexWord) => {
        if (issueRef)
            return `&#35;${ZWSP}`;
        if (special)
            return ENTITIES[special] ?? special;
        if (hexWord)
            return hexWord.replace(/.{6}(?=.)/g, `$&${ZWSP}`);
        return match + ZWSP;
    });
    // In a list item, a leading `-`, `+`, `1. ` or `1) ` would start a list (or a rule) of its own.
    return escaped
        .replace(/^[-+]/, (c) => `&#${c.charCodeAt(0)};`)
        .replace(/^(\d{1,9})([.)])(?= |$)/, (_, digits, mark) => `${digits}&#${mark.charCodeAt(0)};`);
}
// An http(s) URL already in the form the URL parser writes back: lower-case host name whose last label is no number
// (no IPv4 rewriting) and no punycode, no port, user, query, fragment, dot segment or character to encode. Parsing
// one returns it unchanged, and advisory links are nearly all like this: at 10,000 findings the parses took ~15 ms.
const CANONICAL_HTTP_URL = /^https?:\/\/(?:(?!xn--)[a-z0-9-]+\.)*(?!xn--)[a-z][a-z0-9-]*\.?(?:\/(?!\.\.?(?:\/|$))[A-Za-z0-9._~-]*)+$/;
/** True when the value is an http(s) URL exactly as the URL parser would write it back (see CANONICAL_HTTP_URL). */
function isCanonicalHttpUrl(value) {
    return typeof value === 'string' && value.length <= 2000 && CANONICAL_HTTP_URL.test(value);
}
/** True when the value is a plain absolute http(s) URL without credentials. */
function isHttpUrl(value) {
    return isCanonicalHttpUrl(value) || parseHttpUrl(value) !== undefined;
}
/** A plain absolute http(s) URL without credentials, parsed; else undefined: data never picks a scheme. */
function parseHttpUrl(value) {
    if (typeof value !== 'string' || value.length > 2000)
        return undefined;
    let url;
    try {
        url = new URL(value.trim());
    }
    catch {
        return undefined;
    }
    const http = url.protocol === 'http:' || url.protocol === 'https:';
    return http && !url.username && !url.password && url.hostname ? url : undefined;
}
/** The URL as a Markdown link destination when it is a plain http(s) URL, else undefined: data never picks a scheme. */
function safeUrl(value) {
    if (isCanonicalHttpUrl(value))
        return value;
    const url = parseHttpUrl(value);
    if (!url)
        return undefined;
    return url.href
        .replace(/[^A-Za-z0-9\-._~:/?#=%+,;@!$&]/g, (c) => encodeURIComponent(c).replace(/[!'()*]/g, percent))
        .replace(/&/g, '&amp;');
}
function percent(c) {
    return `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;
}
/** A public advisory page for well-known id formats, for findings ECR sent without a usable link. */
function advisoryUrl(id) {
    if (/^CVE-\d{4}-\d{4,}$/i.test(id))
        return `https://nvd.nist.gov/vuln/detail/${id.toUpperCase()}`;
    if (/^GHSA(-[23456789cfghjmpqrvwx]{4}){3}$/i.test(id))
        return `https://github.com/advisories/${id}`;
    return undefined;
}
/** Escaped text, linked only when url is a plain http(s) URL. */
function linkOrText(text, url, maxChars = 100) {
    const label = escapeMarkdown(text, maxChars) || '(no id)';
    const href = safeUrl(url);
    return href ? `[${label}](${href})` : label;
}
/** One table row of cells already made safe with escapeMarkdown. */
function tableRow(cells) {
    return `| ${cells.map((cell) => cell || '—').join(' | ')} |`;
}
function tableHead(headers) {
    return `${tableRow(headers)}\n|${headers.map(() => ' --- ').join('|')}|`;
}
/** Bytes of UTF-8, the unit of GitHub's summary limit. */
function byteLength(text) {
    return Buffer.byteLength(text, 'utf8');
}
/** Most severe first, then highest score (unknown last), then id and package, so every report lists the same order. */
function compareFindings(a, b) {
    return ((0,_finding_js__WEBPACK_IMPORTED_MODULE_0__/* .severityRank */ .qs)(b.severity) - (0,_finding_js__WEBPACK_IMPORTED_MODULE_0__/* .severityRank */ .qs)(a.severity) ||
        (b.score ?? -1) - (a.score ?? -1) ||
        compareText(a.id, b.id) ||
        compareText(a.packageName, b.packageName));
}
/** Code-unit order: the same in every locale, so report order never depends on the runner's. */
function compareText(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
}
/**
 * The decided findings in report order, optionally only those a predicate keeps; with blockingFirst, blocking
 * findings lead whatever their severity (the JSON report's order).
 */
function sortedFindings(decided, keep, { blockingFirst = false } = {}) {
    const ordered = keep ? reportOrder(decided).filter(keep) : [...reportOrder(decided)];
    if (!blockingFirst)
        return ordered;
    // A stable split of the sorted list: blocking findings first, each part still in report order.
    const blocking = ordered.filter(isBlocking);
    return blocking.length === 0 ? ordered : [...blocking, ...ordered.filter((d) => !isBlocking(d))];
}
function isBlocking(d) {
    return d.decision === 'blocking';
}
// The summary, the JSON report, the annotations and the comment all list the same findings in the same order: sorted
// once per verdict (a verdict's list is never changed once decided), not four times over 100,000 findings.
const reportOrders = new WeakMap();
function reportOrder(decided) {
    let ordered = reportOrders.get(decided);
    if (!ordered) {
        ordered = sortByReportOrder(decided);
        reportOrders.set(decided, ordered);
    }
    return ordered;
}
// compareFindings' order, with each finding's rank and score read once into typed arrays, and indices sorted rather
// than an object per finding: a sort of 100,000 findings no longer leaves megabytes of keys behind.
function sortByReportOrder(decided) {
    const ranks = new Uint8Array(decided.length);
    const scores = new Float64Array(decided.length);
    const indices = decided.map((d, i) => {
        ranks[i] = (0,_finding_js__WEBPACK_IMPORTED_MODULE_0__/* .severityRank */ .qs)(d.finding.severity);
        scores[i] = d.finding.score ?? -1;
        return i;
    });
    const finding = (i) => decided[i].finding;
    // Rank and score settle most comparisons; compareFindings, the order's one definition, settles the rest.
    indices.sort((a, b) => (ranks[b] ?? 0) - (ranks[a] ?? 0) || (scores[b] ?? 0) - (scores[a] ?? 0) || compareFindings(finding(a), finding(b)));
    return indices.map((i) => decided[i]);
}
/** Found / blocking / ignored for every severity, most severe first, then the totals. */
function severityTable(counts) {
    // Every severity, zeros included: a row missing for UNTRIAGED would read as "not counted", the very fault of
    // the gates this one replaces.
    const rows = _finding_js__WEBPACK_IMPORTED_MODULE_0__/* .SEVERITIES */ .oC.map((severity) => {
        const row = counts.bySeverity[severity];
        return tableRow([severity, String(row.found), String(row.blocking), String(row.ignored)]);
    });
    const total = tableRow(['**Total**', `**${counts.total}**`, `**${counts.blocking}**`, `**${counts.ignored}**`]);
    return [tableHead(['Severity', 'Found', 'Blocking', 'Ignored']), ...rows, total].join('\n');
}
function packageCell({ finding }) {
    const more = finding.packages.length > 1 ? ` (+${finding.packages.length - 1} more)` : '';
    return escapeMarkdown(finding.packageName, 100) + more;
}
const COLUMNS = {
    // The same page the SARIF rule links: ECR's link when it is a plain http(s) URL, else the advisory the id names.
    id: {
        header: 'Vulnerability',
        cell: ({ finding }) => linkOrText(finding.id, isHttpUrl(finding.link) ? finding.link : advisoryUrl(finding.id))
    },
    severity: { header: 'Severity', cell: ({ finding }) => finding.severity },
    score: { header: 'Score', cell: ({ finding }) => (finding.score === undefined ? '' : finding.score.toFixed(1)) },
    package: { header: 'Package', cell: packageCell },
    version: { header: 'Installed', cell: ({ finding }) => escapeMarkdown(finding.packageVersion, 60) },
    fixedIn: { header: 'Fixed in', cell: ({ finding }) => escapeMarkdown(finding.fixedInVersion, 60) },
    exploit: {
        header: 'Exploit',
        cell: ({ finding }) => ({ YES: 'yes', NO: 'no', UNKNOWN: '' })[finding.exploitAvailable] ?? ''
    },
    reason: { header: 'Why', cell: (d) => escapeMarkdown(d.reason, 200) }
};
const BLOCKING_COLUMNS = [
    COLUMNS.id,
    COLUMNS.severity,
    COLUMNS.score,
    COLUMNS.package,
    COLUMNS.version,
    COLUMNS.fixedIn,
    COLUMNS.exploit
];
/** A findings table that fits a byte budget and a row cap; `omitted` is how many rows did not make it. */
function findingsTable(rows, columns, limits) {
    const head = tableHead(columns.map((column) => column.header));
    const lines = [head];
    let bytes = byteLength(head);
    let shown = 0;
    for (const d of rows) {
        if (shown >= limits.rows)
            break;
        const line = tableRow(columns.map((column) => column.cell(d)));
        const size = byteLength(line) + 1;
        if (bytes + size > limits.bytes)
            break;
        lines.push(line);
        bytes += size;
        shown++;
    }
    return { markdown: shown === 0 ? '' : lines.join('\n'), omitted: rows.length - shown };
}
/**
 * How many findings a table left out, and where the full list is. The SARIF file is named only for blocking findings
 * (`inSarif`): it leaves out ignored and suppressed ones, which code scanning would open as alerts.
 */
function omittedNote(omitted, what, report, inSarif = false) {
    if (omitted <= 0)
        return '';
    const files = [report.reportFile && 'the JSON report', inSarif && report.sarifFile && 'the SARIF file'].filter(Boolean);
    const where = files.length > 0 ? `: see ${files.join(' or ')}` : '';
    return `_… and ${grouped(omitted)} more ${what} not shown here${where}._`;
}
const VERDICT_ICON = { pass: '✅', fail: '❌', undecided: '⚠️' };
/** The heading line and the one-sentence verdict that open both the summary and the PR comment. */
function verdictLines(report, level) {
    const result = (0,_report_js__WEBPACK_IMPORTED_MODULE_2__/* .outcome */ .b)(report);
    const words = result === 'undecided' ? 'could not decide' : result;
    const image = report.target ? ` for ${imageName(report)}` : '';
    const lines = [`${'#'.repeat(level)} ${VERDICT_ICON[result]} ECR scan gate: ${words}${image}`, ''];
    const counts = report.verdict?.counts;
    if (report.error !== undefined) {
        lines.push(`**The gate could not decide:** ${escapeMarkdown(report.error, 2000) || 'unknown error'}`);
    }
    else if (counts && counts.blocking > 0) {
        lines.push(`**${plural(counts.blocking, 'finding')} ${counts.blocking === 1 ? 'breaks' : 'break'} the policy.**`);
    }
    else if (counts) {
        lines.push('**No finding breaks the policy.**');
    }
    if (counts) {
        const suppressed = counts.suppressed > 0 ? `; ${grouped(counts.suppressed)} suppressed in Amazon Inspector (left out of these counts)` : '';
        lines.push('', `${plural(counts.total, 'finding')}: ${grouped(counts.blocking)} blocking, ${grouped(counts.ignored)} ignored${suppressed}.`);
    }
    return lines;
}
/** `n thing` or `n things`. */
function plural(n, word) {
    return `${grouped(n)} ${word}${n === 1 ? '' : 's'}`;
}
/**
 * A number with thousands separators, as toLocaleString('en-US') writes it: that call first loads ICU's locale data,
 * about 9 ms of every run for a few counts.
 */
function grouped(n) {
    const [whole = '', fraction] = String(n).split('.');
    return `${whole.replace(/\B(?=(\d{3})+$)/g, ',')}${fraction === undefined ? '' : `.${fraction}`}`;
}
/** repository:tag, or repository@digest when only the digest is known, escaped. */
function imageName(report) {
    const target = report.target;
    if (!target)
        return '';
    const digest = report.imageDigest || target.imageDigest;
    const ref = target.imageTag ? `:${target.imageTag}` : digest ? `@${digest}` : '';
    return escapeMarkdown(`${target.repositoryName}${ref}`, 400);
}
/** The image as one line: repository, tag, digest, account and region when known. */
function imageLine(report) {
    const target = report.target;
    if (!target)
        return '';
    const digest = report.imageDigest || target.imageDigest;
    const parts = [`**Image:** repository ${escapeMarkdown(target.repositoryName, 256)}`];
    if (target.imageTag)
        parts.push(`tag ${escapeMarkdown(target.imageTag, 300)}`);
    if (target.registryId)
        parts.push(`account ${escapeMarkdown(target.registryId, 20)}`);
    if (target.region)
        parts.push(`region ${escapeMarkdown(target.region, 30)}`);
    // A digest is too long to share a line with the rest without breaking mid-sentence.
    return digest ? `${parts.join(', ')}  \n**Digest:** ${escapeMarkdown(digest, 100)}` : parts.join(', ');
}


/***/ }),

/***/ 1237:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   LD: () => (/* binding */ decide),
/* harmony export */   Lk: () => (/* binding */ isCalendarDay),
/* harmony export */   Rm: () => (/* binding */ THRESHOLDS),
/* harmony export */   aX: () => (/* binding */ onlyFixedWarnings),
/* harmony export */   fl: () => (/* binding */ findingKey),
/* harmony export */   ux: () => (/* binding */ findingKeys),
/* harmony export */   vR: () => (/* binding */ isRuleActive)
/* harmony export */ });
/* harmony import */ var _finding_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2018);
/* harmony import */ var _log_safety_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8224);
/* harmony import */ var _set_key_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7077);



const THRESHOLDS = [..._finding_js__WEBPACK_IMPORTED_MODULE_0__/* .SEVERITIES */ .oC, 'NONE'];
/** A finding's packages; a finding that names none stands for its (possibly empty) packageName alone. */
function packagesOf(finding) {
    return finding.packages.length > 0
        ? finding.packages
        : [{ name: finding.packageName, version: finding.packageVersion, packageManager: '' }];
}
/** Identity of a finding across images: vulnerability and package, not digest or version. */
function findingKey(finding) {
    return vulnerabilityInPackage(finding.id, finding.packageName);
}
function vulnerabilityInPackage(id, packageName) {
    return `${(0,_finding_js__WEBPACK_IMPORTED_MODULE_0__/* .asciiUpper */ .oP)(id)}|${packageName}`;
}
/**
 * Identities of everything a finding reports, one per package: the same vulnerability reaching one more package is
 * something new, even when the finding already existed for another package.
 */
function findingKeys(finding) {
    if (finding.packages.length <= 1)
        return [findingKey(finding)];
    return [...new _set_key_js__WEBPACK_IMPORTED_MODULE_2__/* .TextSet */ .W(finding.packages.map((pkg) => vulnerabilityInPackage(finding.id, pkg.name)))];
}
/**
 * True for a day of the Gregorian calendar as ISO 8601 writes it (years 0000 to 9999), by arithmetic: Date rolls
 * 2026-02-30 over into March, and Date.UTC reads the years 0 to 99 as 1900 to 1999.
 */
function isCalendarDay(year, month, day) {
    const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
    const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
    const knownYear = Number.isInteger(year) && year >= 0 && year <= 9999;
    return knownYear && days !== undefined && Number.isInteger(day) && day >= 1 && day <= days;
}
/** True while the rule's expiry day (UTC) has not passed. */
function isRuleActive(rule, now) {
    return rule.expires === undefined || now.toISOString().slice(0, 10) <= rule.expires;
}
/** True when the matcher describes the image. */
function imageMatches(matcher, image) {
    if (matcher.registry !== undefined && matcher.registry !== registryOf(image))
        return false;
    if (matcher.digests && !(image.imageDigest && matcher.digests.includes(image.imageDigest)))
        return false;
    if (matcher.repositories && !matcher.repositories.includes(image.repositoryName))
        return false;
    if (matcher.name !== undefined && matcher.name !== image.repositoryName.split('/').pop())
        return false;
    if (matcher.tag !== undefined && matcher.tag !== image.imageTag)
        return false;
    return true;
}
// Hosts differ by partition and endpoint flavour (FIPS, dual-stack); account and region are what name the registry.
function registryOf(image) {
    return image.registryId && image.region ? `${image.registryId}@${image.region}` : undefined;
}
/** True when the rule concerns this image: it names no products, or one of them is this image. */
function ruleAppliesToImage(rule, image) {
    if (rule.products === undefined)
        return true;
    return image !== undefined && rule.products.some((matcher) => imageMatches(matcher, image));
}
// Looking rules up by id keeps deciding linear: a scan of every rule per finding is 4 s at 1,000 rules and 100,000
// findings. Each list keeps the rules' order, so the first match is the one a scan would have found.
/** A vulnerability id as the rule index's key: ids compare ASCII-case-blind, and any length of them stays one lookup. */
function idKey(id) {
    return (0,_set_key_js__WEBPACK_IMPORTED_MODULE_2__/* .setKey */ .q)((0,_finding_js__WEBPACK_IMPORTED_MODULE_0__/* .asciiUpper */ .oP)(id));
}
function indexRules(rules, keyOf = idKey) {
    const index = new Map();
    for (const rule of rules) {
        for (const key of new Set([rule.id, ...(rule.aliases ?? [])].map(keyOf))) {
            const list = index.get(key);
            if (list)
                list.push(rule);
            else
                index.set(key, [rule]);
        }
    }
    return index;
}
// Inspector's package managers per package-URL type. A type not listed here (but generic, which names no ecosystem)
// matches nothing: the gate cannot tell which packages it means. Basic scanning names no manager: it reports the
// operating system's packages only, so its findings count as OS.
const MANAGERS_OF_TYPE = {
    deb: ['OS'],
    rpm: ['OS'],
    apk: ['OS'],
    alpm: ['OS'],
    npm: ['NPM', 'YARN', 'NODEPKG'],
    pypi: ['PIP', 'PIPENV', 'POETRY', 'PYTHONPKG'],
    maven: ['JAR', 'POM'],
    golang: ['GOBINARY', 'GOMOD'],
    gem: ['BUNDLER', 'GEMSPEC'],
    cargo: ['CARGO'],
    composer: ['COMPOSER'],
    nuget: ['NUGET', 'DOTNET_CORE']
};
// Debian and RPM versions may carry an epoch ("1:2.3-4") on one side and not on the other.
function sameVersion(a, b) {
    return a === b || a.replace(/^\d+:/, '') === b.replace(/^\d+:/, '');
}
// The id (or an alias) already matched: that is how the rule was looked up.
function packageMatches(scope, pkg) {
    if (scope.package === undefined)
        return true;
    // Package names are case-insensitive in several ecosystems (PyPI, NuGet), and a VEX purl lowercases them.
    if ((0,_finding_js__WEBPACK_IMPORTED_MODULE_0__/* .asciiLower */ .F)(pkg.name) !== (0,_finding_js__WEBPACK_IMPORTED_MODULE_0__/* .asciiLower */ .F)(scope.package))
        return false;
    if (scope.packageVersion !== undefined && !sameVersion(pkg.version, scope.packageVersion))
        return false;
    if (scope.packageType === undefined || scope.packageType === 'generic')
        return true;
    const managers = MANAGERS_OF_TYPE[scope.packageType];
    return managers !== undefined && managers.includes((0,_finding_js__WEBPACK_IMPORTED_MODULE_0__/* .asciiUpper */ .oP)(pkg.packageManager) || 'OS');
}
// Built once per id, when a finding first needs it: testing every rule of an id against every package of every
// finding cost rules x packages (a VEX statement's subcomponents are one rule each; 16,000 of them took 27 s, and as
// many statements naming no package 4 s at 8,000).
const rulesByPackage = new WeakMap();
function groupedByPackage(rules) {
    const known = rulesByPackage.get(rules);
    if (known)
        return known;
    const grouped = { byName: new Map(), ownUnscoped: [], vexUnscoped: [], latestVexUnscoped: undefined, position: new Map() };
    for (const [at, rule] of rules.entries()) {
        grouped.position.set(rule, at);
        if (rule.package === undefined) {
            ;
            (rule.vexOrder === undefined ? grouped.ownUnscoped : grouped.vexUnscoped).push(rule);
            continue;
        }
        const key = (0,_finding_js__WEBPACK_IMPORTED_MODULE_0__/* .asciiLower */ .F)(rule.package);
        const list = grouped.byName.get(key);
        if (list)
            list.push(rule);
        else
            grouped.byName.set(key, [rule]);
    }
    grouped.latestVexUnscoped = latestOf(grouped.vexUnscoped);
    rulesByPackage.set(rules, grouped);
    return grouped;
}
/** The claim that came last (highest vexOrder); on a tie, the first of them in the order given. */
function latestOf(claims) {
    let latest;
    for (const claim of claims) {
        if (claim && (!latest || (claim.vexOrder ?? -1) > (latest.vexOrder ?? -1)))
            latest = claim;
    }
    return latest;
}
/** The earliest of these rules in their list's order. */
function firstOf(rules, position) {
    const present = rules.filter((rule) => rule !== undefined);
    return present.sort((a, b) => (position.get(a) ?? 0) - (position.get(b) ?? 0))[0];
}
/** The VEX claim about this package that came last: of `vexNamed` (those naming it) and of those naming no package. */
function latestFor(grouped, vexNamed) {
    if (!grouped)
        return undefined;
    // In list order, so a tie goes to the claim listed first, as it did when every claim was tried in turn.
    const inOrder = [...vexNamed, grouped.latestVexUnscoped].filter((rule) => rule !== undefined);
    inOrder.sort((a, b) => (grouped.position.get(a) ?? 0) - (grouped.position.get(b) ?? 0));
    return latestOf(inOrder);
}
/**
 * The key of a vulnerability's alias group: ids that any VEX statement names together are one vulnerability. Used for
 * affected statements only, which can only make a finding block: a later `affected` naming the GHSA id overrides an
 * earlier `not_affected` that named the CVE with that GHSA as its alias. Ignore rules keep their own names, so aliases
 * chained across statements cannot widen what they accept.
 */
function aliasKeys(scopes) {
    // Union-find with path compression and union by size: a pull request's VEX file can chain 100,000 aliases.
    const parent = new Map();
    const size = new Map();
    const root = (id) => {
        let top = id;
        for (let up = parent.get(top); up !== undefined && up !== top; up = parent.get(top))
            top = up;
        for (let at = id, up = parent.get(at); up !== undefined && up !== top; at = up, up = parent.get(at))
            parent.set(at, top);
        return top;
    };
    for (const scope of scopes) {
        if (scope.vexOrder === undefined)
            continue;
        const [first, ...others] = [scope.id, ...(scope.aliases ?? [])].map(idKey);
        if (first === undefined)
            continue;
        for (const other of others) {
            const [a, b] = [root(first), root(other)];
            if (a === b)
                continue;
            const [big, small] = (size.get(a) ?? 1) >= (size.get(b) ?? 1) ? [a, b] : [b, a];
            parent.set(small, big);
            size.set(big, (size.get(big) ?? 1) + (size.get(small) ?? 1));
        }
    }
    return root;
}
/**
 * A rule of the workflow or policy file accepts the vulnerability in this package; else the VEX statement about it
 * that came last does, when it says not_affected or fixed.
 */
function ruleForPackage(id, pkg, index) {
    const name = (0,_finding_js__WEBPACK_IMPORTED_MODULE_0__/* .asciiLower */ .F)(pkg.name);
    const list = index.rules.get(id);
    const grouped = list ? groupedByPackage(list) : undefined;
    const named = (grouped?.byName.get(name) ?? []).filter((rule) => packageMatches(rule, pkg));
    // Every rule of the workflow or file that covers the package is in use, though the first one gives the reason.
    const ownNamed = named.filter((rule) => rule.vexOrder === undefined);
    if (grouped && (ownNamed.length > 0 || grouped.ownUnscoped.length > 0)) {
        return { rule: firstOf([ownNamed[0], grouped.ownUnscoped[0]], grouped.position), matched: ownNamed, unscoped: grouped.ownUnscoped };
    }
    const affectedList = index.affected.get(index.aliasKey(id));
    const affected = affectedList ? groupedByPackage(affectedList) : undefined;
    const affectedNamed = (affected?.byName.get(name) ?? []).filter((claim) => packageMatches(claim, pkg));
    const vexNamed = named.filter((rule) => rule.vexOrder !== undefined);
    // A rule beats an affected statement of the same order, as when rules were tried first.
    const latest = latestOf([latestFor(grouped, vexNamed), latestFor(affected, affectedNamed)]);
    return { rule: latest && 'reason' in latest ? latest : undefined, matched: vexNamed, unscoped: grouped?.vexUnscoped ?? [] };
}
/**
 * Whether ignore rules accept the finding: only when they accept it in every package it names. Every rule about some
 * package of it goes into `used` (so it is not stale); a list of rules naming no package goes in once per run.
 */
function acceptance(finding, index, used, usedLists) {
    const id = idKey(finding.id);
    if (!index.rules.has(id))
        return { uncovered: [] };
    const accepting = [];
    const uncovered = [];
    for (const pkg of packagesOf(finding)) {
        const { rule, matched, unscoped } = ruleForPackage(id, pkg, index);
        for (const each of matched)
            used.add(each);
        if (!usedLists.has(unscoped)) {
            for (const each of unscoped)
                used.add(each);
            usedLists.add(unscoped);
        }
        if (rule)
            accepting.push(rule);
        else
            uncovered.push(pkg.name || '(no package name)');
    }
    if (accepting.length > 0 && uncovered.length === 0)
        return { rule: accepting[0], uncovered };
    return { uncovered: accepting.length > 0 ? uncovered : [] };
}
function listNames(names) {
    return (0,_log_safety_js__WEBPACK_IMPORTED_MODULE_1__/* .listed */ .KE)(names.map((name) => (name.length > 100 ? `${name.slice(0, 100)}…` : name)), 3);
}
function emptyCounts() {
    const bySeverity = Object.fromEntries(_finding_js__WEBPACK_IMPORTED_MODULE_0__/* .SEVERITIES */ .oC.map((s) => [s, { found: 0, blocking: 0, ignored: 0 }]));
    return { total: 0, blocking: 0, ignored: 0, suppressed: 0, bySeverity };
}
// Reasons repeat from finding to finding (one per severity, rule or status): each is made once per decide() and
// shared, where a template per finding left 100,000 copies on the heap, most of what deciding kept alive besides the
// findings.
function memo(make) {
    const texts = new Map();
    return (key) => {
        let text = texts.get(key);
        if (text === undefined) {
            text = make(key);
            texts.set(key, text);
        }
        return text;
    };
}
function candidateReasons(policy) {
    return {
        belowThreshold: `below the severity threshold ${policy.severityThreshold}`,
        belowMinScore: memo((score) => `score ${score} is below min-score ${policy.minScore}`),
        atOrAbove: memo((severity) => `${severity} at or above ${policy.severityThreshold}`),
        basicAtOrAbove: memo((severity) => `${severity} at or above ${policy.severityThreshold}; basic scanning gives no fix data, so only-fixed cannot exempt it`)
    };
}
function candidateDecision(finding, policy, reasons) {
    if (policy.blockExploitable && finding.exploitAvailable === 'YES') {
        return { finding, decision: 'blocking', reason: 'a known exploit is available (block-exploitable)' };
    }
    if (policy.severityThreshold === 'NONE' || (0,_finding_js__WEBPACK_IMPORTED_MODULE_0__/* .severityRank */ .qs)(finding.severity) < (0,_finding_js__WEBPACK_IMPORTED_MODULE_0__/* .severityRank */ .qs)(policy.severityThreshold)) {
        return { finding, decision: 'below-threshold', reason: reasons.belowThreshold };
    }
    // An unknown score cannot prove the finding harmless, so it keeps blocking.
    if (policy.minScore !== undefined && finding.score !== undefined && finding.score < policy.minScore) {
        return { finding, decision: 'below-min-score', reason: reasons.belowMinScore(finding.score) };
    }
    if (policy.onlyFixed && finding.kind === 'enhanced' && finding.fixAvailable === 'NO') {
        return { finding, decision: 'no-fix', reason: 'no fix is available (only-fixed)' };
    }
    const why = policy.onlyFixed && finding.kind === 'basic'
        ? reasons.basicAtOrAbove(finding.severity)
        : reasons.atOrAbove(finding.severity);
    return { finding, decision: 'blocking', reason: why };
}
/**
 * The warning only-fixed needs when it could not exempt findings because basic scanning gives no fix data: without it
 * a reader of the summary or the log would see only-fixed on and unfixable findings blocking, and no reason.
 */
function onlyFixedWarnings(policy, verdict) {
    if (!policy.onlyFixed)
        return [];
    const basic = verdict.decided.filter(({ finding, decision }) => decision === 'blocking' && finding.kind === 'basic').length;
    if (basic === 0)
        return [];
    const findings = basic === 1 ? '1 blocking finding comes' : `${basic} blocking findings come`;
    return [
        `only-fixed is true, but ${findings} from basic scanning, which gives no fix data: only-fixed cannot exempt ` +
            `${basic === 1 ? 'it' : 'them'}, so ${basic === 1 ? 'it blocks' : 'they block'} whether or not a fix exists. ` +
            'Enhanced scanning (Amazon Inspector) reports fixes.'
    ];
}
/** The gate's decision: pure, so every rule is testable without I/O. */
function decide(findings, policy, options) {
    // Rules for other images (VEX products) are neither applied, stale nor expired: they are simply not about this one.
    const rules = policy.ignore.filter((rule) => ruleAppliesToImage(rule, options.image));
    const activeRules = rules.filter((rule) => isRuleActive(rule, options.now));
    const affected = (policy.vexAffected ?? []).filter((claim) => ruleAppliesToImage(claim, options.image));
    const aliasKey = aliasKeys([...rules, ...affected]);
    const index = { rules: indexRules(activeRules), affected: indexRules(affected, (id) => aliasKey(idKey(id))), aliasKey };
    const expiredRules = rules.filter((rule) => !isRuleActive(rule, options.now));
    const usedRules = new Set();
    const usedLists = new WeakSet();
    const baseline = options.baseline;
    const reasons = candidateReasons(policy);
    const suppressedReason = memo((status) => `Inspector status ${status}`);
    const ignoredReason = memo((rule) => `${rule.reason} (${rule.source})`);
    const decided = findings.map((finding) => {
        if ((0,_finding_js__WEBPACK_IMPORTED_MODULE_0__/* .isSuppressed */ .Bx)(finding)) {
            return { finding, decision: 'suppressed', reason: suppressedReason(finding.inspectorStatus) };
        }
        const accepted = acceptance(finding, index, usedRules, usedLists);
        const inBaseline = baseline !== undefined && findingKeys(finding).every((key) => baseline.has(key));
        if (accepted.rule) {
            const ignored = { finding, decision: 'ignored', reason: ignoredReason(accepted.rule) };
            if (inBaseline)
                ignored.inBaseline = true;
            return ignored;
        }
        if (inBaseline) {
            return { finding, decision: 'not-new', reason: 'already present in the baseline image' };
        }
        const decision = candidateDecision(finding, policy, reasons);
        if (accepted.uncovered.length > 0 && decision.decision === 'blocking') {
            decision.reason += `; ignore rules accept it in some packages but not in ${listNames(accepted.uncovered)}`;
        }
        return decision;
    });
    applyBudgets(decided, policy);
    const counts = emptyCounts();
    for (const { finding, decision } of decided) {
        if (decision === 'suppressed') {
            counts.suppressed++;
            continue;
        }
        const row = counts.bySeverity[finding.severity];
        counts.total++;
        row.found++;
        if (decision === 'blocking') {
            counts.blocking++;
            row.blocking++;
        }
        else if (decision === 'ignored') {
            counts.ignored++;
            row.ignored++;
        }
    }
    return {
        result: counts.blocking > 0 ? 'fail' : 'pass',
        decided,
        counts,
        expiredRules,
        staleRules: activeRules.filter((rule) => !usedRules.has(rule))
    };
}
function applyBudgets(decided, policy) {
    for (const severity of _finding_js__WEBPACK_IMPORTED_MODULE_0__/* .SEVERITIES */ .oC) {
        const budget = policy.max[severity];
        if (budget === undefined)
            continue;
        // Exploitable findings block whatever the budget: block-exploitable is a hard line.
        const inBudget = decided.filter((d) => d.decision === 'blocking' &&
            d.finding.severity === severity &&
            !(policy.blockExploitable && d.finding.exploitAvailable === 'YES'));
        if (inBudget.length > budget)
            continue;
        const reason = `${inBudget.length} ${severity} within the budget of ${budget}`;
        for (const d of inBudget) {
            d.decision = 'within-budget';
            d.reason = reason;
        }
    }
}


/***/ }),

/***/ 8903:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   EM: () => (/* binding */ proxySettings),
/* harmony export */   FF: () => (/* binding */ proxyCredentials),
/* harmony export */   iJ: () => (/* binding */ proxyFor),
/* harmony export */   rN: () => (/* binding */ proxyRefusalAdvice)
/* harmony export */ });
// A self-hosted runner behind a proxy hands its steps HTTPS_PROXY (HTTP_PROXY for http: hosts) and NO_PROXY. The AWS
// SDK never reads them; Node's agents do when given them (`proxyEnv`, Node 24.5 and later, which node24 is; an older
// Node ignores the option). Node reads them more strictly than the Actions toolkit, curl or the AWS CLI do, and echoes
// a URL it cannot parse, password and all, in its error: so the ECR client, and the PR comment, get them as those
// tools read them.
const PROXY_VARIABLES = [
    ['HTTPS_PROXY', 'https_proxy'],
    ['HTTP_PROXY', 'http_proxy']
];
// Never through a proxy, as the toolkit has it: LocalStack and other test endpoints on the runner itself.
const LOOPBACK = ['localhost', '127.0.0.0-127.255.255.255', '::1'];
/**
 * The runner's proxy settings as Node's agents should get them: lower case winning over upper case (as Node and the
 * toolkit read them), a URL without a scheme taken as http://, NO_PROXY's plain domains matching their subdomains too
 * (`amazonaws.com` covers ECR's hosts, as in curl and the toolkit) and loopback never proxied. A URL that cannot be
 * parsed is left out with a warning that does not quote it.
 */
function proxySettings(environment) {
    const env = {};
    const warnings = [];
    for (const [upper, lower] of PROXY_VARIABLES) {
        const name = environment[lower] ? lower : upper;
        const value = environment[name]?.trim();
        if (!value)
            continue;
        const url = proxyUrl(value);
        if (url)
            env[upper] = url;
        else {
            warnings.push(`${name} is set but is no http(s) URL the gate can use, so ECR and GitHub are called without that proxy. ` +
                'Percent-encode any / # ? @ : in its user name and password.');
        }
    }
    if (Object.keys(env).length === 0)
        return { warnings };
    const listed = (environment.no_proxy || environment.NO_PROXY || '').split(/[,\s]+/).filter(Boolean);
    const bypass = new Set([...listed, ...listed.filter(isPlainDomain).map((domain) => `.${domain}`), ...LOOPBACK]);
    env.NO_PROXY = [...bypass].join(',');
    return { env, warnings };
}
function proxyUrl(value) {
    const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
    try {
        const url = new URL(withScheme);
        if (url.protocol !== 'http:' && url.protocol !== 'https:')
            return undefined;
        // Node percent-decodes the user and password when it builds the agent, and throws (outside any handler) at a `%`
        // that starts no escape: such a `%` is the password's own character.
        url.username = literalPercents(url.username);
        url.password = literalPercents(url.password);
        return url.href;
    }
    catch {
        return undefined;
    }
}
function literalPercents(text) {
    return text.replace(/%(?![0-9a-f]{2})/gi, '%25');
}
// A name such as amazonaws.com: not `.x`, `*.x`, `*`, an IP range (`a-b` with digits) or `host:port`.
function isPlainDomain(entry) {
    return /^[a-z0-9][a-z0-9.-]*$/i.test(entry) && /[a-z]/i.test(entry) && !entry.includes('..');
}
/**
 * The proxy a request to url goes through with these settings (as Node's agents choose it), or undefined when none
 * is set for its scheme or NO_PROXY lists its host: what the PR comment uses, so that it takes the path ECR takes.
 */
function proxyFor(url, settings) {
    const proxy = url.protocol === 'https:' ? settings.env?.HTTPS_PROXY : settings.env?.HTTP_PROXY;
    if (!proxy)
        return undefined;
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
    const port = url.port || (url.protocol === 'https:' ? '443' : '80');
    const listed = (settings.env?.NO_PROXY ?? '').split(',').map((entry) => entry.trim().toLowerCase());
    return listed.some((entry) => bypasses(entry, host, port)) ? undefined : proxy;
}
// Node's NO_PROXY matching (node:internal/http, ProxyConfig.shouldUseProxy), which the ECR client's agents apply.
function bypasses(entry, host, port) {
    if (entry === '*' || entry === host || entry === `${host}:${port}`)
        return true;
    if (entry.startsWith('.')) {
        const suffix = entry.slice(1);
        if (host === suffix || host.endsWith(`.${suffix}`))
            return true;
    }
    if (entry.startsWith('*.') && host.endsWith(entry.slice(1)))
        return true;
    const [start = '', end = ''] = entry.split('-').map((part) => part.trim());
    return isIPv4(host) && isIPv4(start) && isIPv4(end) && ipv4(start) <= ipv4(host) && ipv4(host) <= ipv4(end);
}
function isIPv4(text) {
    return /^(?:\d{1,3}\.){3}\d{1,3}$/.test(text) && text.split('.').every((part) => Number(part) <= 255);
}
function ipv4(text) {
    return text.split('.').reduce((value, part) => value * 256 + Number(part), 0);
}
/**
 * The credentials the proxy variables hold, in every form a message may quote them: the user and password part as
 * written and percent-decoded, and the password alone. Read from the raw text, so a URL that does not parse (whose
 * whole text Node quotes in its error) is covered too.
 */
function proxyCredentials(environment) {
    const found = new Set();
    for (const name of PROXY_VARIABLES.flat()) {
        const value = environment[name] ?? '';
        const at = value.lastIndexOf('@');
        if (at < 0)
            continue;
        const start = value.indexOf('//');
        const userinfo = value.slice(start >= 0 && start < at ? start + 2 : 0, at);
        const password = userinfo.includes(':') ? userinfo.slice(userinfo.indexOf(':') + 1) : '';
        for (const raw of [userinfo, password]) {
            if (!raw)
                continue;
            found.add(raw);
            found.add(decoded(raw));
        }
    }
    return [...found];
}
function decoded(text) {
    try {
        return decodeURIComponent(text);
    }
    catch {
        return text;
    }
}
/**
 * What to do about a proxy that refused to connect with HTTP `status`, for the proxy named by `variable` and the host
 * it refused (`host`, as a user would name it); undefined for a refusal with nothing to check but the proxy itself.
 */
function proxyRefusalAdvice(status, variable, host) {
    if (status === 407)
        return `Check the user name and password in ${variable} (percent-encoded).`;
    if (status === 403) {
        return `The proxy's rules refuse ${host}: have it allowed, or list it in NO_PROXY if the runner reaches it directly.`;
    }
    return undefined;
}


/***/ }),

/***/ 665:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   b: () => (/* binding */ outcome),
/* harmony export */   k: () => (/* binding */ decidedVerdict)
/* harmony export */ });
/** The one-word outcome shown first in every report. */
function outcome(report) {
    return report.error !== undefined || !report.verdict ? 'undecided' : report.verdict.result;
}
/**
 * The verdict of a run that decided, else undefined: an error after the verdict (a file that cannot be written) makes
 * the run undecided, and its counts and findings must not read as a verdict.
 */
function decidedVerdict(report) {
    return outcome(report) === 'undecided' ? undefined : report.verdict;
}


/***/ }),

/***/ 7077:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   W: () => (/* binding */ TextSet),
/* harmony export */   q: () => (/* binding */ setKey)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);

// V8 hashes a string longer than this by its length alone, so a Set of such strings is one bucket, and each insert
// compares the new string with every one there: 8,000 keys of 20,000 characters took a minute to add.
const LONGEST_HASHED = 16_383;
/**
 * Text as a Set or Map key that hashes by its content: a longer one becomes `sha256:` and the hex SHA-256 of its UTF-16
 * code units (UTF-8 would turn every lone surrogate into U+FFFD, and two texts into one key). No short key of a caller
 * has that form: ids are upper-cased, baseline keys hold `|`, SARIF identities open with `[`, VEX keys with a digit or
 * `{`.
 */
function setKey(text) {
    return text.length > LONGEST_HASHED ? `sha256:${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.hash)('sha256', Buffer.from(text, 'utf16le'), 'hex')}` : text;
}
/** A Set of texts in which long ones are found by their hash (see setKey), iterated as the texts themselves. */
class TextSet {
    #short = new Set();
    // Apart from the short ones, so that no text can pass for a long one by being its hash.
    #long = new Map();
    constructor(texts = []) {
        for (const text of texts)
            this.add(text);
    }
    add(text) {
        if (text.length > LONGEST_HASHED)
            this.#long.set(setKey(text), text);
        else
            this.#short.add(text);
        return this;
    }
    has(text) {
        return text.length > LONGEST_HASHED ? this.#long.has(setKey(text)) : this.#short.has(text);
    }
    get size() {
        return this.#short.size + this.#long.size;
    }
    *[Symbol.iterator]() {
        yield* this.#short;
        yield* this.#long.values();
    }
}


/***/ }),

/***/ 3113:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ProxyAgent: () => (/* binding */ ProxyAgent),
/* harmony export */   fetch: () => (/* binding */ fetch),
/* harmony export */   loadUndici: () => (/* binding */ loadUndici)
/* harmony export */ });
let loaded;
/** Loads undici itself, for ProxyAgent and fetch below; comment.ts awaits it before it imports @actions/github. */
async function loadUndici() {
    // `undici/index.js`, not `undici`: the bare name is mapped to this module.
    const { ProxyAgent, fetch } = await __webpack_require__.e(/* import() */ 752).then(__webpack_require__.t.bind(__webpack_require__, 6752, 19));
    loaded ??= { ProxyAgent, fetch };
}
function undici() {
    // A bug, not a user's mistake: something reached undici without the comment's loadUndici.
    if (!loaded)
        throw new Error('undici was used before loadUndici() loaded it');
    return loaded;
}
/** undici's ProxyAgent (what the comment and @actions/http-client build for a proxy), once loadUndici has run. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
class ProxyAgent {
    constructor(...args) {
        // A constructor that returns an object makes `new` give that object: the caller gets undici's own ProxyAgent.
        return new (undici().ProxyAgent)(...args);
    }
}
/** undici's fetch (what the comment and @actions/github send through a proxy), once loadUndici has run. */
function fetch(...args) {
    return undici().fetch(...args);
}


/***/ }),

/***/ 3207:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E: () => (/* binding */ readUserFile)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _checkout_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5087);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3916);



/**
 * Reads a file the user named (the policy file, a VEX document), refusing one over the limit before reading it, and
 * one in the checkout (`root`) that a link takes elsewhere: its text can end up quoted in an error, and so in the
 * summary and a pull request comment. Every failure is a ConfigurationError that starts with `subject` and says why.
 */
async function readUserFile(path, subject, limit, root) {
    try {
        const problem = await (0,_checkout_js__WEBPACK_IMPORTED_MODULE_1__/* .checkoutPathProblem */ .bJ)(path, root);
        if (problem) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ConfigurationError */ .j1(`${subject} is not read: ${problem} (looked at ${path}). Commit the file itself.`);
        }
        const { size } = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.stat)(path);
        if (size > limit.maxBytes) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ConfigurationError */ .j1(`${subject} is ${(size / (1 << 20)).toFixed(1)} MB; ${limit.kind} is at most ${limit.maxBytes >> 20} MB. ${limit.advice}`);
        }
        return await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)(path, 'utf8');
    }
    catch (error) {
        if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ConfigurationError */ .j1)
            throw error;
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ConfigurationError */ .j1(`${subject} cannot be read: ${unreadableBecause(error)} (looked at ${path}).`);
    }
}
function unreadableBecause(error) {
    const code = error.code;
    if (code === 'ENOENT')
        return 'it does not exist';
    if (code === 'EISDIR')
        return 'it is a directory';
    if (code === 'EACCES')
        return 'permission denied';
    return error.message;
}


/***/ })

};
