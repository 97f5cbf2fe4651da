// Generated from action.yml by `npm run docs`; do not edit. action.yml is the one source of defaults.

/** The default of each input whose default is a plain value. */
export const INPUT_DEFAULTS: Readonly<Record<string, string>> = {
  'dry-run': 'false',
  'require-green': 'true',
  'wait-for-checks': '0',
  'release-label': 'release',
  'bump-label-prefix': 'release:',
  quality: 'auto',
  'quality-threshold': '60',
  'quality-timeout': '120',
  'quality-cache': 'true',
  bump: 'auto',
  'tag-prefix': 'v',
  'commit-version': 'false',
  'commit-message': 'chore(release): {tag} [skip ci]',
  'release-notes': 'conventional',
  'deploy-wait': 'true',
  'deploy-timeout': '30m',
  'draft-until-deployed': 'true',
  'make-latest': 'true',
  'major-tag': 'false',
  'minor-tag': 'false',
  'preview-merge-style': 'merge',
  'preview-comment': 'false',
  'require-conventional-title': 'false',
  'comment-on-released': 'false',
  'released-label': 'released',
  'comment-limit': '50',
  'pass-runner-tokens': 'false'
}
