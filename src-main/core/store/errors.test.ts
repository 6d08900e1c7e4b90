import { describe, expect, it } from 'vitest'
import { asDatabaseUnavailable, classifySqliteCode, DatabaseUnavailableError } from './errors'

function sqliteError(code: string): Error {
  return Object.assign(new Error('SQLite says no'), { code })
}

describe('database errors', () => {
  it.each([
    ['SQLITE_NOTADB', 'wrong_key_or_not_a_database'],
    ['SQLITE_CORRUPT_VTAB', 'corrupt'],
    ['SQLITE_BUSY_SNAPSHOT', 'locked'],
    ['SQLITE_FULL', 'disk_full'],
    ['SQLITE_IOERR_WRITE', 'io'],
    ['SQLITE_READONLY', 'io'],
    ['SQLITE_CONSTRAINT_NOTNULL', null],
  ])('sorts %s as %s', (code, reason) => {
    expect(classifySqliteCode(code)).toBe(reason)
  })

  it('says plainly that the disk is full, and what to do', () => {
    const error = asDatabaseUnavailable(sqliteError('SQLITE_FULL'), '/data/sessions.db')
    expect(error).toBeInstanceOf(DatabaseUnavailableError)
    expect((error as Error).message).toBe(
      'The disk that holds the database /data/sessions.db is full: free some space on it.',
    )
  })

  it('reads a full file system (ENOSPC) the same way', () => {
    const error = Object.assign(new Error('no space'), { code: 'ENOSPC', syscall: 'write' })
    expect(asDatabaseUnavailable(error, '/data/sessions.db')).toMatchObject({ reason: 'disk_full' })
  })

  it('leaves a bug a bug', () => {
    const error = sqliteError('SQLITE_CONSTRAINT_NOTNULL')
    expect(asDatabaseUnavailable(error, '/data/sessions.db')).toBe(error)
  })
})
