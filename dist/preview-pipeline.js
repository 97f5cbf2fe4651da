import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import { e as escapeMarkdown, l as link, c as commitUrl, a as cutToBytes, s as sanitiseMarkdownDocument, n as neutraliseMentions, p as passed, f as findMarkedComment, u as updateComment, b as createMarkedComment, A as ActionError, w as warned, d as skipped, g as getRepository, h as getPreviewPullRequest, i as getBranchHead, j as parseHeader, k as hasPackages, m as asksForPrerelease, o as listTags, r as releaseTags, q as isPrerelease, t as historySince, v as linkCommits, x as bumpWithLabel, y as afterExistingPrereleases, z as renderConventionalNotes, B as analyseCommit, C as compareAll, D as evaluateChecks, E as checkGuardrails, G as GUARDRAIL_NAMES, F as bumpLabelsOf, H as FALLBACK_INITIAL_VERSION, I as initialVersion, J as nextVersion, K as rangeFacts, V as VersionRuleError, L as blocked, M as runPipeline, P as Pipeline } from './index.js';
import { minimatch } from './minimatch.js';

/** The hidden marker the sticky preview comment is found by. */
const PREVIEW_MARKER = '<!-- autonomous-release:preview -->';
const MAX_CAUSES = 20;
/** GitHub refuses a comment over 65,536 characters; the notes get what the rest leaves, with room to spare. */
const MAX_NOTES_BYTES = 40_000;
const GATE_ICON = { pass: '✅', stop: '⛔', wait: '⏳', info: 'ℹ️' };
/**
 * The preview as Markdown, for the sticky comment and the job summary: untrusted text (commit headers, notes,
 * check names) is escaped or sanitised, and no mention in it notifies anyone.
 */
function renderPreview(plan, links, { marker = true, notes = true } = {}) {
    const lines = [];
    if (marker)
        lines.push(PREVIEW_MARKER);
    const { release } = plan;
    lines.push('### 🔮 Release preview', '');
    if (plan.packages) {
        lines.push(...renderPackages(plan.packages));
    }
    else if (release) {
        const from = release.previousVersion ? `${release.previousVersion} → ` : 'first release, ';
        lines.push(`Merging this pull request now would release **${escapeMarkdown(release.tag)}** (${escapeMarkdown(from + release.version)}: ${escapeMarkdown(release.reason)}).`, '');
    }
    else {
        lines.push(`Merging this pull request now would release **nothing**: ${escapeMarkdown(plan.nothingReason)}.`, '');
    }
    if (plan.causes.length > 0) {
        lines.push('**Why:**', '');
        for (const cause of plan.causes.slice(0, MAX_CAUSES)) {
            const where = cause.fromPullRequest
                ? 'this pull request'
                : `already on ${escapeMarkdown(plan.pullRequest.baseRef)}`;
            lines.push(`- ${escapeMarkdown(cause.header)} — ${cause.releaseType} (${where}, ${link(cause.sha.slice(0, 7), commitUrl(links, cause.sha))})`);
        }
        if (plan.causes.length > MAX_CAUSES)
            lines.push(`- …and ${plan.causes.length - MAX_CAUSES} more`);
        lines.push('');
    }
    lines.push(...renderLabels(plan), ...renderGates(plan), ...renderTitle(plan));
    if ((release || plan.packages?.some(item => item.release)) && plan.notes && notes) {
        const text = cutToBytes(sanitiseMarkdownDocument(plan.notes), MAX_NOTES_BYTES, '\n\n…(cut: the notes are longer than a comment holds)');
        lines.push('<details><summary>Release notes</summary>', '', text, '', '</details>', '');
    }
    const style = plan.mergeStyle === 'squash' ? 'its title as the squash commit' : 'its commits as they land';
    lines.push(`_Preview of ${plan.pullRequest.headSha.slice(0, 7)} (${style}); it follows every push and is not a promise: the release runs its own checks._`);
    return neutraliseMentions(lines.join('\n'));
}
function renderPackages(packages) {
    const releasing = packages.filter(item => item.release);
    const lines = [
        releasing.length === 0
            ? 'Merging this pull request now would release **nothing**.'
            : `Merging this pull request now would release **${releasing.map(item => escapeMarkdown(item.release.tag)).join(', ')}**.`,
        '',
        '| Package | Changed here | Would release | Why |',
        '| --- | --- | --- | --- |'
    ];
    for (const item of packages) {
        const from = item.release?.previousVersion ? `${item.release.previousVersion} → ` : '';
        const version = item.release
            ? `${escapeMarkdown(item.release.tag)} (${escapeMarkdown(from + item.release.version)})`
            : 'nothing';
        const why = item.release ? item.release.reason : item.nothingReason;
        lines.push(`| ${escapeMarkdown(item.name)} | ${item.touched ? 'yes' : 'no'} | ${version} | ${escapeMarkdown(why)} |`);
    }
    lines.push('');
    return lines;
}
function renderLabels(plan) {
    const { releaseLabel, present, bumpLabel } = plan.labels;
    const lines = [
        `- 🏷️ Release label ${escapeMarkdown(`'${releaseLabel}'`)}: ${present ? 'present' : 'not present'}`
    ];
    if (bumpLabel)
        lines.push(`- 🏷️ Bump label ${escapeMarkdown(`'${bumpLabel}'`)}: present, it chooses the bump`);
    return lines;
}
function renderGates(plan) {
    return plan.gates.map(gate => `- ${GATE_ICON[gate.state]} ${escapeMarkdown(gate.name)}: ${escapeMarkdown(gate.detail)}`);
}
function renderTitle(plan) {
    if (!plan.title)
        return [''];
    if (plan.title.conventional)
        return ['- ✅ Title: a Conventional Commit, as the squash commit will be', ''];
    const icon = plan.title.required ? '❌' : '⚠️';
    return [`- ${icon} Title: ${escapeMarkdown(plan.title.problem ?? '')}`, ''];
}

