import { describe, expect, it } from 'vitest'
import { normaliseScore, parseCommandScore, recommendationsOf } from '../../src/domain/quality-score.js'

describe('normaliseScore (BEAST MODE API answers, to 0–100)', () => {
  it.each([
    [{ quality: 0.734 }, 73.4],
    [{ quality: 1 }, 100],
    [{ quality: 0 }, 0],
    [{ score: 88 }, 88],
    [{ quality: 0.6, score: 12 }, 60],
    [{ quality: 72 }, 72],
    [{ quality: -1, score: 50 }, 50],
    [{ quality: '0.9' }, null],
    [{ score: 101 }, null],
    [{ status: 'ok' }, null],
    [null, null]
  ])('%j → %s', (body, expected) => {
    expect(normaliseScore(body)).toBe(expected)
  })
})

describe('parseCommandScore (CLI output)', () => {
  it.each([
    ['Analyzing repository...\nQuality check complete: 82/100\n', 82],
    ['Quality score: 67.5 / 100', 67.5],
    ['first 10/100 then 90/100', 90],
    ['{"score": 77}', 77],
    ['log line\n{"quality": 0.91, "issues": 3}', 91],
    ['¯\\_(ツ)_/¯ everything is fine', null],
    ['Progress 250/1000', null]
  ])('%j → %s', (output, expected) => {
    expect(parseCommandScore(output)).toBe(expected)
  })
})

describe('recommendationsOf', () => {
  it('takes up to five, as text, from strings or objects', () => {
    const body = {
      recommendations: ['a', { title: 'b' }, { message: 'c' }, { description: 'd' }, 42, 'e', 'f']
    }
    expect(recommendationsOf(body)).toEqual(['a', 'b', 'c', 'd', 'e'])
  })
})
