// Jest's globalSetup: the tests' temporary files (every end-to-end run's workspace, some with hundreds of MB of
// reports) go into one directory made for this jest run, which test-tmp-teardown.js removes, so `npm test` leaves
// nothing behind in the machine's temporary directory. A run cut short (Ctrl-C skips globalTeardown) leaves its
// directory; the next run removes it.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export const PREFIX = 'ecr-scan-gate-tests-'
/** What test-tmp-teardown.js leaves in a directory it keeps (KEEP_TEST_TMP), so that no later run removes it. */
export const KEPT_MARK = '.kept'

/** Points TMPDIR (which os.tmpdir() reads, here and in jest's workers, started after this) at a fresh directory. */
export default function setup() {
  const parent = tmpdir()
  removeAbandoned(parent)
  const dir = mkdtempSync(join(parent, `${PREFIX}${process.pid}-`))
  process.env.ECR_SCAN_GATE_TEST_TMP = dir
  process.env.TMPDIR = dir
}

/** Removes the directories of earlier jest runs that ended without their teardown: their process is gone. */
export function removeAbandoned(parent) {
  for (const name of readdirSync(parent)) {
    const pid = name.startsWith(PREFIX) ? Number(/^(\d+)-/.exec(name.slice(PREFIX.length))?.[1]) : 0
    if (!pid || isRunning(pid) || existsSync(join(parent, name, KEPT_MARK))) continue
    rmSync(join(parent, name), { recursive: true, force: true })
  }
}

function isRunning(pid) {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it runs, as someone else.
    return error.code === 'EPERM'
  }
}