/**
 * One sticky comment per pull request, found by its hidden marker: created once, then updated on every push (and
 * left alone when nothing changed). When nothing would be released any more it says so, which is how an outdated
 * preview is marked. A fork's pull request under `pull_request` gets none (its token can only read), nor does a
 * locked conversation; both are said in a notice and fail nothing.
 */
const previewCommentStep = {
    id: 'preview-comment',
    title: 'Preview comment',
    writes: true,
    simulate({ previewPull }, runtime) {
        const why = reasonForNone(runtime.config.previewComment, previewPull, runtime.context.eventName);
        return passed(why ?? `would create or update the preview comment on #${previewPull.number}`, {
            previewComment: null
        });
    },
    async run({ repository, previewPull, preview }, runtime) {
        const { config, context, log, repoClient } = runtime;
        const why = reasonForNone(config.previewComment, previewPull, context.eventName);
        if (why) {
            if (config.previewComment)
                log.notice(`Preview comment: ${why}. The preview is in the job summary.`);
            return passed(why, { previewComment: null });
        }
        const conversation = { number: previewPull.number, isPullRequest: true };
        const body = renderPreview(preview, { htmlUrl: repository.htmlUrl });
        try {
            const existing = await findMarkedComment(repoClient, conversation, PREVIEW_MARKER);
            if (existing && existing.body === body)
                return made(`the comment on #${previewPull.number} is up to date`, 'unchanged', existing.url);
            if (existing) {
                const updated = await updateComment(repoClient, conversation, existing.id, body);
                return made(`updated the comment on #${previewPull.number}`, 'updated', updated.url);
            }
            const created = await createMarkedComment(repoClient, conversation, PREVIEW_MARKER, body);
            return made(`commented on #${previewPull.number}`, 'created', created.url);
        }
        catch (error) {
            // The preview is made and in the summary; a comment the token may not write fails nothing, it is said.
            if (!(error instanceof ActionError) || error.code !== 'missing-permission')
                throw error;
            log.warning(error.message);
            return warned(error.message, { previewComment: null });
        }
    }
};
function made(reason, action, url) {
    return passed(reason, { previewComment: { action, url } });
}
function reasonForNone(asked, pull, eventName) {
    if (!asked)
        return 'not asked for (preview-comment: false)';
    if (pull.fork && eventName === 'pull_request')
        return `#${pull.number} comes from a fork, and a pull_request run from a fork has a read-only token: no comment`;
    if (pull.locked)
        return `the conversation of #${pull.number} is locked: no comment`;
    return null;
}

