export const id = 774;
export const ids = [774];
export const modules = {

/***/ 8774:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   parsePolicyFile: () => (/* binding */ parsePolicyFile)
/* harmony export */ });
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8815);
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(9691);
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(8532);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3916);
/* harmony import */ var _finding_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2018);
/* harmony import */ var _log_safety_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8224);
/* harmony import */ var _policy_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(1237);
/* harmony import */ var _suggest_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(2969);







const TOP_KEYS = ['severity-threshold', 'only-fixed', 'block-exploitable', 'min-score', 'max', 'ignore'];
const RULE_KEYS = ['id', 'package', 'reason', 'expires'];
/** What each field accepts, in the words the error messages use. */
const ACCEPTS = {
    document: `a mapping of settings (${TOP_KEYS.join(', ')})`,
    'severity-threshold': `one of ${_policy_js__WEBPACK_IMPORTED_MODULE_4__/* .THRESHOLDS */ .Rm.join(', ')} (any case)`,
    'only-fixed': 'true or false',
    'block-exploitable': 'true or false',
    'min-score': 'a number from 0 to 10',
    max: `a mapping of severity to a budget, such as HIGH: 5 (severities: ${_finding_js__WEBPACK_IMPORTED_MODULE_2__/* .SEVERITIES */ .oC.join(', ')})`,
    budget: 'a whole number, 0 or more',
    ignore: 'a list of rules, each a mapping with id, reason, and optionally package and expires',
    rule: 'a mapping with id, reason, and optionally package and expires',
    id: 'a vulnerability id such as CVE-2023-1234 or GHSA-xxxx-xxxx-xxxx, without spaces',
    package: 'a package name such as openssl (leave package out to cover every package)',
    reason: 'a non-empty text saying why the finding is accepted',
    expires: 'a date YYYY-MM-DD, the last day (UTC) on which the rule applies (leave expires out for no end)'
};
function show(value) {
    if (value === null)
        return 'nothing';
    if (value instanceof Date)
        return Number.isNaN(value.getTime()) ? 'an invalid date' : value.toISOString();
    if (Array.isArray(value))
        return 'a list';
    if (ArrayBuffer.isView(value))
        return 'binary data (!!binary)';
    if (typeof value === 'object')
        return 'a mapping';
    const text = JSON.stringify(value) ?? String(value);
    return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
// YAML 1.2 keeps 2026-12-31 a string (a %YAML 1.1 file, which would make it a Date, is refused before this).
const expiryDate = zod__WEBPACK_IMPORTED_MODULE_5__/* .unknown */ .L5J().transform((value, ctx) => {
    let day;
    if (typeof value === 'string') {
        const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
        if (match && (0,_policy_js__WEBPACK_IMPORTED_MODULE_4__/* .isCalendarDay */ .Lk)(Number(match[1]), Number(match[2]), Number(match[3])))
            day = match[0];
    }
    if (day === undefined) {
        ctx.addIssue({ code: 'custom', message: `got ${show(value)}; expected ${ACCEPTS.expires}`, input: value });
        return zod__WEBPACK_IMPORTED_MODULE_6__/* .NEVER */ .tm;
    }
    return day;
});
// What a reviewer cannot see (bidi overrides, zero-width and control characters) must not be part of what a rule
// matches: "kr\u202Eb5" shows as other text, yet once cleaned for display it matched krb5.
const VISIBLE = /^[^\p{Cc}\p{Cf}]*$/u;
// A key with no value is an error, not "every package" or "never expires": an unfinished line must not widen a rule.
const ruleSchema = zod__WEBPACK_IMPORTED_MODULE_5__/* .strictObject */ .rej({
    id: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP().trim().regex(/^\S+$/).regex(VISIBLE),
    package: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP().trim().min(1).regex(VISIBLE).optional(),
    reason: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP().trim().min(1),
    expires: expiryDate.optional()
});
const budgets = zod__WEBPACK_IMPORTED_MODULE_5__/* .record */ .g1P(zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP(), zod__WEBPACK_IMPORTED_MODULE_5__/* .int */ .Whr().min(0)).superRefine((value, ctx) => {
    const seen = new Map();
    for (const key of Object.keys(value)) {
        const upper = key.toUpperCase();
        if (!_finding_js__WEBPACK_IMPORTED_MODULE_2__/* .SEVERITIES */ .oC.includes(upper)) {
            const message = `unknown severity${(0,_suggest_js__WEBPACK_IMPORTED_MODULE_7__/* .suggest */ .Z)(key, _finding_js__WEBPACK_IMPORTED_MODULE_2__/* .SEVERITIES */ .oC)}; accepted: ${_finding_js__WEBPACK_IMPORTED_MODULE_2__/* .SEVERITIES */ .oC.join(', ')}`;
            ctx.addIssue({ code: 'custom', path: [key], message });
        }
        else if (seen.has(upper)) {
            const message = `${upper} is given twice (as ${seen.get(upper)} and ${key})`;
            ctx.addIssue({ code: 'custom', path: [key], message });
        }
        seen.set(upper, key);
    }
});
// A setting with no value is an error too: falling back to the default could weaken the gate (severity-threshold:
// left unfinished meant CRITICAL). An empty section (ignore:, max:) is no rules and no budgets, the strictest reading.
const fileSchema = zod__WEBPACK_IMPORTED_MODULE_5__/* .strictObject */ .rej({
    'severity-threshold': zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP()
        .transform((value) => value.trim().toUpperCase())
        .pipe(zod__WEBPACK_IMPORTED_MODULE_5__/* ["enum"] */ .k5n(_policy_js__WEBPACK_IMPORTED_MODULE_4__/* .THRESHOLDS */ .Rm))
        .optional(),
    'only-fixed': zod__WEBPACK_IMPORTED_MODULE_5__/* .boolean */ .zMY().optional(),
    'block-exploitable': zod__WEBPACK_IMPORTED_MODULE_5__/* .boolean */ .zMY().optional(),
    'min-score': zod__WEBPACK_IMPORTED_MODULE_5__/* .number */ .aig().min(0).max(10).optional(),
    max: budgets.nullish(),
    ignore: zod__WEBPACK_IMPORTED_MODULE_5__/* .array */ .YOg(ruleSchema).nullish()
});
function acceptsAt(parts) {
    const last = parts[parts.length - 1];
    if (last === undefined)
        return ACCEPTS.document ?? '';
    if (typeof last === 'number')
        return ACCEPTS.rule ?? '';
    if (parts[0] === 'max' && parts.length === 2)
        return ACCEPTS.budget ?? '';
    return ACCEPTS[String(last)] ?? '';
}
/** Maps a path in the parsed data to the line of the YAML that holds it (the deepest part that exists). */
function lineAt(doc, lines, parts, keyLine) {
    let node = doc.contents;
    let offset = node?.range?.[0] ?? 0;
    for (const [i, part] of parts.entries()) {
        if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isMap */ .jh)(node)) {
            const pair = node.items.find((item) => String(item.key?.value) === String(part));
            if (!pair)
                break;
            const key = pair.key;
            const value = pair.value;
            const onKey = keyLine && i === parts.length - 1;
            offset = (onKey ? key?.range?.[0] : (value?.range?.[0] ?? key?.range?.[0])) ?? offset;
            node = pair.value;
        }
        else if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isSeq */ .oP)(node) && typeof part === 'number') {
            const item = node.items[part];
            if (!item)
                break;
            offset = item.range?.[0] ?? offset;
            node = item;
        }
        else {
            break;
        }
    }
    return lines.linePos(offset).line;
}
// The file is the repository's, so a pull request can make it anything up to the size limit: tens of thousands of
// problems would each cost a walk of their mapping (lineAt). The first ones by line say what is wrong; the rest are
// counted. Lines are found for the first PROBLEMS_LOCATED in the schema's order, which puts no early line far back.
const PROBLEMS_SHOWN = 20;
const PROBLEMS_LOCATED = 200;
function problemsOf(issue, doc, lines) {
    if (issue.code === 'unrecognized_keys') {
        const accepted = issue.path.length === 0 ? TOP_KEYS : RULE_KEYS;
        return issue.keys.slice(0, PROBLEMS_LOCATED).map((key) => {
            const where = [...issue.path, key];
            return {
                line: lineAt(doc, lines, where, true),
                text: `${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .documentPath */ .jW)(where)}: unknown key${(0,_suggest_js__WEBPACK_IMPORTED_MODULE_7__/* .suggest */ .Z)(key, accepted)}; accepted keys: ${accepted.join(', ')}`
            };
        });
    }
    const field = (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .documentPath */ .jW)(issue.path) || 'the document';
    const custom = issue.code === 'custom';
    const got = issue.input === undefined ? 'missing' : `got ${show(issue.input)}`;
    return [
        {
            line: lineAt(doc, lines, issue.path, custom && issue.path[0] === 'max'),
            text: custom ? `${field}: ${issue.message}` : `${field}: ${got}; expected ${acceptsAt(issue.path)}`
        }
    ];
}
function fail(label, problems, total = problems.length) {
    // Trailing dots cut with a loop: /\.+$/ on a key of 200,000 dots backtracks quadratically.
    const sorted = problems
        .map((p) => ({ ...p, text: withoutTrailingDots(p.text) }))
        .sort((a, b) => a.line - b.line)
        .slice(0, PROBLEMS_SHOWN);
    const [only] = sorted;
    if (only && total === 1)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ConfigurationError */ .j1(`Policy file ${label}, line ${only.line}, ${only.text}.`);
    const more = total > sorted.length ? `\n  and ${total - sorted.length} more` : '';
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ConfigurationError */ .j1(`Policy file ${label} has ${total} errors:\n${sorted.map((p) => `  line ${p.line}, ${p.text}`).join('\n')}${more}`);
}
function withoutTrailingDots(text) {
    let end = text.length;
    while (end > 0 && text[end - 1] === '.')
        end--;
    return text.slice(0, end);
}
/**
 * Keys given twice in one mapping, in one pass: the YAML library's own check (uniqueKeys) compares every key with
 * every other, minutes for a file of 100,000 keys.
 */
