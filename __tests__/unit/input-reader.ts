/** An input reader as the action has, over a plain map (the token is always given). */
export const inputs =
  (values: Record<string, string>) =>
  (name: string): string =>
    ({ 'github-token': 'token', ...values })[name] ?? ''
