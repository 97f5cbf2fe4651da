/**
 * Splits a command line into argv by a shell's quoting rules ('…' literal, "…" with \-escapes, \ outside quotes),
 * for a command that then runs without a shell. What only a shell would act on is refused rather than passed on as
 * a literal argument, because the command would then do something else than it says: operators (`&&`, `|`, `;`,
 * `>`), expansions (`$VAR`, `$(…)`, backticks, a leading `~`), comments, `NAME=value` prefixes, unclosed quotes.
 */
export function splitCommandLine(text: string): { argv: string[] } | { problem: string } {
  const argv: string[] = []
  let word: string | null = null
  const chars = Array.from(text)
  for (let index = 0; index < chars.length; index++) {
    const char = chars[index]!
    const next = chars[index + 1]
    const atWordStart = word === null
    if (char === ' ' || char === '\t') {
      if (word !== null) argv.push(word)
      word = null
    } else if (char === "'") {
      const end = chars.indexOf("'", index + 1)
      if (end < 0) return { problem: UNCLOSED }
      word = (word ?? '') + chars.slice(index + 1, end).join('')
      index = end
    } else if (char === '"') {
      let quoted = ''
      for (index++; index < chars.length && chars[index] !== '"'; index++) {
        const inner = chars[index]!
        if (inner === '\\' && ['"', '\\', '$', '`'].includes(chars[index + 1] ?? '')) {
          quoted += chars[++index]
        } else if (expands(inner, chars[index + 1])) {
          return { problem: EXPANSION }
        } else {
          quoted += inner
        }
      }
      if (index >= chars.length) return { problem: UNCLOSED }
      word = (word ?? '') + quoted
    } else if (char === '\\') {
      if (next === undefined) return { problem: 'ends with \\, but nothing continues it.' }
      word = (word ?? '') + next
      index++
    } else if (/[|&;<>()]/.test(char)) {
      return { problem: `has '${char}' in it, which only a shell understands: ${NO_SHELL}` }
    } else if (expands(char, next) || (atWordStart && char === '~')) {
      return { problem: EXPANSION }
    } else if (atWordStart && char === '#') {
      return { problem: 'has a # comment in it; no shell removes it, so remove it yourself.' }
    } else {
      word = (word ?? '') + char
    }
  }
  if (word !== null) argv.push(word)
  if (argv.length === 0) return { problem: 'has no command in it.' }
  if (/^[A-Za-z_]\w*=/.test(argv[0]!))
    return {
      problem:
        'starts with a NAME=value assignment, which only a shell understands: set environment variables in the step’s env instead.'
    }
  return { argv }
}

const UNCLOSED = 'has a quote that is not closed.'
const NO_SHELL =
  'the command runs without one. Quote it to pass it as an argument, or put one command per line (quality-commands), or call a script that does it all.'
const EXPANSION =
  "has something a shell would expand ($VAR, ${…}, $(…), `…` or ~), but the command runs without one: it inherits the job's environment, so refer to variables inside a script, or quote with '…' to pass the text as it is."

/** `$name`, `${`, `$(`, and backticks: what a shell would replace. A lone `$` is just a character. */
function expands(char: string, next: string | undefined): boolean {
  return char === '`' || (char === '$' && next !== undefined && /[A-Za-z_{(0-9@*#?!$-]/.test(next))
}