function duplicateKeys(doc, lines) {
    const problems = [];
    (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .visit */ .YR)(doc, {
        Map(_, map) {
            const seen = new Set();
            for (const { key } of map.items) {
                // `*k :` is the anchored key again: to a reader it looks like another key, and the later value would win.
                const node = (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isAlias */ .Vj)(key) ? key.resolve(doc) : key;
                const value = (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isScalar */ .jn)(node) ? node.value : node;
                if (!seen.has(value)) {
                    seen.add(value);
                    continue;
                }
                const offset = key?.range?.[0] ?? 0;
                const name = typeof value === 'string' || typeof value === 'number' ? `"${(0,_log_safety_js__WEBPACK_IMPORTED_MODULE_3__/* .oneLine */ .TN)(String(value), 60)}"` : 'a key';
                problems.push({ line: lines.linePos(offset).line, text: `${name} is given twice; keep one (YAML keys must be unique)` });
            }
        }
    });
    return problems;
}
const MULTIPLE_DOCS = 'the file holds more than one YAML document (a --- separator); keep one';
const YAML_1_1 = 'the file asks for YAML 1.1 (%YAML 1.1), which reads yes and no as booleans and shifts dates with a UTC offset; remove the directive, the file is read as YAML 1.2';
// The parser recurses once per level of nesting: some thousands deep, the stack (even a regular expression's) runs out,
// and its messages would say so in the engine's words, once per level of the parser that noticed.
const STACK_EXHAUSTED = /Maximum call stack size exceeded|Stack overflow/;
const TOO_DEEP = 'nested too deeply to read; a policy file needs three levels at most (the settings, the ignore list, a rule)';
/** Parses and validates a policy file's text; errors name the file, the line and the field, and what is accepted. */
function parsePolicyFile(text, label) {
    const lines = new yaml__WEBPACK_IMPORTED_MODULE_0__/* .LineCounter */ .HN();
    const doc = (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .parseDocument */ .Tp)(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
    const tooDeep = doc.errors.find((error) => STACK_EXHAUSTED.test(error.message));
    if (tooDeep)
        fail(label, [{ line: lines.linePos(tooDeep.pos[0]).line, text: TOO_DEEP }]);
    if (doc.errors.length > 0) {
        fail(label, doc.errors.slice(0, PROBLEMS_LOCATED).map((error) => ({
            line: lines.linePos(error.pos[0]).line,
            // The parser's own advice for this one names a library function, which means nothing to the user.
            text: `not valid YAML: ${error.code === 'MULTIPLE_DOCS' ? MULTIPLE_DOCS : error.message}`
        })), doc.errors.length);
    }
    // YAML 1.1 reads `no` as false and a time with an offset as another day: the file's meaning must not depend on it.
    if (doc.directives?.yaml.version === '1.1')
        fail(label, [{ line: 1, text: YAML_1_1 }]);
    const duplicates = duplicateKeys(doc, lines);
    if (duplicates.length > 0)
        fail(label, duplicates);
    let data;
    try {
        data = doc.toJS({ maxAliasCount: 100 });
    }
    catch (error) {
        const { message } = error;
        fail(label, [{ line: 1, text: STACK_EXHAUSTED.test(message) ? TOO_DEEP : `not valid YAML: ${message}` }]);
    }
    // An empty file (or one whose settings are all commented out) is a valid, empty policy.
    const parsed = fileSchema.safeParse(data ?? {}, { reportInput: true });
    if (!parsed.success) {
        const { issues } = parsed.error;
        const total = issues.reduce((sum, issue) => sum + (issue.code === 'unrecognized_keys' ? issue.keys.length : 1), 0);
        fail(label, issues.slice(0, PROBLEMS_LOCATED).flatMap((issue) => problemsOf(issue, doc, lines)).slice(0, PROBLEMS_LOCATED), total);
    }
    const settings = parsed.data;
    const source = `policy file ${label}`;
    const max = {};
    for (const [key, budget] of Object.entries(settings.max ?? {}))
        max[key.toUpperCase()] = budget;
    return {
        severityThreshold: settings['severity-threshold'],
        onlyFixed: settings['only-fixed'],
        blockExploitable: settings['block-exploitable'],
        minScore: settings['min-score'],
        max: settings.max ? max : undefined,
        ignore: (settings.ignore ?? []).map((rule) => ({
            id: rule.id,
            ...(rule.package ? { package: (0,_log_safety_js__WEBPACK_IMPORTED_MODULE_3__/* .oneLine */ .TN)(rule.package, 200) } : {}),
            // A block scalar may span lines; the reason shows in tables and annotations as one.
            reason: (0,_log_safety_js__WEBPACK_IMPORTED_MODULE_3__/* .oneLine */ .TN)(rule.reason, 500),
            ...(rule.expires ? { expires: rule.expires } : {}),
            source
        }))
    };
}


/***/ }),