/** Reads the open pull request of the event and checks that it goes into a release branch. */
const previewPullStep = {
    id: 'preview-pull',
    title: 'Pull request',
    writes: false,
    async run(_known, runtime) {
        const { context, config, repoClient } = runtime;
        const number = context.pullRequest?.number;
        if (number === undefined)
            return skipped(`the ${context.eventName} event has no pull request in it`);
        const [repository, pull] = await Promise.all([
            getRepository(repoClient),
            getPreviewPullRequest(repoClient, number)
        ]);
        if (!pull.open)
            return skipped(`pull request #${number} is no longer open: there is nothing to preview`);
        const allowed = config.releaseBranches.length > 0 ? config.releaseBranches : [repository.defaultBranch];
        if (!allowed.some(pattern => minimatch(pull.baseRef, pattern)))
            return skipped(`pull request #${number} goes into ${pull.baseRef}, which is not a release branch (release branches: ${allowed.join(', ')})`, { repository });
        const baseSha = await getBranchHead(repoClient, pull.baseRef);
        const fork = pull.headRepository?.toLowerCase() !== pull.baseRepository.toLowerCase();
        const previewPull = { ...pull, baseSha, fork };
        const from = fork ? `a fork (${pull.headRepository ?? 'deleted'})` : pull.headSha.slice(0, 7);
        return passed(`#${number} from ${from} into ${pull.baseRef} at ${baseSha.slice(0, 7)}`, {
            repository,
            previewPull,
            target: { sha: pull.headSha, branch: pull.baseRef }
        });
    }
};

/**
 * Whether a pull request title, as the squash commit's header, is a Conventional Commit (`type(scope)!: subject`),
 * as the semantic-pull-request action checks. The title is untrusted: the problem does not quote it.
 */
function lintTitle(title) {
    const header = parseHeader(title.trim());
    if (header.type !== null && header.subject !== null && header.subject.trim() !== '')
        return { conventional: true, problem: null };
    return {
        conventional: false,
        problem: 'the title is not a Conventional Commit, so the squash commit it becomes releases nothing and has no ' +
            'section in the notes: write it as type(scope): subject, e.g. "feat(cart): share carts" or "fix: …"'
    };
}

/**
 * What merging the pull request now would release: the commits waiting on its base since the last release, and
 * the pull request's own as they would land (its title as one commit with squash, else its commits), decided by
 * the same rules as a release, with its bump label; the notes; and the gates that would stop it. It reads only,
 * and runs nothing of the pull request's code.
 */
