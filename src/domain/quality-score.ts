/**
 * BEAST MODE scores on two scales: its API answers `quality` from 0 to 1 (clamped to [0, 1] by its own route)
 * and sometimes `score` from 0 to 100; its CLI prints `Quality check complete: N/100`. Everything here is on
 * the 0–100 scale: `quality` × 100 when it is at most 1 (a `quality` above 1 is taken as already 0–100), else
 * `score`; rounded to one decimal.
 */
export function normaliseScore(body: unknown): number | null {
  if (body === null || typeof body !== 'object') return null
  const { quality, score } = body as { quality?: unknown; score?: unknown }
  if (typeof quality === 'number' && Number.isFinite(quality) && quality >= 0 && quality <= 100) {
    return round(quality <= 1 ? quality * 100 : quality)
  }
  if (typeof score === 'number' && Number.isFinite(score) && score >= 0 && score <= 100) return round(score)
  return null
}

const OUT_OF_100 = /(\d+(?:\.\d+)?)\s*\/\s*100\b/g

/** A score from a command's output: a JSON document (`score` / `quality`), else the last `N/100`. */
export function parseCommandScore(output: string): number | null {
  const trimmed = output.trim()
  const candidates = [trimmed, ...trimmed.split('\n').reverse()]
  for (const candidate of candidates) {
    if (!candidate.startsWith('{')) continue
    try {
      const score = normaliseScore(JSON.parse(candidate))
      if (score !== null) return score
    } catch {
      // not JSON: look further
    }
  }
  const matches = [...output.matchAll(OUT_OF_100)]
  const last = matches[matches.length - 1]?.[1]
  if (last === undefined) return null
  const value = Number(last)
  return value <= 100 ? round(value) : null
}

/** Up to `limit` recommendations, as text, from whatever shape BEAST MODE sent. */
export function recommendationsOf(body: unknown, limit = 5): string[] {
  const list = (body as { recommendations?: unknown } | null)?.recommendations
  if (!Array.isArray(list)) return []
  return list
    .map(item => {
      if (typeof item === 'string') return item
      const object = (item ?? {}) as Record<string, unknown>
      const text = object.title ?? object.message ?? object.description ?? object.text
      return typeof text === 'string' ? text : null
    })
    .filter((text): text is string => text !== null && text.trim() !== '')
    .slice(0, limit)
}

function round(value: number): number {
  return Math.round(value * 10) / 10
}