/***/ 2969:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Z: () => (/* binding */ suggest)
/* harmony export */ });
// "Did you mean ...?" for misspelt keys in the files a user writes (policy file, VEX): a typo must be easy to fix.
function editDistance(a, b) {
    const row = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
        let diagonal = row[0] ?? 0;
        row[0] = i;
        for (let j = 1; j <= b.length; j++) {
            const above = row[j] ?? 0;
            row[j] = Math.min(above + 1, (row[j - 1] ?? 0) + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
            diagonal = above;
        }
    }
    return row[b.length] ?? 0;
}
const MAX_TYPO_LENGTH = 64;
/** ` (did you mean X?)` for the accepted key closest to a misspelt one, or '' when none is close. */
function suggest(key, accepted) {
    // A typo is short; comparing a huge key letter by letter with every candidate would only cost time.
    if (key.length > MAX_TYPO_LENGTH)
        return '';
    const lower = key.toLowerCase();
    const best = accepted
        .map((candidate) => ({ candidate, distance: editDistance(lower, candidate.toLowerCase()) }))
        .sort((a, b) => a.distance - b.distance)[0];
    return best && best.distance <= Math.max(2, Math.floor(key.length / 4)) ? ` (did you mean ${best.candidate}?)` : '';
}


/***/ })

};
