/** One catalogue of the errors the action reports; each carries a code, an actionable message and what it concerns. */
export type ErrorCode =
  | 'invalid-input'
  | 'missing-permission'
  | 'not-found'
  | 'version-rule'
  | 'github-error'
  /** The deploy (and the rollback, if any) did not succeed: production needs a look. */
  | 'deploy-failed'
  /** A guardrail needs a person: a major release to approve, a freeze override refused. */
  | 'guardrail'
  | 'unexpected'

export class ActionError extends Error {
  override readonly name = 'ActionError'
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly concerns: { input?: string; permission?: string } = {}
  ) {
    super(message)
  }
}

export function inputError(input: string, message: string): ActionError {
  return new ActionError('invalid-input', `Invalid input '${input}': ${message}`, { input })
}

/** Anything thrown, as an ActionError: a foreign error keeps its message so nothing is silently dropped. */
export function asActionError(error: unknown): ActionError {
  if (error instanceof ActionError) return error
  if (error instanceof Error) return new ActionError('unexpected', error.message)
  return new ActionError('unexpected', `Unexpected failure: ${String(error)}`)
}
