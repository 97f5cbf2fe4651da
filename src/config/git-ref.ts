/**
 * What `git check-ref-format` refuses, as one function, so that a tag or ref made from inputs is known to be valid
 * before any request: no component starting with '.' or ending with '.lock', no '..', no control characters, space,
 * '~', '^', ':', '?', '*', '[' or '\', no '@{', not '@', no leading, trailing or doubled '/', no trailing '.'.
 */
export function isValidRefName(name: string, { allowOneLevel = false } = {}): boolean {
  if (name === '' || name === '@') return false
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0020\u007f~^:?*[\\]|\.\.|@\{|\/\/|^\/|\/$|\.$/.test(name)) return false
  const components = name.split('/')
  if (!allowOneLevel && components.length < 2) return false
  return components.every(part => !part.startsWith('.') && !part.endsWith('.lock'))
}
