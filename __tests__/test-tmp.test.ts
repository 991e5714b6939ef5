// The test suite's own clean-up: a jest run cut short leaves its temporary directory, which the next run removes.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { KEPT_MARK, PREFIX, removeAbandoned } from './support/test-tmp-setup.js'

test("removes the directories of runs whose process is gone, and keeps running runs', kept ones and others", () => {
  const parent = mkdtempSync(join(tmpdir(), 'abandoned-'))
  try {
    // A process that has ended: its pid names no running process (until the system reuses it).
    const gone = Number(execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']))
    const dirs = {
      abandoned: `${PREFIX}${gone}-aaaaaa`,
      running: `${PREFIX}${process.pid}-bbbbbb`,
      kept: `${PREFIX}${gone}-cccccc`,
      unrelated: `other-${gone}-dddddd`
    }
    for (const name of Object.values(dirs)) mkdirSync(join(parent, name, 'workspace'), { recursive: true })
    writeFileSync(join(parent, dirs.kept, KEPT_MARK), '')
    removeAbandoned(parent)
    expect(Object.entries(dirs).filter(([, name]) => existsSync(join(parent, name))).map(([what]) => what)).toEqual([
      'running',
      'kept',
      'unrelated'
    ])
  } finally {
    rmSync(parent, { recursive: true, force: true })
  }
})
