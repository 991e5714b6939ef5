// Jest's globalSetup: the tests' temporary files (every end-to-end run's workspace, some with hundreds of MB of
// reports) go into one directory made for this jest run, which test-tmp-teardown.js removes, so `npm test` leaves
// nothing behind in the machine's temporary directory.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Points TMPDIR (which os.tmpdir() reads, here and in jest's workers, started after this) at a fresh directory. */
export default function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'ecr-scan-gate-tests-'))
  process.env.ECR_SCAN_GATE_TEST_TMP = dir
  process.env.TMPDIR = dir
}