const previewStep = {
    id: 'preview',
    title: 'Preview',
    writes: false,
    async run({ repository, previewPull: pull }, runtime) {
        // Loaded only for a monorepo's preview.
        if (hasPackages(runtime.config))
            return (await import('./preview-packages.js')).previewPackages(repository, pull, runtime);
        const { config, repoClient } = runtime;
        const prereleases = asksForPrerelease(runtime);
        const [tags, own, gates] = await Promise.all([
            listTags(repoClient).then(all => releaseTags(all, config.tagPrefix)),
            ownCommits(runtime, pull),
            checkGates(runtime, pull.headSha)
        ]);
        const candidates = tags.filter(tag => prereleases || !isPrerelease(tag.version));
        const pending = await historySince(runtime, pull.baseSha, candidates);
        const commits = linkCommits([...pending.commits, ...own]);
        const ownShas = new Set(own.map(commit => commit.sha));
        const chosen = bumpLabelOf(runtime, pull, gates.gates);
        const bump = bumpWithLabel(config.bump, chosen);
        const label = bump === config.bump ? null : chosen;
        const last = pending.last;
        const decision = await previewDecision(runtime, bump, last, commits, pull.baseSha);
        const causes = commits
            .filter(commit => commit.releaseType !== null)
            .map(commit => ({
            sha: commit.sha,
            header: commit.header,
            releaseType: commit.releaseType,
            fromPullRequest: ownShas.has(commit.sha)
        }));
        const plan = previewFrame(runtime, pull, chosen, gates.gates, causes);
        if (!decision.release) {
            const preview = { ...plan, release: null, nothingReason: decision.reason, notes: '' };
            return passed(`merging #${pull.number} would release nothing: ${decision.reason}`, {
                preview,
                notes: '',
                checks: gates.checks
            });
        }
        const next = afterExistingPrereleases(decision.version, tags.map(tag => tag.version));
        const tag = `${config.tagPrefix}${next}`;
        const reason = label ? `the ${config.bumpLabelPrefix}${label} label on #${pull.number}` : decision.reason;
        const notes = config.releaseNotes === 'conventional'
            ? renderConventionalNotes({
                tag,
                previousTag: last?.name ?? null,
                commits,
                links: { htmlUrl: repository.htmlUrl },
                ...(config.releaseNotesTypes ? { sections: config.releaseNotesTypes } : {})
            })
            : '';
        const version = {
            version: next,
            tag,
            previousVersion: last?.version ?? null,
            previousTag: last?.name ?? null,
            previousSha: last?.sha ?? null,
            reason,
            commits,
            changedFiles: [],
            existing: { tagSha: null, release: null, versionCommit: null },
            compareUrl: null
        };
        const preview = {
            ...plan,
            release: { version: next, tag, previousVersion: last?.version ?? null, reason },
            nothingReason: '',
            notes
        };
        return passed(`merging #${pull.number} would release ${tag} (${reason})`, {
            preview,
            version,
            notes,
            checks: gates.checks
        });
    }
};
/** What every preview says besides the release: the pull request, the causes, its labels, the gates, its title. */
function previewFrame(runtime, pull, bumpLabel, gates, causes) {
    const { config } = runtime;
    const lint = config.previewMergeStyle === 'squash' ? lintTitle(pull.title) : null;
    return {
        pullRequest: { number: pull.number, headSha: pull.headSha, baseRef: pull.baseRef },
        causes,
        labels: {
            releaseLabel: config.releaseLabel,
            present: pull.labels.includes(config.releaseLabel),
            bumpLabel: bumpLabel ? `${config.bumpLabelPrefix}${bumpLabel}` : null
        },
        gates,
        title: lint && { ...lint, required: config.requireConventionalTitle },
        mergeStyle: config.previewMergeStyle
    };
}
/** The pull request's one bump label, or null; conflicting ones are a gate that stops the release. */
function bumpLabelOf(runtime, pull, gates) {
    const { labels, bumps } = bumpLabelsOf(pull.labels, runtime.config.bumpLabelPrefix);
    if (bumps.length > 1)
        gates.push({
            name: 'Bump labels',
            state: 'stop',
            detail: `conflicting: ${labels.join(', ')}; keep one of them`
        });
    return bumps.length === 1 ? (bumps[0] ?? null) : null;
}
/** The release's version rules on what merging would bring; a rule the commits break means nothing, and why. */
async function previewDecision(runtime, bump, last, commits, baseSha) {
    const initial = last ? FALLBACK_INITIAL_VERSION : await initialVersion(runtime, baseSha);
    try {
        return nextVersion({
            bump,
            lastVersion: last?.version ?? null,
            ...rangeFacts(commits),
            prereleaseId: runtime.config.prereleaseId,
            initialVersion: initial
        });
    }
    catch (error) {
        if (!(error instanceof VersionRuleError))
            throw error;
        return { release: false, reason: error.message };
    }
}
/** What the pull request lands: with squash, one commit with its title (and GitHub's ` (#N)`); else its commits. */
async function ownCommits(runtime, pull) {
    if (runtime.config.previewMergeStyle === 'squash')
        return [analyseCommit({ sha: pull.headSha, message: `${pull.title} (#${pull.number})`, parents: 1 })];
    const comparison = await compareAll(runtime.repoClient, pull.baseSha, pull.headSha, analyseCommit);
    // Merge commits of the base into the branch bring nothing the base does not have.
    return comparison.commits.filter(commit => !commit.merge);
}
/** How a guardrail's verdict reads in the preview: a rule that would stop the release now stops the preview's too. */
const PREVIEW_STATE = {
    passed: 'pass',
    stopped: 'stop',
    overridden: 'pass',
    warned: 'info',
    ignored: 'info'
};
/**
 * The gates as they stand for the pull request: its head's checks (the run asking is left out, as are
 * ignore-checks), and what the release decides later (the quality gate runs then, not on the pull request's code).
 */
