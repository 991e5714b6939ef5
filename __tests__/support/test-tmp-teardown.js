// Jest's globalTeardown: removes the temporary directory test-tmp-setup.js made, unless KEEP_TEST_TMP is set (to
// look at an end-to-end run's workspace after a failure).
import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { KEPT_MARK } from './test-tmp-setup.js'

/** Removes this jest run's temporary directory. */
export default function teardown() {
  const dir = process.env.ECR_SCAN_GATE_TEST_TMP
  if (!dir) return
  if (/^(1|true|yes)$/i.test(process.env.KEEP_TEST_TMP ?? '')) {
    writeFileSync(join(dir, KEPT_MARK), '')
    process.stderr.write(`test files kept in ${dir}\n`)
    return
  }
  rmSync(dir, { recursive: true, force: true })
}