async function checkGates(runtime, sha) {
    const { config } = runtime;
    const gates = [];
    let checks = { state: 'not-required', checks: [] };
    if (!config.requireGreen) {
        gates.push({ name: 'Checks', state: 'info', detail: 'not required (require-green: false)' });
    }
    else {
        const { verdict, failing, waitingFor: waiting } = await evaluateChecks(runtime, sha);
        checks = verdict;
        const found = verdict.checks;
        if (failing.length > 0)
            gates.push({ name: 'Checks', state: 'stop', detail: `failing: ${failing.join(', ')}` });
        else if (waiting.length > 0)
            gates.push({ name: 'Checks', state: 'wait', detail: `not finished: ${waiting.join(', ')}` });
        else
            gates.push({
                name: 'Checks',
                state: 'pass',
                detail: found.length === 0 ? 'none on the head commit yet' : `${found.length} passed on the head commit`
            });
    }
    const { report } = await checkGuardrails(runtime);
    for (const check of report.checks)
        gates.push({ name: GUARDRAIL_NAMES[check.rule], state: PREVIEW_STATE[check.state], detail: check.detail });
    gates.push(config.quality === 'none'
        ? { name: 'Quality gate', state: 'info', detail: 'turned off (quality: none)' }
        : {
            name: 'Quality gate',
            state: 'info',
            detail: `runs when the release is made (quality: ${config.quality}, threshold ${config.qualityThreshold}); the preview runs none of the pull request's code`
        });
    return { gates, checks };
}

/**
 * With squash merges the title becomes the commit: one that is not a Conventional Commit releases nothing. It
 * blocks the preview only with require-conventional-title: true (after the comment said so).
 */
const titleLintStep = {
    id: 'title-lint',
    title: 'Title',
    writes: false,
    async run({ preview }, runtime) {
        const { title } = preview;
        if (!title)
            return passed(`not checked (preview-merge-style: ${runtime.config.previewMergeStyle})`, {});
        if (title.conventional)
            return passed('a Conventional Commit', {});
        const problem = title.problem ?? 'the title is not a Conventional Commit';
        if (title.required)
            return blocked(`#${preview.pullRequest.number}: ${problem} (require-conventional-title: true)`);
        runtime.log.warning(`Pull request #${preview.pullRequest.number}: ${problem}`);
        return warned(`${problem} (said only: require-conventional-title: false)`, {});
    }
};

/** The preview: it reads, and writes nothing to the repository but its one sticky comment (when asked for). */
const PREVIEW = Pipeline.start()
    .then(previewPullStep)
    .then(previewStep)
    .then(previewCommentStep)
    .then(titleLintStep);
/** What merging the pull request now would release, for the summary, the outputs and the sticky comment. */
async function runPreview(runtime) {
    const run = await runPipeline(PREVIEW, undefined, runtime);
    const plan = run.known.preview;
    const htmlUrl = run.known.repository?.htmlUrl ?? '';
    return {
        outcome: run.outcome === 'done' ? 'preview' : run.outcome,
        reason: run.outcome === 'done' && plan
            ? `merging #${plan.pullRequest.number} would release ${wouldRelease(plan) || 'nothing'}`
            : run.reason,
        steps: run.steps,
        facts: {
            repository: run.known.repository,
            target: run.known.target,
            checks: run.known.checks,
            notes: run.known.notes,
            ...(run.known.version ? { version: run.known.version } : {})
        },
        error: run.error,
        preview: plan
            ? {
                pullRequest: plan.pullRequest.number,
                wouldRelease: wouldRelease(plan),
                commentUrl: run.known.previewComment?.url ?? '',
                // The summary has the notes already.
                markdown: renderPreview(plan, { htmlUrl }, { marker: false, notes: false })
            }
            : null
    };
}
/** The tag (or a monorepo's tags) merging would release; empty for none. */
function wouldRelease(plan) {
    if (plan.packages)
        return plan.packages
            .map(item => item.release?.tag)
            .filter(Boolean)
            .join(', ');
    return plan.release?.tag ?? '';
}

var previewPipeline = /*#__PURE__*/Object.freeze({
    __proto__: null,
    PREVIEW: PREVIEW,
    runPreview: runPreview
});

export { previewFrame as a, bumpLabelOf as b, checkGates as c, previewPipeline as d, ownCommits as o, previewDecision as p };
