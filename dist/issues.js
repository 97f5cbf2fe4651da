import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import { s as semver } from './index2.js';
const { setImmediate } = require('node:timers/promises');
const { createRequire } = require('node:module');

/** Polls: 2 s, 3 s, 4.5 s, … up to every 30 s, so a long wait costs few requests. */
const POLL = { firstMs: 2_000, factor: 1.5, maxMs: 30_000 };
/** Retries: 0.5 s, 1 s, 2 s, … up to 8 s. */
const RETRY = { firstMs: 500, factor: 2, maxMs: 8_000 };
function nextDelay(policy, previousMs) {
    return previousMs === null ? policy.firstMs : Math.min(Math.round(previousMs * policy.factor), policy.maxMs);
}

const systemClock = {
    now: () => Date.now(),
    sleep: ms => new Promise(resolve => setTimeout(resolve, ms))
};
/**
 * The one way the action waits for something: `look` until `done` says its answer settles it, pausing by the
 * policy between looks. Returns the last answer, settled or not when the time ran out.
 */
async function waitFor(clock, options, look, done) {
    const deadline = clock.now() + options.timeoutMs;
    let delay = null;
    for (;;) {
        const answer = await look();
        const remaining = deadline - clock.now();
        if (done(answer) || remaining <= 0)
            return answer;
        delay = nextDelay(options.policy, delay);
        const pause = Math.min(delay, remaining);
        options.onWait?.(pause);
        await clock.sleep(pause);
    }
}

/** The `{name}` placeholders that deploy-inputs, deploy-ref and commit-message may use. */
const PLACEHOLDERS = ['version', 'tag', 'sha', 'previous-version'];
const PLACEHOLDER = /\{([a-z-]+)\}/g;
function valueOf(name, facts) {
    return name === 'previous-version' ? (facts.previousVersion ?? '') : facts[name];
}
/** Placeholders in the text that are not release facts. */
function unknownPlaceholders(text) {
    return [...text.matchAll(PLACEHOLDER)]
        .map(match => match[1])
        .filter(name => !PLACEHOLDERS.includes(name));
}
function fillPlaceholders(text, facts) {
    return text.replace(PLACEHOLDER, (whole, name) => PLACEHOLDERS.includes(name) ? valueOf(name, facts) : whole);
}
function fillInputs(inputs, facts) {
    return Object.fromEntries(Object.entries(inputs).map(([name, value]) => [name, fillPlaceholders(value, facts)]));
}
/**
 * Whether a commit subject is the first line of the template filled with these facts, whatever commit `{sha}`
 * named: how any later run recognises the version commit an earlier run made. `among` is for a monorepo's version
 * commit, whose `{tag}` lists every package it released (`api@1.2.0, web@2.0.1`, see `joinedFacts`): the subject
 * matches when the list holds this release's tag, whatever the versions around it.
 */
function matchesTemplate(template, facts, subject, { among = false } = {}) {
    const firstLine = template.split('\n', 1)[0] ?? '';
    const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const pattern = firstLine.replace(/\{([a-z-]+)\}|[^{]+|\{/g, (part, name) => {
        if (name === 'sha')
            return '[0-9a-f]{7,40}';
        if (!among || name === undefined || !PLACEHOLDERS.includes(name))
            return escape(fillPlaceholders(part, facts));
        if (name === 'tag')
            return `(?:[^,]+, )*${escape(facts.tag)}(?:, [^,]+)*`;
        return '[^]*?';
    });
    return new RegExp(`^${pattern}$`).test(subject.trim());
}
/** The facts of several releases made by one commit, as its message names them: each list joined with ", ". */
function joinedFacts(all) {
    const join = (values) => values.map(value => value ?? '-').join(', ');
    const first = all[0];
    if (!first)
        throw new Error('joinedFacts needs at least one release');
    return {
        ...first,
        version: join(all.map(facts => facts.version)),
        tag: join(all.map(facts => facts.tag)),
        previousVersion: join(all.map(facts => facts.previousVersion))
    };
}

function releaseFacts(version, at, releaseUrl = '') {
    return {
        version: version.version,
        tag: version.tag,
        previousVersion: version.previousVersion,
        sha: at.sha,
        branch: at.branch,
        releaseUrl
    };
}
/** The environment a quality or deploy command gets. */
function releaseEnv(facts) {
    return {
        RELEASE_VERSION: facts.version,
        RELEASE_TAG: facts.tag,
        RELEASE_PREVIOUS_VERSION: facts.previousVersion ?? '',
        RELEASE_SHA: facts.sha,
        RELEASE_BRANCH: facts.branch,
        RELEASE_URL: facts.releaseUrl
    };
}

class ActionError extends Error {
    code;
    concerns;
    name = 'ActionError';
    constructor(code, message, concerns = {}) {
        super(message);
        this.code = code;
        this.concerns = concerns;
    }
}
function inputError(input, message) {
    return new ActionError('invalid-input', `Invalid input '${input}': ${message}`, { input });
}
/** Anything thrown, as an ActionError: a foreign error keeps its message so nothing is silently dropped. */
function asActionError(error) {
    if (error instanceof ActionError)
        return error;
    if (error instanceof Error)
        return new ActionError('unexpected', error.message);
    return new ActionError('unexpected', `Unexpected failure: ${String(error)}`);
}

/**
 * What `git check-ref-format` refuses, as one function, so that a tag or ref made from inputs is known to be valid
 * before any request: no component starting with '.' or ending with '.lock', no '..', no control characters, space,
 * '~', '^', ':', '?', '*', '[' or '\', no '@{', not '@', no leading, trailing or doubled '/', no trailing '.'.
 */
function isValidRefName(name, { allowOneLevel = false } = {}) {
    if (name === '' || name === '@')
        return false;
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u0020\u007f~^:?*[\\]|\.\.|@\{|\/\/|^\/|\/$|\.$/.test(name))
        return false;
    const components = name.split('/');
    if (!allowOneLevel && components.length < 2)
        return false;
    return components.every(part => !part.startsWith('.') && !part.endsWith('.lock'));
}

const load = createRequire(import.meta.url);
let loaded;
/**
 * The yaml package, loaded on first use: its 300 KB cost 15–30 ms of every start on Node 24, and only inputs that
 * hold YAML and a deploy workflow's file need it. Synchronous, so that reading the inputs stays synchronous: in
 * dist/ it is a chunk of its own, an ES module without top-level await, which `require` loads (Node ≥ 20.19).
 * rollup.config.js points the `require` below at that chunk.
 */
function yaml() {
    loaded ??= load('./yaml.js');
    return loaded;
}

/**
 * Splits a command line into argv by a shell's quoting rules ('…' literal, "…" with \-escapes, \ outside quotes),
 * for a command that then runs without a shell. What only a shell would act on is refused rather than passed on as
 * a literal argument, because the command would then do something else than it says: operators (`&&`, `|`, `;`,
 * `>`), expansions (`$VAR`, `$(…)`, backticks, a leading `~`), comments, `NAME=value` prefixes, unclosed quotes.
 */
function splitCommandLine(text) {
    const argv = [];
    let word = null;
    const chars = Array.from(text);
    for (let index = 0; index < chars.length; index++) {
        const char = chars[index];
        const next = chars[index + 1];
        const atWordStart = word === null;
        if (char === ' ' || char === '\t') {
            if (word !== null)
                argv.push(word);
            word = null;
        }
        else if (char === "'") {
            const end = chars.indexOf("'", index + 1);
            if (end < 0)
                return { problem: UNCLOSED };
            word = (word ?? '') + chars.slice(index + 1, end).join('');
            index = end;
        }
        else if (char === '"') {
            let quoted = '';
            for (index++; index < chars.length && chars[index] !== '"'; index++) {
                const inner = chars[index];
                if (inner === '\\' && ['"', '\\', '$', '`'].includes(chars[index + 1] ?? '')) {
                    quoted += chars[++index];
                }
                else if (expands(inner, chars[index + 1])) {
                    return { problem: EXPANSION };
                }
                else {
                    quoted += inner;
                }
            }
            if (index >= chars.length)
                return { problem: UNCLOSED };
            word = (word ?? '') + quoted;
        }
        else if (char === '\\') {
            if (next === undefined)
                return { problem: 'ends with \\, but nothing continues it.' };
            word = (word ?? '') + next;
            index++;
        }
        else if (/[|&;<>()]/.test(char)) {
            return { problem: `has '${char}' in it, which only a shell understands: ${NO_SHELL}` };
        }
        else if (expands(char, next) || (atWordStart && char === '~')) {
            return { problem: EXPANSION };
        }
        else if (atWordStart && char === '#') {
            return { problem: 'has a # comment in it; no shell removes it, so remove it yourself.' };
        }
        else {
            word = (word ?? '') + char;
        }
    }
    if (word !== null)
        argv.push(word);
    if (argv.length === 0)
        return { problem: 'has no command in it.' };
    if (/^[A-Za-z_]\w*=/.test(argv[0]))
        return {
            problem: 'starts with a NAME=value assignment, which only a shell understands: set environment variables in the step’s env instead.'
        };
    return { argv };
}
const UNCLOSED = 'has a quote that is not closed.';
const NO_SHELL = 'the command runs without one. Quote it to pass it as an argument, or put one command per line (quality-commands), or call a script that does it all.';
const EXPANSION = "has something a shell would expand ($VAR, ${…}, $(…), `…` or ~), but the command runs without one: it inherits the job's environment, so refer to variables inside a script, or quote with '…' to pass the text as it is.";
/** `$name`, `${`, `$(`, and backticks: what a shell would replace. A lone `$` is just a character. */
function expands(char, next) {
    return char === '`' || (char === '$' && next !== undefined && /[A-Za-z_{(0-9@*#?!$-]/.test(next));
}

// Generated from action.yml by `npm run docs`; do not edit. action.yml is the one source of defaults.
/** The default of each input whose default is a plain value. */
const INPUT_DEFAULTS = {
    'dry-run': 'false',
    'require-green': 'true',
    'wait-for-checks': '0',
    'release-label': 'release',
    'bump-label-prefix': 'release:',
    'override-window': 'false',
    'freeze-label': 'release-freeze',
    'override-freeze': 'false',
    'major-releases': 'auto',
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
    rollback: 'false',
    'draft-until-deployed': 'true',
    'make-latest': 'true',
    'major-tag': 'false',
    'minor-tag': 'false',
    'bump-dependents': 'false',
    'preview-merge-style': 'merge',
    'preview-comment': 'false',
    'require-conventional-title': 'false',
    'comment-on-released': 'false',
    'released-label': 'released',
    'comment-limit': '50',
    'pass-runner-tokens': 'false'
};

const TRUE_VALUES = ['true', 'True', 'TRUE'];
const FALSE_VALUES = ['false', 'False', 'FALSE'];
/**
 * Characters that break a line or make a value read as something it is not: control characters, format characters
 * (bidi overrides, zero width, BOM, soft hyphen), line and paragraph separators, lone surrogates, and any space
 * other than ' '.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]|(?! )\p{Zs}/u;
/**
 * Text the runner acts on when it is printed: `::command::` at the start of a line, and the older `##[command]`
 * anywhere in one.
 */
const WORKFLOW_COMMAND = /^[ \t]*::[A-Za-z]|##\[/m;
/** What RFC 6750 allows in a bearer token; GitHub tokens and API keys are of this form. */
const BEARER_TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;
const MAX_TEXT = 1_000;
const MAX_SECRET = 1_024;
/** Bounds that keep numbers sane: a day for any wait. */
const MAX_SECONDS = 86_400;
/** A value is shown in a message up to this many characters. */
const SHOWN_LENGTH = 80;
/**
 * A value as the user wrote it, made safe to print: shortened, invisible characters written as escapes (`\n`,
 * `\u{202E}`), and workflow-command text broken so that nothing in it can act on the log.
 */
function shown(raw, max = SHOWN_LENGTH) {
    const characters = Array.from(raw);
    const text = characters.length > max ? `${characters.slice(0, max).join('')}…` : raw;
    return text
        .replace(new RegExp(INVISIBLE.source, 'gu'), character => {
        const escapes = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
        return escapes[character] ?? `\\u{${character.codePointAt(0).toString(16).toUpperCase()}}`;
    })
        .replace(/::/g, ':\\u{3A}')
        .replace(/##\[/g, '#\\u{23}[');
}
/** A value as the user wrote it, quoted for an error message (see `shown`). */
function quoted(raw) {
    return `'${shown(raw)}'`;
}
/** Refuses control and invisible characters (tabs aside) and workflow-command text, without echoing the value. */
function checkPlainText(name, value, { multiline = false } = {}) {
    const lines = multiline ? value.split(/\r?\n/) : [value];
    if (lines.some(line => INVISIBLE.test(line.replace(/\t/g, ' '))))
        throw inputError(name, `it contains ${multiline ? 'control' : 'line breaks, control'} or invisible characters (such as bidi or zero-width ones). Type the value plainly.`);
    if (WORKFLOW_COMMAND.test(value))
        throw inputError(name, 'it contains workflow-command syntax (a line starting with two colons, or two hashes and a bracket), which the runner would act on when the value is logged. Remove it.');
}
/**
 * The action's inputs, typed. A value left empty means the input's default from action.yml (the runner sets that
 * default when the workflow gives none; an expression such as `${{ inputs.bump }}` that is empty on a schedule
 * means the same). Inputs whose empty value means something (`tag-prefix`) are read with `fallback: false`.
 */
class Inputs {
    read;
    constructor(read) {
        this.read = read;
    }
    /** Trimmed text, or the input's default when empty; refuses control and invisible characters, and command text. */
    text(name, { multiline = false, max = MAX_TEXT, fallback = true } = {}) {
        const given = this.read(name).trim();
        const value = given || (fallback ? (INPUT_DEFAULTS[name] ?? '') : '');
        checkPlainText(name, value, { multiline });
        if (value.length > max)
            throw inputError(name, `it is ${value.length} characters long; at most ${max}.`);
        return value;
    }
    /**
     * A token or key: one bearer token (RFC 6750 characters), or '' when empty. The value is never part of a message,
     * and a line break can neither split the Authorization header nor the log mask.
     */
    secret(name) {
        const value = this.read(name).trim();
        if (value.length > MAX_SECRET)
            throw inputError(name, `it is longer than ${MAX_SECRET} characters. Pass the value alone, from a secret.`);
        if (value !== '' && !BEARER_TOKEN.test(value))
            throw inputError(name, 'it contains white space, line breaks or other characters a token never has. Pass the value alone, from a secret.');
        return value;
    }
    boolean(name) {
        const value = this.text(name);
        if (TRUE_VALUES.includes(value))
            return true;
        if (FALSE_VALUES.includes(value))
            return false;
        throw inputError(name, `${quoted(value)} is not a boolean. Use true or false.`);
    }
    choice(name, choices) {
        const value = this.text(name);
        const found = choices.find(choice => choice === value.toLowerCase());
        if (!found)
            throw inputError(name, `${quoted(value)} is not one of ${choices.join(', ')}.`);
        return found;
    }
    /** Items separated by commas or new lines, each at most `maxItem` characters. */
    list(name, maxItem = 255) {
        const items = this.text(name, { multiline: true, max: 10_000 })
            .split(/[\n,]/)
            .map(item => item.trim())
            .filter(Boolean);
        // An item may be logged on its own line.
        for (const item of items)
            checkPlainText(name, item);
        const long = items.find(item => item.length > maxItem);
        if (long !== undefined)
            throw inputError(name, `${quoted(long)} is ${long.length} characters long; at most ${maxItem} per item.`);
        return items;
    }
    /** Lines, without blank ones and `#` comments. */
    lines(name) {
        return this.text(name, { multiline: true, max: 10_000 })
            .split('\n')
            .map(line => line.trim())
            .filter(line => line !== '' && !line.startsWith('#'));
    }
    /** A whole number of seconds from `min` to a day. */
    seconds(name, min = 0) {
        const value = this.text(name);
        const seconds = /^\d{1,6}$/.test(value) ? Number(value) : NaN;
        if (!(seconds >= min && seconds <= MAX_SECONDS))
            throw inputError(name, `${quoted(value)} is not a whole number of seconds (${min} to ${MAX_SECONDS}).`);
        return seconds;
    }
    /** Seconds (1800), minutes (30m) or hours (2h), above 0 and at most a day. */
    duration(name) {
        const value = this.text(name);
        const match = /^(\d{1,6})\s*(s|m|h)?$/.exec(value);
        const seconds = match
            ? Number(match[1]) * { s: 1, m: 60, h: 3600 }[(match[2] ?? 's')]
            : NaN;
        if (!(seconds > 0 && seconds <= MAX_SECONDS))
            throw inputError(name, `${quoted(value)} is not a duration: give seconds (1800), minutes (30m) or hours (2h), up to 24h.`);
        return seconds;
    }
    /**
     * An https URL (http only for this machine) without credentials, query or fragment, and without a trailing
     * slash; null when empty.
     */
    url(name, example) {
        const value = this.text(name);
        if (value === '')
            return null;
        // Checked before anything is quoted: a URL with credentials in it is never echoed.
        if (/^[^:/?#]*:\/\/[^/?#]*@/.test(value))
            throw inputError(name, 'it must not carry credentials; pass the key in its own input from a secret.');
        const url = /\s/.test(value) || !URL.canParse(value) ? null : new URL(value);
        if (!url)
            throw inputError(name, `${quoted(value)} is not a URL such as ${example}.`);
        if (url.protocol !== 'https:' && url.protocol !== 'http:')
            throw inputError(name, `${quoted(value)} must be an https URL such as ${example}.`);
        if (!HOSTNAME.test(url.hostname))
            throw inputError(name, `${quoted(value)} does not name a host, such as ${example}.`);
        if (url.protocol === 'http:' && !isLoopback(url.hostname))
            throw inputError(name, `${quoted(value)} would send the key unencrypted: use https:// (http:// is accepted only for localhost).`);
        if (url.search !== '' || url.hash !== '' || value.endsWith('?') || value.endsWith('#'))
            throw inputError(name, `${quoted(value)} must be a base URL, without '?' or '#', such as ${example}.`);
        return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
    }
    /** A path inside the repository, or null when empty (or `none`). */
    path(name, example) {
        const value = this.text(name, { max: 255 });
        if (value === '' || value.toLowerCase() === 'none')
            return null;
        const parts = value.split('/');
        if (value.startsWith('/') ||
            value.startsWith('~') ||
            parts.some(part => part === '..' || part === '.' || part === '' || part.toLowerCase() === '.git')) {
            throw inputError(name, `${quoted(value)} must be a relative path inside the repository, not under .git, such as ${example}.`);
        }
        if (/^\.github\/workflows\//i.test(value))
            throw inputError(name, `${quoted(value)} is a workflow file; the action never reads or writes those as ${name}.`);
        if (parts.some(part => part.startsWith('-')))
            throw inputError(name, `${quoted(value)} has a part that starts with '-'; give a file's path such as ${example}.`);
        // Nothing fills placeholders or expands globs in a path, and these characters are not portable in file names.
        const odd = /[\\{}*?[\]"'<>|:;&$`]/.exec(value);
        if (odd)
            throw inputError(name, `${quoted(value)} has '${odd[0]}' in it: give the file's path as it is, such as ${example} (no placeholders or patterns).`);
        return value;
    }
    /** A command line, split into argv as a shell would split it, but run without one. */
    command(name, text) {
        if (text.length > MAX_TEXT)
            throw inputError(name, `a command of ${text.length} characters; at most ${MAX_TEXT} each.`);
        const split = splitCommandLine(text);
        if ('problem' in split)
            throw inputError(name, `${quoted(text)} ${split.problem}`);
        return { text, argv: split.argv };
    }
    /** A YAML or JSON map of names to text; keys can never reach an object's prototype. */
    map(name, example) {
        const value = this.text(name, { multiline: true, max: 65_536 });
        if (value === '')
            return new Map();
        let parsed;
        try {
            const document = yaml().parseDocument(value, { uniqueKeys: true });
            const problem = document.errors[0] ?? document.warnings[0];
            if (problem)
                throw problem;
            parsed = document.toJS({ maxAliasCount: 10 });
        }
        catch (error) {
            const said = shown(String(error.message).split('\n')[0] ?? '', 200);
            throw inputError(name, `it is not a YAML or JSON map: ${said}`);
        }
        if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
            throw inputError(name, `it must be a map of names to values, e.g. ${example}.`);
        const entries = new Map();
        for (const key of Object.keys(parsed)) {
            const item = parsed[key];
            if (!/^[A-Za-z_][\w-]{0,99}$/.test(key))
                throw inputError(name, `${quoted(key)} is not a name: use letters, digits, '-' and '_'.`);
            // Such a key is harmless here, but not in every object it may be copied into later.
            if (key === '__proto__' || key === 'constructor' || key === 'prototype')
                throw inputError(name, `'${key}' is not allowed as a name.`);
            if (item !== null && typeof item === 'object')
                throw inputError(name, `the value of '${key}' must be text, a number or a boolean.`);
            const text = item === null || item === undefined ? '' : String(item);
            checkPlainText(name, text, { multiline: true });
            entries.set(key, text);
        }
        return entries;
    }
}
/** A DNS name (labels of letters, digits and inner '-') or an IP address, as URL writes them. */
const HOSTNAME = /^(?:(?!-)[a-z0-9-]{1,63}(?<!-)(?:\.(?!-)[a-z0-9-]{1,63}(?<!-))*|\[[0-9a-f:.]+\])$/;
function isLoopback(hostname) {
    return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/** Files that hold a version when `version-file` is not set, in the order they are looked for. */
const DEFAULT_VERSION_FILES = ['package.json', 'VERSION'];
function isJsonVersionFile(path) {
    return path.toLowerCase().endsWith('.json');
}
/** The version a version file holds: `version` of a JSON manifest, or the first line of a plain file. */
function parseVersionFile(path, text) {
    if (isJsonVersionFile(path)) {
        try {
            const version = JSON.parse(text).version;
            return typeof version === 'string' ? semver.valid(version) : null;
        }
        catch {
            return null;
        }
    }
    const firstLine = text.split(/\r?\n/, 1)[0]?.trim() ?? '';
    return semver.valid(firstLine.replace(/^v/, ''));
}
/** The indentation a JSON document uses (two spaces when it cannot be told), and whether it ends with a newline. */
function jsonStyle(text) {
    const indent = /^([ \t]+)"/m.exec(text)?.[1] ?? '  ';
    const newline = /\r?\n$/.exec(text)?.[0] ?? '';
    return { indent, newline };
}
/** The version file with the new version; everything else in it, formatting included, stays as it was. */
function writeVersionFile(path, text, version) {
    if (isJsonVersionFile(path)) {
        const { indent, newline } = jsonStyle(text);
        const manifest = JSON.parse(text);
        manifest.version = version;
        const body = JSON.stringify(manifest, null, indent);
        return (text.includes('\r\n') ? body.replace(/\n/g, '\r\n') : body) + newline;
    }
    const [first = '', ...rest] = text.split('\n');
    const prefix = first.trim().startsWith('v') ? 'v' : '';
    const eol = first.endsWith('\r') ? '\r' : '';
    return [`${prefix}${version}${eol}`, ...rest].join('\n') + (text === '' ? '\n' : '');
}
/** package-lock.json with the root package's version (lockfile v1 `version`, v2/v3 also `packages[""].version`). */
function writePackageLock(text, version) {
    const { indent, newline } = jsonStyle(text);
    const lock = JSON.parse(text);
    if (typeof lock.version === 'string')
        lock.version = version;
    const root = lock.packages?.[''];
    if (root && typeof root.version === 'string')
        root.version = version;
    return JSON.stringify(lock, null, indent) + newline;
}
/** The changelog with a new section for this release on top, below a leading `# ` title if it has one. */
function prependChangelog(text, heading, notes) {
    const section = `${heading}\n\n${notes.trim()}\n`;
    if (text === null || text.trim() === '')
        return `# Changelog\n\n${section}`;
    const title = /^# .*\n+/.exec(text);
    if (!title)
        return `${section}\n${text}`;
    return `${title[0]}${section}\n${text.slice(title[0].length)}`;
}
/** The dependency fields of a package.json whose ranges on a released sibling package are kept up to date. */
const DEPENDENCY_FIELDS = [
    'dependencies',
    'devDependencies',
    'peerDependencies',
    'optionalDependencies'
];
const SIMPLE_RANGE = /^(workspace:)?(\^|~|>=)?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)$/;
/**
 * A range moved to a new version, its operator kept (^1.2.0 → ^1.3.0, workspace:~1.2.0 → workspace:~1.3.0);
 * null for a range left as it is: `workspace:*` and its kin (the package manager fills them in when publishing),
 * tags, URLs and compound ranges a person wrote on purpose.
 */
function movedRange(range, version) {
    const match = SIMPLE_RANGE.exec(range.trim());
    if (!match || match[3] === version)
        return null;
    return `${match[1] ?? ''}${match[2] ?? ''}${version}`;
}
/** The npm name a package.json gives, or null. */
function packageName(text) {
    try {
        const name = JSON.parse(text).name;
        return typeof name === 'string' && name !== '' ? name : null;
    }
    catch {
        return null;
    }
}
/** A package.json with its ranges on released packages (npm name → new version) moved; formatting kept. */
function writeDependencyRanges(text, released) {
    let manifest;
    try {
        manifest = JSON.parse(text);
    }
    catch {
        return { text, updates: [] };
    }
    const updates = [];
    for (const field of DEPENDENCY_FIELDS) {
        const dependencies = manifest[field];
        if (dependencies === null || typeof dependencies !== 'object')
            continue;
        for (const [name, range] of Object.entries(dependencies)) {
            const version = released.get(name);
            const to = version !== undefined && typeof range === 'string' ? movedRange(range, version) : null;
            if (to === null)
                continue;
            dependencies[name] = to;
            updates.push({ name, field, from: range, to });
        }
    }
    if (updates.length === 0)
        return { text, updates };
    const { indent, newline } = jsonStyle(text);
    const body = JSON.stringify(manifest, null, indent);
    return { text: (text.includes('\r\n') ? body.replace(/\n/g, '\r\n') : body) + newline, updates };
}
/**
 * An npm workspaces package-lock.json with the released packages' versions (folder → version; '' is the root):
 * its `packages["<folder>"].version` entries, and the root's `version` too.
 */
function writeWorkspaceLock(text, versions) {
    let lock;
    try {
        lock = JSON.parse(text);
    }
    catch {
        return null;
    }
    let changed = false;
    for (const [folder, version] of versions) {
        const entry = lock.packages?.[folder];
        if (entry && typeof entry.version === 'string' && entry.version !== version) {
            entry.version = version;
            changed = true;
        }
        if (folder === '' && typeof lock.version === 'string' && lock.version !== version) {
            lock.version = version;
            changed = true;
        }
    }
    if (!changed)
        return null;
    const { indent, newline } = jsonStyle(text);
    return JSON.stringify(lock, null, indent) + newline;
}

/** Placeholders are release facts only; anything else in braces is a mistake worth naming. */
function checkPlaceholders(name, text) {
    const unknown = unknownPlaceholders(text);
    if (unknown.length > 0) {
        throw inputError(name, `{${unknown[0]}} is not a placeholder; use ${PLACEHOLDERS.map(p => `{${p}}`).join(', ')}.`);
    }
}
const BUMPS$1 = ['auto', 'major', 'minor', 'patch', 'prerelease'];
function readBump(input) {
    const value = input.text('bump');
    const choice = value.toLowerCase();
    if (choice === 'auto')
        return { kind: 'auto' };
    if (choice === 'prerelease')
        return { kind: 'prerelease' };
    if (choice === 'major' || choice === 'minor' || choice === 'patch')
        return { kind: 'type', type: choice };
    const exact = semver.valid(value.replace(/^v/, ''));
    if (exact)
        return { kind: 'exact', version: exact };
    throw inputError('bump', `${quoted(value)} is not one of ${BUMPS$1.join(', ')}, nor a version such as 1.2.3.`);
}
function readVersion(input, name) {
    const value = input.text(name);
    if (value === '')
        return null;
    const version = semver.valid(value.replace(/^v/, ''));
    if (!version)
        throw inputError(name, `${quoted(value)} is not a semantic version such as 1.2.3.`);
    return version;
}
function readPrereleaseId(input) {
    const value = input.text('prerelease-id');
    // A letter first: a numeric identifier would sort as a number, and one with a leading 0 is not semver at all.
    if (value !== '' && !/^[A-Za-z][0-9A-Za-z-]{0,29}$/.test(value)) {
        throw inputError('prerelease-id', `${quoted(value)} is not a pre-release identifier: start with a letter, then letters, digits and '-', such as rc or beta.`);
    }
    return value;
}
/** Versions to check the shape of what tag-prefix and placeholders make, before there is a real one. */
const SAMPLE_VERSIONS = ['1.2.3', '10.20.30-rc.0'];
// The part of a tag name a user chooses: letters, digits and . _ - / @ (api@1.2.3, changesets' @acme/api@1.2.3),
// not starting with '-', '.' or '/'.
const TAG_PREFIX = /^(?![-./])[A-Za-z0-9._/@-]{0,40}$/;
function readTagPrefix(input) {
    // Empty is a prefix too: tags like 1.2.3.
    const value = input.text('tag-prefix', { fallback: false });
    const fix = "use letters, digits, '.', '_', '-', '/' or '@' (not first), such as v, release- or api@, or leave it empty.";
    if (!TAG_PREFIX.test(value) ||
        !SAMPLE_VERSIONS.every(version => isValidRefName(`refs/tags/${value}${version}`)))
        throw inputError('tag-prefix', `${quoted(value)} cannot start a git tag name: ${fix}`);
    if (/\d$/.test(value))
        throw inputError('tag-prefix', `${quoted(value)} ends with a digit, which runs into the version (${value}1.2.3): end it with a letter, '-', '_', '.' or '/'.`);
    if (/^refs\//i.test(value))
        throw inputError('tag-prefix', `${quoted(value)} starts with refs/: give the start of the tag's name only, such as v.`);
    return value;
}
/** The changelog is written only by the version commit, and must not be one of the files that commit rewrites. */
function readChangelogFile(input, commitVersion, versionFile) {
    const file = input.path('changelog-file', 'CHANGELOG.md');
    if (file === null)
        return null;
    if (!commitVersion)
        throw inputError('changelog-file', 'it is written only in the version commit: set commit-version: true as well, or leave changelog-file empty.');
    const rewritten = [versionFile ?? DEFAULT_VERSION_FILES, 'package-lock.json'].flat();
    if (rewritten.some(path => path.toLowerCase() === file.toLowerCase()))
        throw inputError('changelog-file', `${quoted(file)} is a file the version commit rewrites with the version; name a separate changelog, such as CHANGELOG.md.`);
    return file;
}
function readCommitMessage(input) {
    const message = input.text('commit-message', { multiline: true, max: 2_000 });
    checkPlaceholders('commit-message', message);
    return message;
}
const NOTES_TYPES_EXAMPLE = '[{type: feat, section: Features}, {type: docs, hidden: true}]';
/** The conventionalcommits preset's `types`: which commit types get which section, and which are hidden. */
function readNotesTypes(input) {
    const value = input.text('release-notes-types', { multiline: true, max: 10_000 });
    if (value === '')
        return null;
    let parsed;
    try {
        parsed = yaml().parse(value, { maxAliasCount: 0 });
    }
    catch (error) {
        throw inputError('release-notes-types', `it is not YAML: ${error.message.split('\n')[0]}. Give a list such as ${NOTES_TYPES_EXAMPLE}.`);
    }
    if (!Array.isArray(parsed) || parsed.length === 0 || parsed.length > 50)
        throw inputError('release-notes-types', `it must be a list of 1 to 50 entries such as ${NOTES_TYPES_EXAMPLE}.`);
    return parsed.map((entry, index) => {
        const { type, section, hidden, ...rest } = (entry ?? {});
        const where = `entry ${index + 1}`;
        if (entry === null || typeof entry !== 'object' || Array.isArray(entry))
            throw inputError('release-notes-types', `${where} must be a map such as {type: feat, section: Features}.`);
        if (typeof type !== 'string' || !/^[a-z][a-z0-9-]{0,29}$/i.test(type))
            throw inputError('release-notes-types', `${where} needs a type: a commit type such as feat or fix.`);
        if (Object.keys(rest).length > 0)
            throw inputError('release-notes-types', `${where} has ${Object.keys(rest).join(', ')}; use type, section and hidden.`);
        if (hidden !== undefined && typeof hidden !== 'boolean')
            throw inputError('release-notes-types', `${where}: hidden is true or false.`);
        if (section !== undefined &&
            (typeof section !== 'string' ||
                section.trim() === '' ||
                section.length > 100 ||
                /[\r\n<>]/.test(section)))
            throw inputError('release-notes-types', `${where}: section is a title of at most 100 characters, on one line.`);
        if (section === undefined && hidden !== true)
            throw inputError('release-notes-types', `${where} needs a section title, or hidden: true.`);
        return {
            type: type.toLowerCase(),
            ...(section !== undefined ? { section: section.trim() } : {}),
            ...(hidden !== undefined ? { hidden } : {})
        };
    });
}
function readVersionConfig(input) {
    const versionFile = input.path('version-file', 'package.json or VERSION');
    const commitVersion = input.boolean('commit-version');
    return {
        bump: readBump(input),
        prereleaseId: readPrereleaseId(input),
        tagPrefix: readTagPrefix(input),
        initialVersion: readVersion(input, 'initial-version'),
        versionFile,
        commitVersion,
        changelogFile: readChangelogFile(input, commitVersion, versionFile),
        commitMessage: readCommitMessage(input),
        releaseNotes: input.choice('release-notes', ['conventional', 'github', 'none']),
        releaseNotesTypes: readNotesTypes(input),
        draftUntilDeployed: input.boolean('draft-until-deployed'),
        makeLatest: input.choice('make-latest', ['true', 'false', 'legacy']),
        majorTag: input.boolean('major-tag'),
        minorTag: input.boolean('minor-tag')
    };
}

const MAX_DISPATCH_INPUTS = 25;
const WORKFLOW_FILE = /^(?!.*\.\.)\w[\w.-]{0,99}\.ya?ml$/;
const WORKFLOW_ID = /^[1-9]\d{0,14}$/;
const WORKFLOWS_FOLDER = '.github/workflows/';
/** A workflow file name or id; `.github/workflows/deploy.yml` is that file's name, any other path is refused. */
function readWorkflow(input) {
    const value = input.text('deploy-workflow');
    if (value === '')
        return null;
    const name = value.startsWith(WORKFLOWS_FOLDER) ? value.slice(WORKFLOWS_FOLDER.length) : value;
    if (WORKFLOW_ID.test(name) || WORKFLOW_FILE.test(name))
        return name;
    throw inputError('deploy-workflow', `${quoted(value)} is not a workflow file name (such as deploy.yml, in .github/workflows of the repository released) or a workflow id.`);
}
/**
 * A ref the dispatch can name, whatever the release: placeholders are filled with sample releases, and each result
 * must be what `git check-ref-format --allow-onelevel` accepts.
 */
function readDeployRef(input, tagPrefix) {
    const value = input.text('deploy-ref', { max: 200 }) || '{tag}';
    checkPlaceholders('deploy-ref', value);
    // What branch and tag names are made of in practice; git allows more (quotes, '$', '#'), GitHub's UI does not.
    if (!/^[A-Za-z0-9._/+{}-]+$/.test(value) || value === 'HEAD')
        throw inputError('deploy-ref', `${quoted(value)} is not a branch or tag such as {tag}, main or refs/heads/main: use letters, digits, '.', '_', '-', '+' and '/'.`);
    const other = /\{(sha|previous-version)\}/.exec(value);
    if (other)
        throw inputError('deploy-ref', `{${other[1]}} cannot name the ref: a dispatch runs at a branch or tag of this release; use {tag} or {version}.`);
    const samples = SAMPLE_VERSIONS.map(version => fillPlaceholders(value, releaseFacts({ version, tag: `${tagPrefix}${version}`, previousVersion: null }, { sha: '', branch: '' })));
    // A leading '-' is valid in a full ref name, but not in a branch or tag name, which would read as an option.
    const wrong = samples.find(ref => !isValidRefName(ref, { allowOneLevel: true }) || /[{}]/.test(ref) || ref.startsWith('-'));
    if (wrong !== undefined)
        throw inputError('deploy-ref', `${quoted(value)} is not a git ref such as {tag}, main or refs/heads/main (filled in, it could be ${quoted(wrong)}).`);
    if (/^refs\//.test(value) && !/^refs\/(heads|tags)\//.test(value))
        throw inputError('deploy-ref', `${quoted(value)} is neither a branch nor a tag (refs/heads/… or refs/tags/…).`);
    return value;
}
function readDeployInputs(input) {
    const entries = input.map('deploy-inputs', '{"environment": "production"}');
    if (entries.size > MAX_DISPATCH_INPUTS) {
        throw inputError('deploy-inputs', `${entries.size} inputs; GitHub accepts at most ${MAX_DISPATCH_INPUTS} for a workflow_dispatch.`);
    }
    for (const value of entries.values())
        checkPlaceholders('deploy-inputs', value);
    // A prototype-less object: no key can reach a prototype wherever it is looked up.
    return Object.assign(Object.create(null), Object.fromEntries(entries));
}
function readDeployConfig(input, tagPrefix) {
    const deployWorkflow = readWorkflow(input);
    const command = input.text('deploy-command');
    if (deployWorkflow !== null && command !== '')
        throw inputError('deploy-command', 'set deploy-workflow or deploy-command, not both.');
    const deployRef = readDeployRef(input, tagPrefix);
    const deployInputs = readDeployInputs(input);
    // Both belong to the dispatch: without a workflow they would be ignored without a word.
    if (deployWorkflow === null && input.text('deploy-ref') !== '')
        throw inputError('deploy-ref', 'it is used only with deploy-workflow: set that too, or leave deploy-ref empty.');
    if (deployWorkflow === null && Object.keys(deployInputs).length > 0)
        throw inputError('deploy-inputs', `they are used only with deploy-workflow: set that too, or leave deploy-inputs empty${command === '' ? '' : ' (deploy-command gets the release in RELEASE_* variables)'}.`);
    const deployWait = input.boolean('deploy-wait');
    return {
        deployWorkflow,
        deployRef,
        deployInputs,
        deployWait,
        deployTimeoutSeconds: input.duration('deploy-timeout'),
        deployCommand: command === '' ? null : input.command('deploy-command', command),
        ...readRollback(input, { workflow: deployWorkflow !== null, command: command !== '', deployWait })
    };
}
function readRollback(input, deploy) {
    const rollback = input.boolean('rollback');
    const text = input.text('rollback-command');
    if (!rollback) {
        if (text !== '')
            throw inputError('rollback-command', 'it is used only with rollback: true; set that too, or leave it empty.');
        return { rollback, rollbackCommand: null };
    }
    if (!deploy.workflow && !deploy.command)
        throw inputError('rollback', 'there is no deploy to roll back: set deploy-workflow or deploy-command too.');
    if (deploy.workflow && !deploy.deployWait)
        throw inputError('rollback', 'a rollback follows a deploy run that failed, which only a run waited for can show: set deploy-wait: true.');
    if (deploy.workflow && text !== '')
        throw inputError('rollback-command', 'with deploy-workflow the rollback dispatches that workflow at the previous tag; leave rollback-command empty.');
    if (deploy.command && text === '')
        throw inputError('rollback-command', 'it is empty: with deploy-command, give the command that deploys the previous release (it gets that release in RELEASE_* variables).');
    return { rollback, rollbackCommand: text === '' ? null : input.command('rollback-command', text) };
}

/**
 * Release windows: when automatic releases may happen, as a team writes it (`Mon-Thu 09:00-16:00 Europe/Berlin`).
 * Wall-clock times are read in the window's IANA time zone with the runtime's Intl, so daylight-saving changes are
 * the time zone database's business, not ours.
 */
const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MINUTES_A_DAY = 24 * 60;
const MINUTE_MS = 60_000;
/** How far ahead the next opening is looked for: a week and a day covers every weekly window and a DST change. */
const LOOK_AHEAD_MS = 8 * MINUTES_A_DAY * MINUTE_MS;
/** Why a line is not a window, in words that say how to write one. */
class WindowSyntaxError extends Error {
    name = 'WindowSyntaxError';
}
const EXAMPLE$1 = 'Mon-Thu 09:00-16:00 Europe/Berlin';
/**
 * `Mon-Thu 09:00-16:00 Europe/Berlin`, `Mon,Wed,Fri 10:00-12:00 UTC`, `Daily 08:00-18:00 America/New_York`.
 * Throws a WindowSyntaxError that says how to write it, with the value as `quote` shows it.
 */
function parseReleaseWindow(text, quote = value => `'${value}'`) {
    const parts = text.trim().split(/\s+/);
    if (parts.length !== 3)
        throw new WindowSyntaxError(`${quote(text)} is not a window: write days, hours and a time zone, such as ${EXAMPLE$1}.`);
    const [daysText = '', hoursText = '', timeZone = ''] = parts;
    const days = parseDays(daysText, quote);
    const hours = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/.exec(hoursText);
    if (!hours)
        throw new WindowSyntaxError(`${quote(hoursText)} is not a span of hours: write it as 09:00-16:00 (24-hour clock).`);
    const start = minutesOf(hours[1], hours[2]);
    const end = minutesOf(hours[3], hours[4]);
    if (start === null || end === null || end > MINUTES_A_DAY || start >= MINUTES_A_DAY)
        throw new WindowSyntaxError(`${quote(hoursText)} has a time that is not on a clock (00:00 to 24:00).`);
    if (end <= start)
        throw new WindowSyntaxError(`${quote(hoursText)} ends before it starts: a window ends on the day it starts (up to 24:00); write a window that crosses midnight as two lines.`);
    if (!isTimeZone(timeZone))
        throw new WindowSyntaxError(`${quote(timeZone)} is not an IANA time zone: use a name such as Europe/Berlin, America/New_York or UTC.`);
    return { text: `${daysText} ${hoursText} ${timeZone}`, days, start, end, timeZone };
}
function minutesOf(hours, minutes) {
    const h = Number(hours);
    const m = Number(minutes);
    return m < 60 && h <= 24 && (h < 24 || m === 0) ? h * 60 + m : null;
}
function dayIndex(name, quote) {
    const index = DAY_NAMES.findIndex(day => day.toLowerCase() === name.slice(0, 3).toLowerCase());
    // Mon, Monday: the first three letters name the day, the rest must spell it.
    const full = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'][index];
    if (index < 0 || name.length < 3 || !full?.startsWith(name.toLowerCase()))
        throw new WindowSyntaxError(`${quote(name)} is not a day: use Mon, Tue, Wed, Thu, Fri, Sat, Sun.`);
    return index;
}
/** `Mon-Fri`, `Fri-Mon` (through the weekend), `Mon,Wed,Fri`, `Daily` (or `*`). */
function parseDays(text, quote) {
    if (/^(daily|\*)$/i.test(text))
        return new Set([0, 1, 2, 3, 4, 5, 6]);
    const days = new Set();
    for (const item of text.split(',')) {
        const [from, to, ...rest] = item.split('-');
        if (rest.length > 0 || !from)
            throw new WindowSyntaxError(`${quote(item)} is not a day or a range of days such as Mon-Thu.`);
        const first = dayIndex(from, quote);
        const last = to === undefined ? first : dayIndex(to, quote);
        for (let day = first;; day = (day + 1) % 7) {
            days.add(day);
            if (day === last)
                break;
        }
    }
    return days;
}
function isTimeZone(name) {
    try {
        new Intl.DateTimeFormat('en-US', { timeZone: name });
        return true;
    }
    catch {
        return false;
    }
}
const formatters = new Map();
/** The day of the week and the time of day at `ms` in a time zone. */
function wallClock(ms, timeZone) {
    let format = formatters.get(timeZone);
    if (!format) {
        format = new Intl.DateTimeFormat('en-US', {
            timeZone,
            weekday: 'short',
            hour: '2-digit',
            minute: '2-digit',
            hourCycle: 'h23'
        });
        formatters.set(timeZone, format);
    }
    const parts = Object.fromEntries(format.formatToParts(ms).map(part => [part.type, part.value]));
    return {
        day: DAY_NAMES.indexOf(parts.weekday),
        minutes: Number(parts.hour) * 60 + Number(parts.minute)
    };
}
function isOpen(window, ms) {
    const { day, minutes } = wallClock(ms, window.timeZone);
    return window.days.has(day) && minutes >= window.start && minutes < window.end;
}
/** Minutes from a wall-clock time to the window's next start, as the clock reads (DST aside). */
function minutesToNextStart(window, now) {
    for (let ahead = 0; ahead <= 7; ahead++) {
        const day = (now.day + ahead) % 7;
        const wait = ahead * MINUTES_A_DAY + window.start - now.minutes;
        if (window.days.has(day) && wait > 0)
            return wait;
    }
    return 7 * MINUTES_A_DAY;
}
/**
 * When the window next opens after `ms` (a closed window), or null when it does not within a week and a day. It
 * jumps by wall-clock minutes; a daylight-saving change between makes it land an hour off: early, and it jumps
 * again; late (or in a start that the clock skipped), and it steps back to the first open minute.
 */
function nextOpening(window, ms) {
    let at = ms;
    for (let jumps = 0; jumps < 16; jumps++) {
        const wait = minutesToNextStart(window, wallClock(at, window.timeZone));
        at = Math.floor(at / MINUTE_MS) * MINUTE_MS + wait * MINUTE_MS;
        if (at - ms > LOOK_AHEAD_MS)
            return null;
        if (isOpen(window, at)) {
            for (let back = 0; back < 120 && at - MINUTE_MS > ms && isOpen(window, at - MINUTE_MS); back++)
                at -= MINUTE_MS;
            return at;
        }
    }
    return null;
}
/** Whether any of the windows is open at `ms`; when none is, the one that opens first and when. */
function checkWindows(windows, ms) {
    const open = windows.find(window => isOpen(window, ms));
    if (open)
        return { open: true, window: open };
    let next = null;
    for (const window of windows) {
        const at = nextOpening(window, ms);
        if (at !== null && (next === null || at < next.at))
            next = { window, at };
    }
    return { open: false, next };
}
/** `Tue 09:00` in the window's own time zone. */
function describeOpening(window, at) {
    const { day, minutes } = wallClock(at, window.timeZone);
    const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
    const mm = String(minutes % 60).padStart(2, '0');
    return `${DAY_NAMES[day]} ${hh}:${mm}`;
}

const MAX_PACKAGES = 100;
const NAME = /^(?![-.])[A-Za-z0-9._-]{1,60}$/;
const PACKAGE_KEYS = [
    'path',
    'name',
    'tag-prefix',
    'version-file',
    'initial-version',
    'deploy-workflow',
    'deploy-inputs'
];
const EXAMPLE = '[{path: packages/api}, {path: packages/web, name: web}]';
function readPackagesConfig(input, bump) {
    const text = input.text('packages', { multiline: true, max: 65_536 });
    const packagesFile = /^[^\n:{}[\]]+\.ya?ml$/.test(text)
        ? input.path('packages', '.github/release-packages.yml')
        : null;
    const packages = text === '' || packagesFile !== null ? null : parsePackages(text, 'packages');
    const chosen = input.text('package');
    const bumpDependents = input.boolean('bump-dependents');
    if (chosen !== '' && !NAME.test(chosen))
        throw inputError('package', `${quoted(chosen)} is not a package name such as api.`);
    if (packages === null && packagesFile === null) {
        if (chosen !== '')
            throw inputError('package', "it names one of the packages input's packages: set packages too, or leave package empty.");
        return { packages: null, packagesFile: null, package: null, bumpDependents };
    }
    if (packages)
        checkChosen(packages, chosen === '' ? null : chosen, bump);
    if (packagesFile && bump.kind !== 'auto' && chosen === '')
        throw ambiguousBump();
    return { packages, packagesFile, package: chosen === '' ? null : chosen, bumpDependents };
}
function ambiguousBump() {
    return inputError('package', 'a bump or version given by hand is for one package: name it with package (e.g. package: api), or use bump: auto.');
}
/** The package a run is limited to must exist; a bump given by hand needs one when there are several. */
function checkChosen(declared, chosen, bump) {
    if (chosen !== null && !declared.packages.some(spec => spec.name === chosen))
        throw inputError('package', `${quoted(chosen)} is not one of the packages: ${declared.packages.map(spec => spec.name).join(', ')}.`);
    if (chosen === null && bump.kind !== 'auto' && declared.packages.length > 1)
        throw ambiguousBump();
}
/**
 * The packages YAML: a list of packages, or a map with `packages` (that list) and `fixed` (lists of names). Every
 * problem is an input error naming the entry, before anything is requested (or, for a file, before anything is
 * written). `source` names where the text came from in messages.
 */
function parsePackages(text, source) {
    let parsed;
    try {
        const document = yaml().parseDocument(text, { uniqueKeys: true });
        const problem = document.errors[0] ?? document.warnings[0];
        if (problem)
            throw problem;
        parsed = document.toJS({ maxAliasCount: 10 });
    }
    catch (error) {
        const said = shown(String(error.message).split('\n')[0] ?? '', 200);
        throw packagesError(source, `it is not YAML: ${said}. Give a list such as ${EXAMPLE}.`);
    }
    const { list, fixed } = splitDeclaration(parsed, source);
    if (list.length === 0 || list.length > MAX_PACKAGES)
        throw packagesError(source, `give 1 to ${MAX_PACKAGES} packages, such as ${EXAMPLE}.`);
    const packages = list.map((entry, index) => readEntry(entry, index, source));
    checkPackages(packages, source);
    return { packages, fixed: readFixed(fixed, packages, source) };
}
function splitDeclaration(parsed, source) {
    if (Array.isArray(parsed))
        return { list: parsed, fixed: undefined };
    if (parsed !== null && typeof parsed === 'object') {
        const { packages, fixed, ...rest } = parsed;
        if (Object.keys(rest).length > 0)
            throw packagesError(source, `${Object.keys(rest).map(quoted).join(', ')}: use packages and fixed.`);
        if (Array.isArray(packages))
            return { list: packages, fixed };
    }
    throw packagesError(source, `it must be a list of packages such as ${EXAMPLE}, or a map with packages: and fixed:.`);
}
function packagesError(source, message) {
    return inputError(source === 'packages' ? 'packages' : `packages (${source})`, message);
}
/** One entry, read with the readers of the inputs of the same name, so that it is held to the same rules. */
function readEntry(entry, index, source) {
    const where = `package ${index + 1}`;
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry))
        throw packagesError(source, `${where} must be a map such as {path: packages/api}.`);
    const fields = entry;
    const unknown = Object.keys(fields).filter(key => !PACKAGE_KEYS.includes(key));
    if (unknown.length > 0)
        throw packagesError(source, `${where} has ${unknown.map(quoted).join(', ')}; use ${PACKAGE_KEYS.join(', ')}.`);
    const value = (key) => {
        const item = fields[key];
        if (item === undefined || item === null)
            return '';
        if (key === 'deploy-inputs' && typeof item === 'object')
            return JSON.stringify(item);
        if (typeof item === 'object')
            throw packagesError(source, `${where}: ${key} must be text.`);
        return String(item);
    };
    const entryInputs = new Inputs(key => value(key));
    const within = (read) => {
        try {
            return read();
        }
        catch (error) {
            if (!(error instanceof ActionError))
                throw error;
            throw packagesError(source, `${where}: ${error.message.replace(/^Invalid input '([^']+)': /, '$1: ')}`);
        }
    };
    const path = within(() => readPackagePath(value('path')));
    const name = value('name').trim() || (path === '.' ? '' : (path.split('/').pop() ?? ''));
    if (!NAME.test(name))
        throw packagesError(source, name === ''
            ? `${where} (path .) needs a name: the root package's tags are named after it.`
            : `${where}: name ${quoted(name)} must be letters, digits, '.', '_' and '-', such as api.`);
    const prefixGiven = fields['tag-prefix'] !== undefined && fields['tag-prefix'] !== null;
    const named = (text) => `${where} (${name}): ${text}`;
    const rethrow = (read) => {
        try {
            return within(read);
        }
        catch (error) {
            throw packagesError(source, named(error.message.replace(/^Invalid input '[^']+': package \d+: /, '')));
        }
    };
    const tagPrefix = prefixGiven
        ? rethrow(() => readTagPrefix(entryInputs))
        : rethrow(() => readTagPrefix(new Inputs(key => (key === 'tag-prefix' ? `${name}@` : ''))));
    const versionFile = rethrow(() => entryInputs.path('version-file', `${path === '.' ? '' : `${path}/`}package.json`));
    const deployWorkflow = rethrow(() => readWorkflow(entryInputs));
    const deployInputs = value('deploy-inputs') === '' ? null : rethrow(() => readDeployInputs(entryInputs));
    if (deployInputs && deployWorkflow === null)
        throw packagesError(source, named('deploy-inputs go with its own deploy-workflow; set that too.'));
    return {
        name,
        path,
        tagPrefix,
        versionFile,
        initialVersion: rethrow(() => readVersion(entryInputs, 'initial-version')),
        deployWorkflow,
        deployInputs
    };
}
/** A folder inside the repository: '.' for its root, else a relative path without '.', '..' or empty parts. */
function readPackagePath(raw) {
    const value = raw.trim().replace(/\/+$/, '');
    if (value === '.' || value === './')
        return '.';
    if (value === '')
        throw inputError('path', `every package needs a path, such as packages/api (or . for the root).`);
    checkPlainText('path', value);
    return new Inputs(() => value.replace(/^\.\//, '')).path('path', 'packages/api') ?? '.';
}
/** Paths that do not nest (the root '.' aside), names that differ, and tag prefixes no other prefix starts with. */
function checkPackages(packages, source) {
    for (const [index, spec] of packages.entries()) {
        for (const other of packages.slice(index + 1)) {
            if (other.name === spec.name)
                throw packagesError(source, `two packages are named ${quoted(spec.name)}; give each its own name.`);
            if (spec.path !== '.' && other.path !== '.' && nests(spec.path, other.path))
                throw packagesError(source, `the paths of ${spec.name} (${spec.path}) and ${other.name} (${other.path}) overlap: a file would belong to both; give packages separate folders.`);
            if (spec.path === other.path)
                throw packagesError(source, `${spec.name} and ${other.name} have the same path ${quoted(spec.path)}.`);
            const [shorter, longer] = spec.tagPrefix.length <= other.tagPrefix.length ? [spec, other] : [other, spec];
            if (longer.tagPrefix.startsWith(shorter.tagPrefix))
                throw packagesError(source, `the tag prefix of ${longer.name} (${quoted(longer.tagPrefix)}) starts with that of ${shorter.name} (${quoted(shorter.tagPrefix)}), so their tags could be taken for each other; give them distinct prefixes such as api@ and web@.`);
        }
    }
}
function nests(a, b) {
    return a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);
}
function readFixed(fixed, packages, source) {
    if (fixed === undefined || fixed === null)
        return [];
    const example = 'fixed: [[api, web]]';
    if (!Array.isArray(fixed))
        throw packagesError(source, `fixed is a list of groups of package names, such as ${example}.`);
    const seen = new Set();
    return fixed.map((group, index) => {
        if (!Array.isArray(group) || group.length < 2 || group.some(name => typeof name !== 'string'))
            throw packagesError(source, `fixed group ${index + 1} must list two or more package names, such as ${example}.`);
        for (const name of group) {
            if (!packages.some(spec => spec.name === name))
                throw packagesError(source, `fixed group ${index + 1} names ${quoted(name)}, which is not one of the packages (${packages.map(spec => spec.name).join(', ')}).`);
            if (seen.has(name))
                throw packagesError(source, `${quoted(name)} is in more than one fixed group (or twice in one).`);
            seen.add(name);
        }
        return group;
    });
}
/** Whether the repository is released as several packages (declared inline or in a file). */
function hasPackages(config) {
    return config.packages !== null || config.packagesFile !== null;
}
/**
 * Each package's deploy workflow must be its own: a deploy run is known by its workflow and commit, and every
 * package's tag of one run is at the same commit, so two packages sharing a workflow could take each other's run
 * for their own. A package without deploy-workflow uses the input's.
 */
function checkDeployWorkflows(declared, shared, source) {
    const byWorkflow = new Map();
    for (const spec of declared.packages) {
        const workflow = spec.deployWorkflow ?? shared;
        if (workflow === null)
            continue;
        const other = byWorkflow.get(workflow);
        if (other !== undefined)
            throw packagesError(source, `${other} and ${spec.name} would both deploy with ${workflow}; a deploy run is known by its workflow and commit, and both packages are tagged at one commit. Give each package its own deploy-workflow.`);
        byWorkflow.set(workflow, spec.name);
    }
}
/**
 * The Latest mark a rerun completes when a lost answer left it missing: with packages, none. GitHub keeps one
 * Latest release per repository, so another package's newer release holding it is no fault to repair; each release
 * is still marked Latest when it is made or published, if it is its package's highest.
 */
function latestToComplete(config) {
    return hasPackages(config) ? 'false' : config.makeLatest;
}

const MAX_RATE_LIMIT_WAIT_SECONDS = 120;
/** Decides whether to wait out a rate limit (GitHub says how long), and says so in the log. */
function waitOutRateLimit(log, kind, maxRetries) {
    return (retryAfter, options, _octokit, retryCount) => {
        const wait = retryCount < maxRetries && retryAfter <= MAX_RATE_LIMIT_WAIT_SECONDS;
        log.warning(`GitHub ${kind} for ${options.method} ${options.url}; ${wait ? `retrying in ${retryAfter}s` : 'giving up'}.`);
        return wait;
    };
}
/** How long one attempt of a GitHub request may take, unless createOctokit is told otherwise. */
const REQUEST_TIMEOUT_MS = 30_000;
/** A GitHub request attempt that got no complete answer in time. */
class GitHubTimeout extends Error {
    timeoutMs;
    request;
    name = 'GitHubTimeout';
    /** Like a network error: a 5xx to the retry plugin, which retries it where retries are allowed. */
    status = 500;
    constructor(timeoutMs, request) {
        super(`GitHub did not answer ${request.method} ${request.url} within ${timeoutMs / 1000}s`);
        this.timeoutMs = timeoutMs;
        this.request = request;
    }
}
/**
 * An Octokit plugin: every attempt of every request gets its own timeout. Registered before the retry plugin, so
 * that each retry is a new attempt with a new timeout, and a timed-out GET is retried like a 5xx; requests sent
 * with `request: { retries: 0 }` (writes that could double) are not.
 */
function requestTimeout(timeoutMs) {
    return octokit => {
        // The hooks of one request share its options object, across retries too: each attempt sets its own signal on
        // it, joined with the caller's signal (if any), remembered from the first attempt.
        const callerSignals = new WeakMap();
        octokit.hook.wrap('request', async (request, options) => {
            if (!callerSignals.has(options))
                callerSignals.set(options, options.request?.signal);
            const callerSignal = callerSignals.get(options);
            const timeout = AbortSignal.timeout(timeoutMs);
            options.request = {
                ...options.request,
                signal: callerSignal ? AbortSignal.any([callerSignal, timeout]) : timeout
            };
            try {
                return await request(options);
            }
            catch (error) {
                if (!timeout.aborted)
                    throw error;
                // Without the headers: nothing that carries the token is kept on an error.
                throw new GitHubTimeout(timeoutMs, {
                    method: options.method,
                    url: options.url,
                    request: options.request
                });
            }
        });
        return {};
    };
}
/**
 * Octokit with retries for 5xx, network errors and timed-out attempts (each has `timeoutMs`), and waits for
 * primary and secondary rate limits.
 *
 * Behind a proxy (HTTPS_PROXY and friends, unless NO_PROXY exempts the API), `@actions/github` builds it: it routes
 * requests through the proxy with undici. Without one, which is the usual case, the same Octokit is built from its
 * parts on a fetch made of `node:http` and `node:https` (http-fetch.ts): neither the 0.9 MB of undici that
 * `@actions/github` bundles nor the copy inside Node (its global fetch) is loaded, a third of a run's start-up.
 */
async function createOctokit(token, baseUrl, log, timeoutMs = REQUEST_TIMEOUT_MS) {
    const [{ getProxyUrl }, { retry }, { throttling }] = await Promise.all([
        import('./proxy.js'),
        import('./github-client.js').then(function (n) { return n.i; }),
        import('./github-client.js').then(function (n) { return n.a; })
    ]);
    const options = {
        baseUrl,
        retry: { doNotRetry: [400, 401, 403, 404, 409, 410, 422, 451] },
        throttle: {
            onRateLimit: waitOutRateLimit(log, 'rate limit reached', 2),
            onSecondaryRateLimit: waitOutRateLimit(log, 'secondary rate limit', 3)
        }
    };
    const plugins = [requestTimeout(timeoutMs), retry, throttling];
    if (getProxyUrl(new URL(baseUrl))) {
        const { getOctokit } = await import('./github.js');
        return getOctokit(token, options, ...plugins);
    }
    const [{ Octokit }, { restEndpointMethods }, { paginateRest }, { createHttpFetch }] = await Promise.all([
        import('./github-client.js').then(function (n) { return n.b; }),
        import('./github-client.js').then(function (n) { return n.c; }),
        import('./github-client.js').then(function (n) { return n.d; }),
        import('./github-client.js').then(function (n) { return n.h; })
    ]);
    const GitHub = Octokit.plugin(restEndpointMethods, paginateRest, ...plugins);
    return new GitHub({
        ...options,
        auth: `token ${token}`,
        userAgent: userAgent(process.env),
        request: { fetch: createHttpFetch() }
    });
}
/**
 * What `@actions/github` sends: Octokit's own user agent, tagged with the runner's orchestration id when there is
 * one (GitHub relates the requests to the workflow run by it).
 */
function userAgent(env) {
    const id = env.ACTIONS_ORCHESTRATION_ID?.trim();
    return id ? `actions_orchestration_id/${id.replace(/[^a-z0-9_.-]/gi, '_')}` : undefined;
}
/** The status of a failed GitHub request, or null when the error did not come from GitHub. */
function statusOf(error) {
    const status = error?.status;
    return typeof status === 'number' ? status : null;
}
/** The number of the last page a `Link` header names, or 1 when there is only one. */
function lastPageOf(link) {
    const match = link && /[?&]page=(\d+)[^>]*>;\s*rel="last"/.exec(link);
    return match?.[1] ? Number(match[1]) : 1;
}
/** The permissions calls need, by GitHub's names, so that a refusal can name the missing one. */
const PERMISSION = {
    contentsRead: 'contents: read',
    contentsWrite: 'contents: write',
    actionsRead: 'actions: read',
    actionsWrite: 'actions: write',
    checksRead: 'checks: read',
    statusesRead: 'statuses: read',
    pullRequestsRead: 'pull-requests: read',
    issuesRead: 'issues: read',
    metadataRead: 'metadata: read'
};
/** GitHub's own words for a failure (its `message`, else the error's), without the documentation link. */
function messageOf(error) {
    const message = error?.response?.data?.message;
    return (typeof message === 'string' ? message : String(error?.message ?? error)).replace(/\s*-\s*https:\/\/docs\.github\.com\S*/, '');
}
/** GitHub's own words for a failure, with the details of a 422's `errors` list. */
function githubMessage(error) {
    const data = error.response?.data;
    const details = Array.isArray(data?.errors)
        ? data.errors
            .map(item => {
            if (typeof item === 'string')
                return item;
            const { message: text, resource, field, code } = (item ?? {});
            return typeof text === 'string'
                ? text
                : [resource, field, code].filter(part => typeof part === 'string').join(' ');
        })
            .filter(Boolean)
        : [];
    const said = messageOf(error);
    return details.length > 0 ? `${said} (${details.join('; ')})` : said;
}
/** Turns GitHub's refusals into errors that say what to change; anything else keeps GitHub's message. */
function explain(error, purpose) {
    if (error instanceof ActionError)
        return error;
    const status = statusOf(error);
    const said = githubMessage(error);
    if (status === 401) {
        return new ActionError('missing-permission', `GitHub refused the token (401) while trying to ${purpose.action}: it is invalid or expired. Check the github-token input.`, {
            input: 'github-token'
        });
    }
    if (status === 403 && !/rate limit/i.test(said)) {
        return new ActionError('missing-permission', `GitHub refused to ${purpose.action} (403: ${said}). The token needs '${purpose.permission}': add it to the job's permissions block, or pass a token that has it in github-token.`, { permission: purpose.permission });
    }
    if (status === 404) {
        return new ActionError('not-found', `GitHub answered 404 when trying to ${purpose.action}: it does not exist, or the token cannot see it. The token needs '${purpose.permission}' on the repository.`, { permission: purpose.permission });
    }
    if (error instanceof GitHubTimeout)
        return new ActionError('github-error', `GitHub request to ${purpose.action} timed out: ${error.message}${error.request.method === 'GET' ? ', also when retried' : ''}.`);
    const label = status === null ? 'failed' : `failed with ${status}`;
    return new ActionError('github-error', `GitHub request to ${purpose.action} ${label}: ${said}`);
}
/** Runs one GitHub call and explains its failure in the user's terms. */
async function call(purpose, request) {
    try {
        return await request();
    }
    catch (error) {
        throw explain(error, purpose);
    }
}
/** Like `call`, but the statuses given (by default 404) mean "there is none" and yield null. */
async function callOrNull(purpose, request, noneStatuses = [404]) {
    try {
        return await request();
    }
    catch (error) {
        const status = statusOf(error);
        if (status !== null && noneStatuses.includes(status))
            return null;
        throw explain(error, purpose);
    }
}

/**
 * Where the young generation stops growing: both semi-spaces together, as V8 reports `new_space`. It may still
 * double once before the check below sees it, so it ends at most at 32 MB, Node 20's largest.
 */
const STOP_GROWING_AT_BYTES = 16 * 1024 * 1024;
let capped = false;
/**
 * Keeps V8's young generation at Node 20's size while a long history is read. V8 doubles the young generation
 * whenever more survives its scavenges than it holds; reading 50,000 commits keeps 20 MB of them, so on Node 24,
 * whose V8 allows semi-spaces of 64 MB, it grows to 128 MB, and most of that is garbage counted in the peak memory
 * (Node 20's V8 stops at 32 MB). `--max-semi-space-size` is read only when the heap is made, before the action
 * runs; the growth factor is read each time the young generation grows, so setting it to 1 once the young
 * generation has reached 16 MB stops it there. Scavenges then run more often on the same survivors: no
 * measurable time at 50,000 commits.
 */
function capYoungGeneration() {
    if (capped)
        return;
    capped = true;
    // Loaded here, not at start-up: a short history never needs them.
    const { PerformanceObserver } = process.getBuiltinModule('node:perf_hooks');
    const { getHeapSpaceStatistics, setFlagsFromString } = process.getBuiltinModule('node:v8');
    // Checked after each collection (the observer runs soon after, between pages).
    const observer = new PerformanceObserver(() => {
        const young = getHeapSpaceStatistics().find(space => space.space_name === 'new_space');
        if (young === undefined || young.space_size < STOP_GROWING_AT_BYTES)
            return;
        setFlagsFromString('--semi-space-growth-factor=1');
        observer.disconnect();
    });
    observer.observe({ entryTypes: ['gc'] });
}

/**
 * A page of history is 150–400 KB of JSON. Parsed whole, its text lands in V8's large-object space and every
 * commit object GitHub sends (author, committer, URLs, verification) is built only to be thrown away: at 50,000
 * commits that garbage, not what is kept, decides the peak memory. So a page's bytes are split into its items
 * first, and each item (a kilobyte or two) is parsed on its own; the rest of the page is parsed without them.
 *
 * The splitter only finds where each value ends: strings (with their escapes) and nesting. It trusts the bytes to
 * be JSON, as JSON.parse then checks: anything malformed throws there.
 */
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const decoder = new TextDecoder();
function isSpace(byte) {
    return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}
function skipSpace(bytes, at) {
    while (isSpace(bytes[at]))
        at++;
    return at;
}
/** The index after the string that starts at `at` (its opening quote). */
function skipString(bytes, at) {
    for (let index = at + 1; index < bytes.length; index++) {
        const byte = bytes[index];
        if (byte === BACKSLASH)
            index++;
        else if (byte === QUOTE)
            return index + 1;
    }
    throw new SyntaxError('Unterminated string in JSON');
}
/** The index after the value that starts at `at` (no leading space). */
function skipValue(bytes, at) {
    const first = bytes[at];
    if (first === QUOTE)
        return skipString(bytes, at);
    if (first !== OPEN_BRACE && first !== OPEN_BRACKET) {
        let index = at;
        while (index < bytes.length) {
            const byte = bytes[index];
            if (byte === COMMA || byte === CLOSE_BRACE || byte === CLOSE_BRACKET || isSpace(byte))
                break;
            index++;
        }
        return index;
    }
    let depth = 0;
    for (let index = at; index < bytes.length; index++) {
        const byte = bytes[index];
        if (byte === QUOTE)
            index = skipString(bytes, index) - 1;
        else if (byte === OPEN_BRACE || byte === OPEN_BRACKET)
            depth++;
        else if ((byte === CLOSE_BRACE || byte === CLOSE_BRACKET) && --depth === 0)
            return index + 1;
    }
    throw new SyntaxError('Unexpected end of JSON input');
}
/** The items of the array that starts at `at` (its `[`), parsed one by one, and the index after it. */
function arrayItems(bytes, at, item) {
    const items = [];
    let index = skipSpace(bytes, at + 1);
    if (bytes[index] === CLOSE_BRACKET)
        return { items, end: index + 1 };
    for (;;) {
        const end = skipValue(bytes, index);
        items.push(item(JSON.parse(decoder.decode(bytes.subarray(index, end)))));
        index = skipSpace(bytes, end);
        if (bytes[index] === CLOSE_BRACKET)
            return { items, end: index + 1 };
        if (bytes[index] !== COMMA)
            throw new SyntaxError(`Expected ',' or ']' at ${index} in JSON`);
        index = skipSpace(bytes, index + 1);
    }
}
/** A JSON array, each item parsed on its own and passed through `item` before the next is read. */
function parseArray(bytes, item) {
    const start = skipSpace(bytes, 0);
    if (bytes[start] !== OPEN_BRACKET)
        return JSON.parse(decoder.decode(bytes)).map(item);
    return arrayItems(bytes, start, item).items;
}
/**
 * A JSON object whose member `key` is an array: that array's items are parsed one by one through `item`, the
 * rest of the object at once. Returns the object with the mapped items under `key`.
 */
function parseWithItems(bytes, key, item) {
    let index = skipSpace(bytes, 0);
    if (bytes[index] === OPEN_BRACE) {
        index = skipSpace(bytes, index + 1);
        while (bytes[index] === QUOTE) {
            const keyEnd = skipString(bytes, index);
            const name = JSON.parse(decoder.decode(bytes.subarray(index, keyEnd)));
            index = skipSpace(bytes, keyEnd);
            if (bytes[index] !== COLON)
                break;
            const valueStart = skipSpace(bytes, index + 1);
            if (name === key && bytes[valueStart] === OPEN_BRACKET) {
                const { items, end } = arrayItems(bytes, valueStart, item);
                const rest = `${decoder.decode(bytes.subarray(0, valueStart))}[]${decoder.decode(bytes.subarray(end))}`;
                return { ...JSON.parse(rest), [key]: items };
            }
            index = skipSpace(bytes, skipValue(bytes, valueStart));
            if (bytes[index] !== COMMA)
                break;
            index = skipSpace(bytes, index + 1);
        }
    }
    const whole = JSON.parse(decoder.decode(bytes));
    const list = whole[key];
    return Array.isArray(list) ? { ...whole, [key]: list.map(item) } : whole;
}

const PER_PAGE = 100;
/**
 * History pages after the first are requested in rounds of this many, sent together (see readRestInRounds). GitHub
 * allows at most 100 concurrent requests, REST and GraphQL together ("About secondary rate limits",
 * https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api): one round of 10 is in flight
 * at a time, well within it. 10 is also what Octokit's throttling plugin lets run at once (its global limiter), so
 * a larger round would leave in two parts, two round trips. A release's budget is ⌈N/800⌉ + 6 round trips in
 * sequence for N commits; the tags, the first page and the five requests of a release take 7, so rounds of 10
 * meet it for any history above 3,200 commits and up to 100; between, 101–800, 1,101–1,600, 2,101–2,400 and
 * 3,101–3,200 commits take one round trip more (from 101 commits, the pages after the first need a round). The
 * per-minute limit (900 points, one per GET) counts requests, not concurrency: rounds do not bring a history
 * nearer to it.
 */
const PAGE_ROUND = 10;
/**
 * All tags with the commit each points at (annotated tags already peeled by GitHub). The first page says how many
 * follow (its `Link`); those are read together, not one after another.
 */
async function listTags(client) {
    const page = (number) => call({ action: 'list the tags', permission: PERMISSION.contentsRead }, () => client.octokit.rest.repos.listTags({
        owner: client.owner,
        repo: client.repo,
        per_page: PER_PAGE,
        page: number
    }));
    const first = await page(1);
    const rest = await Promise.all(Array.from({ length: Math.max(0, lastPageOf(first.headers.link) - 1) }, (_, index) => page(index + 2)));
    return [first, ...rest].flatMap(response => response.data.map(tag => ({ name: tag.name, sha: tag.commit.sha })));
}
function shared(table, sha) {
    const known = table.get(sha);
    if (known !== undefined)
        return known;
    table.set(sha, sha);
    return sha;
}
/** Only what the analysis reads: the sha, the message and the parents (merges bring pull requests in). */
function toSourceCommit(commit, shas) {
    const parentShas = commit.parents.map(parent => shared(shas, parent.sha));
    return {
        sha: shared(shas, commit.sha),
        message: commit.commit.message,
        parents: parentShas.length,
        parentShas,
        committedAt: earlier(commit.commit.author?.date, commit.commit.committer?.date)
    };
}
/** The earlier of a commit's author and committer dates: `since` filters by one of them (see listPathCommits). */
function earlier(a, b) {
    if (!a || !b)
        return a ?? b ?? null;
    return Date.parse(a) <= Date.parse(b) ? a : b;
}
/**
 * A history page's bytes, read as they arrive. Octokit would parse every answer with a reviver that checks each
 * value for big integers, several times slower than JSON.parse on the megabytes a long history takes; and with
 * `parseSuccessResponseBody: false` it hands back only the body stream and drops the response, whose body undici
 * cancels when the response is garbage-collected first. So the client's own fetch is wrapped for these requests:
 * a successful answer's body is read there, and Octokit gets the status and headers (rate limits, `Link`).
 */
async function readPage(client, send, onSend = () => undefined) {
    const clientFetch = client.octokit.request.endpoint.DEFAULTS.request?.fetch ?? fetch;
    let bytes = null;
    const response = await send({
        parseSuccessResponseBody: false,
        fetch: async (url, init) => {
            onSend();
            const answer = await clientFetch(url, init);
            if (!answer.ok)
                return answer;
            bytes = new Uint8Array(await answer.arrayBuffer());
            // Not a `new Response`: on Node 24 that global alone loads Node's internal undici, which the client avoids.
            const { status, statusText, url: answered, headers } = answer;
            return { status, statusText, url: answered, headers, ok: true, body: null };
        }
    });
    if (bytes === null)
        throw new Error('GitHub answered a history page without its body');
    return { bytes, response };
}
function comparePurpose(base, head) {
    return {
        action: `compare ${base.slice(0, 12)}...${head.slice(0, 12)}`,
        permission: PERMISSION.contentsRead
    };
}
/** The bytes of one page of a comparison; `onSend` is called when the request leaves for GitHub. */
async function comparePageBytes(client, base, head, page, perPage, onSend) {
    return call(comparePurpose(base, head), async () => {
        const { bytes } = await readPage(client, request => client.octokit.rest.repos.compareCommitsWithBasehead({
            owner: client.owner,
            repo: client.repo,
            basehead: `${base}...${head}`,
            page,
            per_page: perPage,
            request
        }), onSend);
        return bytes;
    });
}
/** One page of a comparison, its commits made by the reader. */
function parseComparePage(bytes, read, shas) {
    const commit = (value) => read(toSourceCommit(value, shas));
    const data = parseWithItems(bytes, 'commits', commit);
    return {
        status: data.status,
        aheadBy: data.ahead_by,
        commits: data.commits,
        files: (data.files ?? []).map(file => file.filename)
    };
}
async function comparePage(client, base, head, read, page, perPage, shas = new Map()) {
    const bytes = await comparePageBytes(client, base, head, page, perPage);
    return call(comparePurpose(base, head), async () => parseComparePage(bytes, read, shas));
}
/**
 * Pages 2 to `last`, in rounds of PAGE_ROUND requests sent together, each round once the one before it has
 * arrived: a round is one round trip in sequence, however long the pages take to read. The round before is read
 * (in page order) while a round travels, and only once all of its requests are on their way: reading holds the
 * thread, and a request that left after another of its round was answered would be a round trip of its own. At
 * most two rounds of page bytes are held at once.
 */
async function readRestInRounds(last, fetchPage, readItems) {
    const read = [];
    let arrived = [];
    for (let first = 2; first <= last; first += PAGE_ROUND) {
        const round = Array.from({ length: Math.min(PAGE_ROUND, last - first + 1) }, (_, index) => {
            let sent = () => undefined;
            const leaving = new Promise(resolve => (sent = resolve));
            const bytes = fetchPage(first + index, () => sent());
            bytes.catch(() => undefined);
            // A request that fails before it leaves counts as gone.
            return { bytes, left: Promise.race([leaving, bytes.then(noop, noop)]) };
        });
        await Promise.all(round.map(request => request.left));
        // The requests are handed to the network; one turn of the event loop writes them.
        await setImmediate();
        for (const bytes of arrived)
            read.push(await readItems(await bytes));
        arrived = round.map(request => request.bytes);
        await Promise.all(arrived);
    }
    for (const bytes of arrived)
        read.push(await readItems(await bytes));
    return read;
}
function noop() { }
/** Compares base with head and, when base is an ancestor, reads every commit between them, pages in rounds. */
async function compareAll(client, base, head, read) {
    const shas = new Map();
    const first = await comparePage(client, base, head, read, 1, PER_PAGE, shas);
    const comparison = { ...first };
    if (first.status !== 'ahead')
        return comparison;
    const pages = Math.ceil(first.aheadBy / PER_PAGE);
    if (pages > PAGE_ROUND)
        capYoungGeneration();
    const rest = await readRestInRounds(pages, (page, onSend) => comparePageBytes(client, base, head, page, PER_PAGE, onSend), async (bytes) => (await call(comparePurpose(base, head), async () => parseComparePage(bytes, read, shas))).commits);
    for (const commits of rest)
        comparison.commits.push(...commits);
    return comparison;
}
/** How `base` stands to `head` and how many commits head is ahead, with one small request. */
async function compareCount(client, base, head) {
    const { status, aheadBy } = await comparePage(client, base, head, commit => commit.sha, 1, 1);
    return { status, aheadBy };
}
/** Whether `ancestor` is in the history of `head`, with one small request. */
async function isAncestor(client, ancestor, head) {
    const data = await comparePage(client, ancestor, head, commit => commit.sha, 1, 1);
    return data.status === 'ahead' || data.status === 'identical';
}
/** The whole history of a commit (used when there is no earlier release): the first page says how many pages follow. */
async function listAllCommits(client, sha, read, only = {}) {
    const of = only.path ? ` that touch ${only.path}` : '';
    const purpose = {
        action: `list the commits of ${sha.slice(0, 7)}${of}`,
        permission: PERMISSION.contentsRead
    };
    const shas = new Map();
    const fetchPage = (number, onSend) => call(purpose, () => readPage(client, request => client.octokit.rest.repos.listCommits({
        owner: client.owner,
        repo: client.repo,
        sha,
        ...only,
        per_page: PER_PAGE,
        page: number,
        request
    }), onSend));
    const readCommits = (bytes) => call(purpose, async () => parseArray(bytes, value => read(toSourceCommit(value, shas))));
    const first = await fetchPage(1);
    const pages = lastPageOf(first.response.headers.link);
    if (pages > PAGE_ROUND)
        capYoungGeneration();
    const commits = await readCommits(first.bytes);
    const rest = await readRestInRounds(pages, async (number, onSend) => (await fetchPage(number, onSend)).bytes, readCommits);
    return [commits, ...rest].flat();
}
/**
 * The commits of `head`'s history that touch `path` (a file or a folder), committed at or after `since`: what a
 * monorepo's package counts, without a request per commit (GitHub filters the history by path, 100 a page).
 */
async function listPathCommits(client, head, path, since) {
    const shas = await listAllCommits(client, head, commit => commit.sha, {
        path,
        ...(since ? { since } : {})
    });
    return new Set(shas);
}

/**
 * Untrusted text: commit messages, pull request titles and labels, check names, BEAST MODE's answers, the output
 * of quality and deploy commands, GitHub's generated notes. Wherever it goes — the job log, annotations, the job
 * summary, step outputs, release bodies — it goes through this module first, so that it stays text:
 *
 * - Control characters go (but tab and line feed), as do terminal escape sequences and the invisible characters
 *   that hide or reorder text (zero-width space, word joiner, byte order mark, bidi embeddings, overrides and
 *   isolates). Line breaks become `\n`: the runner also ends a line at a lone `\r`.
 * - Every line is capped at MAX_LINE_LENGTH characters, with a visible CUT marker.
 * - Workflow commands are neutralised. The runner reads `::name::` at the start of a line (after blanks) and the
 *   legacy `##[name]` anywhere in a line; in plain text a zero-width space goes between the two characters that
 *   would start one, in Markdown a backslash escape (which renders as nothing).
 * - In Markdown, no HTML: a `<` that could open a tag, comment or autolink becomes `&lt;`.
 *
 * Everything here is a single pass over the text (or a few), with regular expressions that cannot backtrack
 * more than linearly, so a 10 MB answer costs milliseconds.
 */
/** The longest line of untrusted text kept, in UTF-16 code units. */
const MAX_LINE_LENGTH = 4096;
/** Replaces what was cut. */
const CUT = '…(cut)';
/** Inserted where a workflow command would start in plain text; it is invisible and not a blank to the runner. */
const ZERO_WIDTH_SPACE = '\u200b';
/**
 * C0 controls except tab and line feed, DEL and the C1 controls; zero-width space, word joiner and the invisible
 * operators, bidi embeddings, overrides and isolates, the byte order mark, the Mongolian vowel separator and the
 * interlinear annotation characters. (Zero-width joiners and non-joiners stay: emoji and several scripts need them.)
 */
const HIDDEN$1 = 
// eslint-disable-next-line no-control-regex -- control characters are what it is about
/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u180e\u200b\u2060-\u2064\u202a-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb]/g;
/**
 * Terminal escape sequences: CSI (colours, cursor moves) and OSC (titles, hyperlinks) up to their terminator.
 * The classes are disjoint and an OSC ends at the next ESC, so every match attempt is bounded by the next ESC.
 */
// eslint-disable-next-line no-control-regex -- escape sequences start with the ESC control character
const TERMINAL_ESCAPE = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?/g;
const LINE_BREAK = /\r\n|\r|\n/;
/**
 * Untrusted text made safe for plain-text sinks — the job log, annotations, plain step outputs: cleaned, capped,
 * and no line of it a workflow command. Lines stay lines.
 */
function untrusted(text, limits = {}) {
    return mapLines(text, limits, neutraliseLine);
}
/** Untrusted text cleaned and capped, but not neutralised: for sinks that escape it themselves (Markdown). */
function cleanText(text, limits = {}) {
    return mapLines(text, limits, line => line);
}
/**
 * A Markdown document from elsewhere — GitHub's generated release notes, a release body — made inert while its
 * Markdown (headings, lists, links, emphasis) keeps working: HTML comments are dropped (they render as nothing),
 * every other `<` that could open a tag, comment or autolink becomes `&lt;` (so `<img onerror>` or `<script>`
 * show as the text they are, also inside code, where `&lt;` shows as written), images become text, and no line
 * is a workflow command. Applying it twice changes nothing more.
 */
function sanitiseMarkdownDocument(text, limits = {}) {
    const maxLineLength = limits.maxLineLength ?? MAX_DOCUMENT_LINE_LENGTH;
    // Cleaned with room to spare, then escaped, then capped: so that a second pass finds nothing more to cut.
    return mapLines(stripHtmlComments(text), { ...limits, maxLineLength: maxLineLength * 4 }, line => cutText(escapeDocumentLine(line), maxLineLength));
}
/** Release bodies hold up to 125,000 characters; a line of a document may be longer than a line of a title. */
const MAX_DOCUMENT_LINE_LENGTH = 16_384;
/** The number of bytes the text takes in UTF-8, as GitHub counts output and summary sizes. */
function utf8Length(text) {
    let bytes = 0;
    for (let index = 0; index < text.length; index++) {
        const code = text.charCodeAt(index);
        if (code < 0x80)
            bytes += 1;
        else if (code < 0x800)
            bytes += 2;
        else if (isSurrogatePairAt(text, index)) {
            bytes += 4;
            index++;
        }
        else
            bytes += 3;
    }
    return bytes;
}
function isSurrogatePairAt(text, index) {
    const high = text.charCodeAt(index);
    const low = text.charCodeAt(index + 1);
    return high >= 0xd800 && high <= 0xdbff && low >= 0xdc00 && low <= 0xdfff;
}
/**
 * The text cut to at most `maxBytes` bytes of UTF-8 including `marker`, at a line break when one is near the
 * end, never inside a character; the text itself when it fits.
 */
function cutToBytes(text, maxBytes, marker) {
    if (utf8Length(text) <= maxBytes)
        return text;
    const room = maxBytes - utf8Length(marker);
    if (room <= 0)
        return '';
    let kept = 0;
    let bytes = 0;
    while (kept < text.length) {
        const code = text.charCodeAt(kept);
        const pair = isSurrogatePairAt(text, kept);
        const size = code < 0x80 ? 1 : code < 0x800 ? 2 : pair ? 4 : 3;
        if (bytes + size > room)
            break;
        bytes += size;
        kept += pair ? 2 : 1;
    }
    const lineEnd = text.lastIndexOf('\n', kept - 1);
    const end = lineEnd >= kept / 2 ? lineEnd : kept;
    return text.slice(0, end) + marker;
}
/** The first `length` code units, without splitting a surrogate pair. */
function sliceWhole(text, length) {
    if (text.length <= length)
        return text;
    return text.slice(0, length > 0 && isSurrogatePairAt(text, length - 1) ? length - 1 : length);
}
/** Text cut to `length` code units with the CUT marker; the text itself when it is short enough. */
function cutText(text, length) {
    return text.length <= length ? text : sliceWhole(text, length) + CUT;
}
function mapLines(text, limits, neutralise) {
    const maxLineLength = limits.maxLineLength ?? MAX_LINE_LENGTH;
    const maxLength = limits.maxLength ?? Infinity;
    const source = limits.singleLine ? text.replace(/[\r\n]+/g, ' ') : text;
    const lines = source.split(LINE_BREAK);
    const kept = [];
    let length = 0;
    for (const [index, line] of lines.entries()) {
        const clean = neutralise(cleanLine(line, maxLineLength));
        const room = maxLength - length;
        if (clean.length > room) {
            if (room > 0)
                kept.push(cutText(clean, room));
            const rest = lines.length - index - (room > 0 ? 1 : 0);
            if (rest > 0)
                kept.push(`…(cut: ${rest} more line${rest === 1 ? '' : 's'})`);
            break;
        }
        kept.push(clean);
        length += clean.length + 1;
    }
    return kept.join('\n');
}
function cleanLine(line, maxLength) {
    // A line is read at most four times its cap (escape sequences and hidden characters shrink it), so a single
    // 10 MB line costs no more than a short one.
    const bound = Number.isFinite(maxLength) ? maxLength * 4 : Infinity;
    const read = line.length > bound ? line.slice(0, bound) : line;
    let clean = read.replace(TERMINAL_ESCAPE, '').replace(HIDDEN$1, '');
    if (clean.length > maxLength)
        clean = sliceWhole(clean, maxLength) + CUT;
    else if (read.length < line.length)
        clean += CUT;
    return clean;
}
/** A blank-led `::` (the runner trims blanks before it reads a command). */
const LEADING_COMMAND = /^(\s*):(?=:)/;
function neutraliseLine(line) {
    let safe = line.replace(LEADING_COMMAND, `$1:${ZERO_WIDTH_SPACE}`);
    if (safe.includes('##['))
        safe = safe.replaceAll('##[', `##${ZERO_WIDTH_SPACE}[`);
    // core's escapes for command data (%0A, %0D, %25): inert in text, broken for whoever builds commands from it.
    if (safe.includes('%'))
        safe = safe.replace(/%(?=0[ad]|25)/gi, `%${ZERO_WIDTH_SPACE}`);
    return safe;
}
/** In Markdown, a backslash before the second character of a command keeps the text as it renders. */
function neutraliseMarkdownLine(line) {
    let safe = line.replace(LEADING_COMMAND, '$1\\:');
    if (safe.includes('##['))
        safe = safe.replaceAll('##[', '##\\[');
    return safe;
}
/**
 * What follows a `<` that starts HTML: a tag or closing tag (`<img`, `</x`), a comment, declaration or CDATA (`<!`), a
 * processing instruction (`<?`); and URL autolinks, whose scheme starts with a letter. Nothing else is HTML to
 * CommonMark or GitHub, so `a < b` and `a <= b` stay as they are.
 */
const HTML_START_CHAR = /[A-Za-z/!?]/;
function escapeDocumentLine(line) {
    let safe = line.includes('<') ? escapeTags(line) : line;
    if (safe.includes('!['))
        safe = safe.replaceAll('![', '!\\[');
    return neutraliseMarkdownLine(safe);
}
/**
 * Every `<` that starts HTML becomes `&lt;`. One already escaped with a backslash (`\<img`) loses the backslash
 * for the entity, which shows the same and leaves no `<img` in the text for a less careful renderer to read.
 */
function escapeTags(line) {
    let escaped = '';
    let from = 0;
    for (let index = line.indexOf('<'); index >= 0; index = line.indexOf('<', index + 1)) {
        if (!HTML_START_CHAR.test(line[index + 1] ?? ''))
            continue;
        let backslashes = 0;
        while (index - backslashes - 1 >= from && line[index - backslashes - 1] === '\\')
            backslashes++;
        escaped += line.slice(from, backslashes % 2 === 1 ? index - 1 : index) + '&lt;';
        from = index + 1;
    }
    return escaped + line.slice(from);
}
/** Drops `<!-- … -->` comments, which render as nothing; an unclosed one stays, to be escaped with the rest. */
function stripHtmlComments(text) {
    if (!text.includes('<!--'))
        return text;
    let kept = '';
    let from = 0;
    for (;;) {
        const open = text.indexOf('<!--', from);
        if (open < 0)
            break;
        const close = text.indexOf('-->', open + 4);
        if (close < 0)
            break;
        kept += text.slice(from, open);
        from = close + 3;
    }
    return kept + text.slice(from);
}
/**
 * `@name`, `@org/team` (and `@everyone`-style words) that GitHub would turn into mentions, notifying people, in
 * Markdown that goes into a comment: a zero-width space (as an entity, which survives GitHub's sanitiser and
 * any cleaning of invisible characters) goes after the `@`, so it reads the same and notifies no one. An `@`
 * inside a word (an e-mail address) is no mention and stays as it is.
 */
function neutraliseMentions(markdown) {
    return markdown.replace(MENTION, '$1@&#8203;');
}
const MENTION = /(^|[^\p{L}\p{N}_`@])@(?=[\p{L}\p{N}])/gu;

const passed = (reason, facts) => ({ status: 'passed', reason, facts });
const warned = (reason, facts) => ({ status: 'warned', reason, facts });
const skipped = (reason, facts = {}) => ({
    status: 'skipped',
    reason,
    facts
});
const blocked = (reason, facts = {}, error) => ({
    status: 'blocked',
    reason,
    facts,
    ...(error ? { error } : {})
});
/**
 * Steps in order, each typed by what the steps before it found: `then` only accepts a step whose input the
 * earlier steps provide, so no step reads a fact that may not be there.
 */
class Pipeline {
    steps;
    constructor(steps) {
        this.steps = steps;
    }
    static start() {
        return new Pipeline([]);
    }
    then(step) {
        return new Pipeline([...this.steps, step]);
    }
}
/** The steps as not run yet, for a report of a run that stopped before them. */
function notRun(steps) {
    return steps.map(step => ({ id: step.id, title: step.title, status: 'not-run', reason: '', durationMs: 0 }));
}
/**
 * Runs the steps in order and stops at the first that skips or blocks. In a dry run, writing steps are simulated
 * ("dry run: would …"), never run.
 */
async function runPipeline(pipeline, initial, runtime) {
    const { clock, log, config } = runtime;
    const results = notRun(pipeline.steps);
    const known = { ...initial };
    let prepared = false;
    for (const [index, step] of pipeline.steps.entries()) {
        const result = results[index];
        const started = clock.now();
        const simulated = step.writes && config.dryRun;
        let verdict;
        try {
            verdict = await log.group(step.title, () => simulated ? Promise.resolve(step.simulate(known, runtime)) : step.run(known, runtime));
        }
        catch (thrown) {
            const error = asActionError(thrown);
            verdict = { status: 'blocked', reason: error.message, facts: {}, error };
            result.status = 'failed';
        }
        Object.assign(known, verdict.facts);
        if (result.status !== 'failed')
            result.status = verdict.status;
        result.reason = simulated ? `dry run: ${verdict.reason}` : verdict.reason;
        result.durationMs = clock.now() - started;
        log.info(`${step.title}: ${result.status}${result.reason ? ` — ${result.reason}` : ''}`);
        if (verdict.status === 'skipped' || verdict.status === 'blocked') {
            return {
                outcome: verdict.status,
                reason: result.reason,
                steps: results,
                known: known,
                complete: null,
                error: verdict.error ?? null
            };
        }
        if (!prepared) {
            prepared = true;
            for (const later of pipeline.steps.slice(index + 1))
                later.prepare?.(runtime);
        }
    }
    return {
        outcome: 'done',
        reason: results[results.length - 1]?.reason ?? '',
        steps: results,
        known: known,
        complete: known,
        error: null
    };
}

async function getRepository(client) {
    const { data } = await call({ action: `read the repository ${client.owner}/${client.repo}`, permission: PERMISSION.contentsRead }, () => client.octokit.rest.repos.get({ owner: client.owner, repo: client.repo }));
    return { fullName: data.full_name, defaultBranch: data.default_branch, htmlUrl: data.html_url };
}
/** The commit a branch points at. */
async function getBranchHead(client, branch) {
    const { data } = await call({ action: `read the branch ${branch}`, permission: PERMISSION.contentsRead }, () => client.octokit.rest.git.getRef({ owner: client.owner, repo: client.repo, ref: `heads/${branch}` }));
    return data.object.sha;
}
/** A text file at a commit, or null when it does not exist there. */
async function getFileText(client, path, ref) {
    const response = await callOrNull({ action: `read ${path}`, permission: PERMISSION.contentsRead }, () => client.octokit.rest.repos.getContent({ owner: client.owner, repo: client.repo, path, ref }));
    const data = response?.data;
    if (!data || Array.isArray(data) || data.type !== 'file' || !('content' in data))
        return null;
    return Buffer.from(data.content, 'base64').toString('utf8');
}
/** The first of the candidate files that exists at the commit and holds a version. */
async function findVersionFile(client, candidates, ref) {
    for (const path of candidates) {
        const text = await getFileText(client, path, ref);
        const version = text === null ? null : parseVersionFile(path, text);
        if (text !== null && version !== null)
            return { path, text, version };
    }
    return null;
}

/** The commit is green when every check run and commit status on it passed, and every required check is there. */
const greenGate = {
    id: 'green',
    title: 'Green checks',
    writes: false,
    prepare(runtime) {
        if (!runtime.config.requireGreen)
            return;
        const runId = ownRunId(runtime);
        if (runId !== null)
            void runtime.earlyReads.checkSuite(runId);
        // The commit the event names is the one released (see the branch step), unless a pull request's merge commit
        // is: checks read early for another commit than the target are simply not used.
        const { context } = runtime;
        if (!runtime.otherRepository && context.trigger !== 'pull_request' && context.sha)
            runtime.earlyReads.startChecks(context.sha);
    },
    async run({ target }, runtime) {
        const { config, log } = runtime;
        if (!config.requireGreen)
            return passed('not required (require-green: false)', { checks: { state: 'not-required', checks: [] } });
        const ownSuite = await ownCheckSuite(runtime);
        let waitingFor = [];
        const evaluation = await waitFor(runtime.clock, {
            policy: POLL,
            timeoutMs: config.waitForChecksSeconds * 1000,
            onWait: ms => log.info(`Waiting ${Math.round(ms / 1000)}s for ${waitingFor.join(', ')}`)
        }, async () => {
            const evaluation = await evaluate(runtime, target.sha, ownSuite);
            waitingFor = evaluation.waitingFor;
            return evaluation;
        }, ({ failing, waitingFor }) => failing.length > 0 || waitingFor.length === 0);
        const checks = evaluation.verdict;
        if (evaluation.failing.length > 0)
            return skipped(`checks failed: ${evaluation.failing.join(', ')}`, { checks });
        if (evaluation.waitingFor.length > 0) {
            const waited = config.waitForChecksSeconds > 0 ? ` after waiting ${config.waitForChecksSeconds}s` : '';
            return skipped(`checks not finished${waited}: ${evaluation.waitingFor.join(', ')}`, { checks });
        }
        const count = checks.checks.length;
        return passed(count === 0 ? 'no checks or statuses on the commit' : `${count} checks passed`, { checks });
    }
};
/** The workflow run asking, when it runs in the repository it releases: its own job is no check to wait for. */
function ownRunId(runtime) {
    const { runId } = runtime.context;
    return !runtime.otherRepository && runId ? runId : null;
}
async function ownCheckSuite(runtime) {
    const runId = ownRunId(runtime);
    return runId === null ? null : runtime.earlyReads.checkSuite(runId);
}
/** The checks on a commit as the gate judges them (once, no waiting): also what a pull request's preview shows. */
async function evaluateChecks(runtime, sha) {
    return evaluate(runtime, sha, await ownCheckSuite(runtime));
}
async function evaluate(runtime, sha, ownSuite) {
    const { ignoreChecks, requiredChecks } = runtime.config;
    const [all, { minimatch }] = await Promise.all([runtime.earlyReads.takeChecks(sha), import('./minimatch.js')]);
    const ignored = (check) => (ownSuite !== null && check.checkSuiteId === ownSuite) ||
        ignoreChecks.some(pattern => minimatch(check.name, pattern));
    const checks = all.filter(check => !ignored(check));
    const named = (state) => checks.filter(check => check.state === state).map(check => `${check.name} (${check.detail})`);
    const failing = named('failure');
    const missing = requiredChecks.filter(name => !checks.some(check => check.name === name));
    const waitingFor = [...named('pending'), ...missing.map(name => `${name} (not reported yet)`)];
    const state = failing.length > 0 ? 'failure' : waitingFor.length > 0 ? 'pending' : 'success';
    return { verdict: { state, checks }, failing, waitingFor };
}

/** How the report names each rule. */
const GUARDRAIL_NAMES = {
    window: 'Release window',
    freeze: 'Freeze',
    cadence: 'Cadence',
    major: 'Major release'
};
/** `45m`, `3h 20m`, `2d 4h`: a span to the nearest minute (at least one), for messages. */
function formatSpan(ms) {
    const minutes = Math.max(1, Math.round(ms / 60_000));
    const days = Math.floor(minutes / 1440);
    const hours = Math.floor((minutes % 1440) / 60);
    const rest = minutes % 60;
    const parts = [days > 0 ? `${days}d` : '', hours > 0 ? `${hours}h` : '', rest > 0 ? `${rest}m` : ''];
    return parts.filter(Boolean).slice(0, 2).join(' ');
}
/** `2026-03-29 09:30 UTC`: a moment to the minute. */
function formatMoment(ms) {
    return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** The pull request as GitHub has it now (an event's copy can be stale: labels change, merges happen). */
async function getPullRequest(client, number) {
    const { data } = await call({ action: `read pull request #${number}`, permission: PERMISSION.pullRequestsRead }, () => client.octokit.rest.pulls.get({ owner: client.owner, repo: client.repo, pull_number: number }));
    return {
        number: data.number,
        title: data.title,
        merged: data.merged,
        mergeCommitSha: data.merge_commit_sha,
        baseRef: data.base.ref,
        labels: data.labels.map(label => label.name),
        mergedBy: data.merged_by?.login ?? null
    };
}
/** The user's role on the repository: admin, maintain, write, triage, read, or none (also for apps and bots). */
async function getRole(client, username) {
    const response = await callOrNull({ action: `read the permission of ${username}`, permission: PERMISSION.metadataRead }, () => client.octokit.rest.repos.getCollaboratorPermissionLevel({
        owner: client.owner,
        repo: client.repo,
        username
    }));
    return response ? response.data.role_name || response.data.permission : 'none';
}
/** GitHub lists at most 3,000 files of a pull request. */
const MAX_PULL_FILES = 3_000;
/** The paths a pull request changed (GitHub lists at most 3,000), pages after the first read together. */
async function listPullFiles(client, number) {
    const page = (index) => call({ action: `list the files of pull request #${number}`, permission: PERMISSION.pullRequestsRead }, () => client.octokit.rest.pulls.listFiles({
        owner: client.owner,
        repo: client.repo,
        pull_number: number,
        per_page: 100,
        page: index
    }));
    const first = await page(1);
    const last = Math.min(lastPageOf(first.headers.link), MAX_PULL_FILES / 100);
    const rest = await Promise.all(Array.from({ length: Math.max(0, last - 1) }, (_, index) => page(index + 2)));
    return [first, ...rest].flatMap(response => response.data.map(file => file.filename));
}

/** Who may override a freeze: the people who may change the repository's settings. */
const FREEZE_OVERRIDERS = new Set(['admin', 'maintain']);
/**
 * When and how often automatic releases may happen: the release windows, a freeze, and the cadence, checked in that
 * order and each reported. A rule that is not configured costs nothing; a freeze by issue costs one request, the
 * cadence one. A person's manual dispatch may override the window and (as an admin or maintainer) a freeze, and
 * is not held to the cadence.
 */
const guardrailsStep = {
    id: 'guardrails',
    title: 'Guardrails',
    writes: false,
    // The freeze and the last release are read with the first step's reads, not after them.
    prepare: startReads,
    async run(_known, runtime) {
        const { report, stops } = await checkGuardrails(runtime);
        return verdictOf(report, stops);
    }
};
/** Every configured guardrail, checked in order; what stops the run, in that order. Also what a preview shows. */
async function checkGuardrails(runtime) {
    startReads(runtime);
    const report = { checks: [], overrides: [] };
    const stops = [];
    const note = (check, stop) => {
        report.checks.push(check);
        if (stop)
            stops.push(stop);
    };
    checkWindow(runtime, report, note);
    await checkFreeze(runtime, report, note);
    await checkCadence(runtime, note);
    return { report, stops };
}
/** Starts the reads the configured guardrails need, together (each is made once per run). */
function startReads(runtime) {
    const { freeze, freezeLabel, minReleaseIntervalSeconds, tagPrefix } = runtime.config;
    if (freeze === null && freezeLabel !== null)
        void runtime.earlyReads.freezeIssue(freezeLabel);
    if (minReleaseIntervalSeconds !== null && !isManual(runtime))
        void runtime.earlyReads.lastPublished(tagPrefix);
}
function isManual(runtime) {
    return runtime.context.trigger === 'workflow_dispatch';
}
function actorOf(runtime) {
    return runtime.context.actor ?? 'the dispatcher';
}
function checkWindow(runtime, report, note) {
    const { releaseWindows, overrideWindow } = runtime.config;
    if (releaseWindows.length === 0)
        return;
    const verdict = checkWindows(releaseWindows, runtime.serverTime.now());
    if (verdict.open) {
        note({ rule: 'window', state: 'passed', detail: `inside the release window ${verdict.window.text}` });
        return;
    }
    const windows = releaseWindows.map(window => window.text).join(', ');
    const next = verdict.next
        ? `; next window opens ${describeOpening(verdict.next.window, verdict.next.at)}`
        : '';
    const outside = `outside the release window ${windows}${next}`;
    if (isManual(runtime) && overrideWindow) {
        const by = actorOf(runtime);
        note({ rule: 'window', state: 'overridden', detail: `${outside}; overridden by ${by} (override-window)` });
        report.overrides.push({ rule: 'window', by, detail: outside });
        return;
    }
    const how = isManual(runtime)
        ? '; dispatch with override-window: true to release now'
        : '; a manual dispatch with override-window: true can release now';
    note({ rule: 'window', state: 'stopped', detail: outside }, { status: 'skipped', reason: `${outside}${how}` });
}
async function checkFreeze(runtime, report, note) {
    const { freeze, freezeLabel } = runtime.config;
    let frozen = null;
    if (freeze !== null)
        frozen = `releases are frozen: ${freeze} (the freeze input)`;
    else if (freezeLabel !== null) {
        const lookup = await runtime.earlyReads.freezeIssue(freezeLabel);
        if ('refused' in lookup) {
            note({
                rule: 'freeze',
                state: 'warned',
                detail: `could not look for a freeze: ${lookup.refused} Or set freeze-label: none to stop looking.`
            });
            return;
        }
        const issue = lookup.found;
        if (issue)
            frozen = `releases are frozen by #${issue.number} “${issue.title}” (${issue.htmlUrl})`;
    }
    if (frozen === null) {
        if (freezeLabel !== null)
            note({ rule: 'freeze', state: 'passed', detail: `no open issue labelled '${freezeLabel}'` });
        return;
    }
    if (isManual(runtime) && runtime.config.overrideFreeze) {
        const by = actorOf(runtime);
        const role = runtime.context.actor ? await getRole(runtime.repoClient, runtime.context.actor) : 'none';
        if (FREEZE_OVERRIDERS.has(role)) {
            note({ rule: 'freeze', state: 'overridden', detail: `${frozen}; overridden by ${by} (${role})` });
            report.overrides.push({ rule: 'freeze', by, detail: frozen });
            return;
        }
        const refused = `${frozen}; override-freeze refused: ${by} has ${role} access, and overriding a freeze needs admin or maintain`;
        note({ rule: 'freeze', state: 'stopped', detail: refused }, { status: 'blocked', reason: refused });
        return;
    }
    const how = freeze !== null
        ? 'clear the freeze input (its repository variable) to release'
        : `close the issue or remove its '${freezeLabel}' label to release`;
    const reason = `${frozen}; ${how}, or have an admin or maintainer dispatch with override-freeze: true`;
    note({ rule: 'freeze', state: 'stopped', detail: frozen }, { status: 'skipped', reason });
}
async function checkCadence(runtime, note) {
    const { minReleaseIntervalSeconds, tagPrefix } = runtime.config;
    if (minReleaseIntervalSeconds === null)
        return;
    const interval = formatSpan(minReleaseIntervalSeconds * 1000);
    if (isManual(runtime)) {
        note({
            rule: 'cadence',
            state: 'ignored',
            detail: `a manual dispatch is not held to min-release-interval ${interval}`
        });
        return;
    }
    const last = await runtime.earlyReads.lastPublished(tagPrefix);
    if (last === null) {
        note({ rule: 'cadence', state: 'passed', detail: 'no release published yet' });
        return;
    }
    const now = runtime.serverTime.now();
    const since = now - last.publishedAt;
    const allowedAt = last.publishedAt + minReleaseIntervalSeconds * 1000;
    const published = `${last.tag} was published ${formatSpan(since)} ago`;
    if (since >= minReleaseIntervalSeconds * 1000) {
        note({ rule: 'cadence', state: 'passed', detail: `${published} (min-release-interval ${interval})` });
        return;
    }
    const detail = `${published}; min-release-interval is ${interval}: the next release may happen after ${formatMoment(allowedAt)} (in ${formatSpan(allowedAt - now)})`;
    note({ rule: 'cadence', state: 'stopped', detail }, { status: 'skipped', reason: detail });
}
function verdictOf(report, stops) {
    const facts = { guardrails: report };
    if (report.checks.length === 0)
        return passed('none configured', facts);
    const first = stops.find(stop => stop.status === 'blocked') ?? stops[0];
    if (first) {
        const others = stops.filter(stop => stop !== first).map(stop => stop.reason);
        const reason = [first.reason, ...others.map(other => `also ${other}`)].join('; ');
        return first.status === 'blocked'
            ? blocked(reason, facts, new ActionError('guardrail', reason, { input: 'override-freeze' }))
            : skipped(reason, facts);
    }
    const summary = report.checks.map(check => check.detail).join('; ');
    return report.checks.some(check => check.state === 'warned')
        ? warned(summary, facts)
        : passed(summary, facts);
}

/**
 * Commit text as release-notes Markdown that reads like a person wrote it: quotes, apostrophes, parentheses and
 * `snake_case` stay as they are, inline code stays code, lists stay lists. What must not happen cannot: no HTML
 * (`<img onerror>` is shown, not run), no links or images the text did not come with, no emphasis running across
 * an entry, no heading or rule that fakes a section. `#12` becomes a link to the pull request.
 *
 * The rules, in one pass over the text:
 * - a code span (`` `x` ``, ``` `` a ` b `` ```) is copied as it is: Markdown shows it literally;
 * - `<` before a letter, `/`, `!` or `?` (a tag, a comment, an autolink) becomes `&lt;`; `a < b` stays;
 * - `[` and `]` are escaped, so no link, image, footnote or reference definition forms;
 * - `*`, `_` and `~` are escaped where they could close emphasis (after a non-space), except `_` inside a word;
 *   without a closer nothing can open;
 * - `$` is escaped (GitHub renders `$…$` as maths), and `&` where it starts an entity (`&lt;` stays `&lt;`);
 * - a backslash before punctuation is doubled, so that it escapes nothing of ours;
 * - an unmatched backtick is escaped;
 * - control characters and the invisible ones that hide or reorder text (bidi overrides, zero-width space) go,
 *   and a line never starts a workflow command (`::name::`) for a runner that prints the notes.
 */
const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;
const ALPHANUMERIC = /[\p{L}\p{N}]/u;
const SPACE = /\s/;
const TAG_START$1 = /[A-Za-z/!?]/;
const ENTITY$1 = /^(?:#\d{1,8}|#[xX][\da-fA-F]{1,8}|[A-Za-z][A-Za-z\d]{0,31});/;
const HIDDEN = 
// eslint-disable-next-line no-control-regex -- control characters are what it is about
/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u180e\u200b\u2060-\u2064\u202a-\u202e\u2066-\u2069\ufeff]/g;
/** Drops control characters and invisible ones; keeps tab and line feed. */
function visible(text) {
    return text.replace(HIDDEN, '');
}
/**
 * The code spans of a text, start → end, as CommonMark finds them: a run of n backticks opens a span that the
 * next run of exactly n closes; an opener without a closer is text. Linear: each run knows the next of its length.
 */
function codeSpans(text) {
    const runs = [];
    for (let index = 0; index < text.length;) {
        if (text[index] !== '`') {
            index++;
            continue;
        }
        const start = index;
        while (text[index] === '`')
            index++;
        runs.push({ start, end: index });
    }
    const nextOfLength = new Array(runs.length).fill(-1);
    const seen = new Map();
    for (let index = runs.length - 1; index >= 0; index--) {
        const run = runs[index];
        nextOfLength[index] = seen.get(run.end - run.start) ?? -1;
        seen.set(run.end - run.start, index);
    }
    const spans = new Map();
    for (let index = 0; index < runs.length; index++) {
        const closer = nextOfLength[index];
        if (closer === -1)
            continue;
        spans.set(runs[index].start, runs[closer].end);
        index = closer;
    }
    return spans;
}
function pullRequestAt(text, index) {
    const before = text[index - 1];
    if (before !== undefined && /[\w&/#]/.test(before))
        return null;
    let end = index + 1;
    while (end < text.length && end - index <= 10 && /\d/.test(text[end]))
        end++;
    const digits = end - index - 1;
    if (digits < 1 || digits > 9)
        return null;
    if (end < text.length && /\w/.test(text[end]))
        return null;
    return { number: Number(text.slice(index + 1, end)), end };
}
/** One line of commit text as inline Markdown (line breaks become spaces). */
function inlineMarkdown(source, options = {}) {
    const text = visible(source.replace(/\r\n|[\r\n\u2028\u2029]/g, ' '));
    const spans = codeSpans(text);
    let out = '';
    for (let index = 0; index < text.length;) {
        const char = text[index];
        const previous = text[index - 1];
        const next = text[index + 1];
        const spanEnd = spans.get(index);
        if (spanEnd !== undefined) {
            out += text.slice(index, spanEnd);
            index = spanEnd;
            continue;
        }
        if (char === '`') {
            while (text[index] === '`') {
                out += '\\`';
                index++;
            }
            continue;
        }
        if (char === '#' && options.pullRequestUrl) {
            const reference = pullRequestAt(text, index);
            if (reference) {
                out += `[#${reference.number}](${options.pullRequestUrl(reference.number)})`;
                options.linked?.add(reference.number);
                index = reference.end;
                continue;
            }
        }
        out +=
            char === '&' && ENTITY$1.test(text.slice(index + 1, index + 35))
                ? '&amp;'
                : escapeChar(char, previous, next);
        index++;
    }
    return out;
}
function escapeChar(char, previous, next) {
    switch (char) {
        case '$':
            return '\\$';
        case '\\':
            return next !== undefined && ASCII_PUNCTUATION.test(next) ? '\\\\' : char;
        case '<':
            // The entity, not `\\<`: no renderer reads it as a tag, not even one whose autolinking of a URL just
            // before it swallows a backslash; and the text says `<img` nowhere.
            return next !== undefined && TAG_START$1.test(next) ? '&lt;' : char;
        case '[':
        case ']':
            return `\\${char}`;
        case '*':
        case '~':
        case '_': {
            const afterSpace = previous === undefined || SPACE.test(previous);
            if (afterSpace)
                return char;
            const inWord = char === '_' && ALPHANUMERIC.test(previous) && next !== undefined && ALPHANUMERIC.test(next);
            return inWord ? char : `\\${char}`;
        }
        default:
            return char;
    }
}
const LIST_ITEM = /^(\s*)([-*+]|\d{1,9}[.)])(\s+)(.*)$/;
const FENCE$1 = /^(\s*)(`{3,}|~{3,})(.*)$/;
const RULE_OR_UNDERLINE = /^\s*([-=_*])(?:\s*\1)*\s*$/;
// Lists nest this deep in one line (`- - - x`); a deeper marker is shown as text.
const MAX_MARKERS = 8;
/**
 * One line that is not code: list markers kept (a list stays a list), and what follows each of them, like the
 * start of the line, can start nothing else: no heading, quote, rule or setext underline, workflow command.
 */
function blockLine(line, options) {
    let prefix = '';
    let rest = line;
    for (let depth = 0;; depth++) {
        if (RULE_OR_UNDERLINE.test(rest))
            return prefix + rest.trim().replace(/[-=_*]/g, '\\$&');
        const item = LIST_ITEM.exec(rest);
        if (!item)
            break;
        if (depth === MAX_MARKERS)
            return `${prefix}\\${inlineMarkdown(rest.trim(), options)}`;
        prefix += `${item[1]}${item[2]} `;
        rest = item[4] ?? '';
    }
    const indent = /^\s*/.exec(rest)?.[0] ?? '';
    const text = inlineMarkdown(rest.slice(indent.length), options);
    // A leading `#` would make a heading, a leading `>` a quote, `::` a workflow command: all are shown as the
    // characters they are.
    return prefix + indent + (/^(?:[#>]|::)/.test(text) ? `\\${text}` : text);
}
/**
 * Several lines of commit text (a breaking-change note) as Markdown blocks: paragraphs, lists (nested by their
 * indentation) and fenced code blocks keep their shape; each line's text is made safe as `inlineMarkdown` does.
 * An unclosed code block is closed.
 */
function blockMarkdown(source, options = {}) {
    const out = [];
    let fence = null;
    for (const raw of source.split(/\r\n|[\r\n\u2028\u2029]/)) {
        const line = visible(raw).trimEnd();
        const fenceLine = FENCE$1.exec(line);
        if (fence) {
            const closes = fenceLine?.[2]?.[0] === fence[0] &&
                (fenceLine?.[2]?.length ?? 0) >= fence.length &&
                !fenceLine?.[3]?.trim();
            out.push(closes ? fence : line);
            if (closes)
                fence = null;
            continue;
        }
        if (fenceLine && !(fenceLine[2]?.startsWith('`') && fenceLine[3]?.includes('`'))) {
            const marker = fenceLine[2] ?? '```';
            // The info string names a language; nothing else of it is kept. The fence starts the line, where
            // Markdown takes it for one whatever its indentation was (indented four spaces, it would be text).
            const language = /^\s*([\w+#.-]{0,30})/.exec(fenceLine[3] ?? '')?.[1] ?? '';
            fence = marker;
            out.push(`${marker}${language}`);
            continue;
        }
        if (!line.trim()) {
            out.push('');
            continue;
        }
        out.push(blockLine(line, options));
    }
    if (fence)
        out.push(fence);
    return out;
}

const DEFAULT_NOTES_SECTIONS = [
    { type: 'feat', section: 'Features' },
    { type: 'fix', section: 'Bug fixes' },
    { type: 'perf', section: 'Performance' },
    { type: 'revert', section: 'Reverts' }
];
const BREAKING_TITLE = '⚠ Breaking changes';
const MAX_ENTRIES_PER_SECTION = 100;
// GitHub refuses a release body over 125,000 characters; the rest of the budget is the compare link's.
const MAX_NOTES_LENGTH = 120_000;
const MAX_SUBJECT_LENGTH = 300;
const MAX_NOTE_LENGTH = 3_000;
const MAX_COMMIT_LINKS = 3;
function compareUrl(links, from, to) {
    return `${links.htmlUrl}/compare/${encodeURIComponent(from)}...${encodeURIComponent(to)}`;
}
function commitUrl(links, sha) {
    return `${links.htmlUrl}/commit/${sha}`;
}
function group(items) {
    const entries = new Map();
    for (const { commit, text } of items) {
        const key = `${commit.scope ?? ''}\u0000${text}`;
        const entry = entries.get(key);
        if (entry)
            entry.commits.push(commit);
        else
            entries.set(key, { scope: commit.scope, text, commits: [commit] });
    }
    return [...entries.values()];
}
/** The text cut to about `length` characters, at a line or a space when one is near, never inside a `#12`. */
function truncate(text, length, atLine = false) {
    if (text.length <= length)
        return text;
    const cut = text.lastIndexOf(atLine ? '\n' : ' ', length);
    const kept = text.slice(0, cut > length / 2 ? cut : length).replace(/#\d*$/, '');
    return `${kept.trimEnd()}…`;
}
const LIST_OR_FENCE = /^\s*(?:[-*+]\s|\d{1,9}[.)]\s|`{3,}|~{3,})/;
function renderEntry(entry, links, multiLine) {
    const linked = new Set();
    const options = { pullRequestUrl: (number) => `${links.htmlUrl}/pull/${number}`, linked };
    const scope = entry.scope ? `**${inlineMarkdown(entry.scope)}:** ` : '';
    const refs = () => {
        const shown = entry.commits.slice(0, MAX_COMMIT_LINKS);
        const parts = shown.map(commit => `[${commit.sha.slice(0, 7)}](${commitUrl(links, commit.sha)})`);
        if (entry.commits.length > shown.length)
            parts.push(`${entry.commits.length - shown.length} more`);
        const pullRequests = new Set(entry.commits.flatMap(commit => commit.pullRequests));
        for (const number of pullRequests) {
            if (!linked.has(number))
                parts.push(`[#${number}](${options.pullRequestUrl(number)})`);
        }
        return ` (${parts.join(', ')})`;
    };
    if (!multiLine)
        return `- ${scope}${inlineMarkdown(truncate(entry.text, MAX_SUBJECT_LENGTH), options)}${refs()}`;
    const lines = blockMarkdown(truncate(entry.text, MAX_NOTE_LENGTH, true), options);
    while (lines.length > 0 && !lines[lines.length - 1])
        lines.pop();
    let lead = 0;
    while (lead < lines.length && lines[lead] && !LIST_OR_FENCE.test(lines[lead]))
        lead++;
    const indent = (line) => (line ? `  ${line}` : '');
    if (lead === 0) {
        // The note starts with a list or code: the commit's subject leads it.
        const subject = inlineMarkdown(truncate(entry.commits[0]?.subject ?? '', MAX_SUBJECT_LENGTH), options);
        return [`- ${scope}${subject}${refs()}`, ...lines.map(indent)].join('\n');
    }
    const paragraph = lines.slice(0, lead);
    paragraph[lead - 1] += refs();
    const [first, ...rest] = [...paragraph, ...lines.slice(lead)];
    return [`- ${scope}${first}`, ...rest.map(indent)].join('\n');
}
function sectionsOf(rules) {
    const decided = new Set();
    const sections = [];
    for (const rule of rules) {
        const type = rule.type.toLowerCase();
        if (decided.has(type))
            continue;
        decided.add(type);
        if (rule.hidden)
            continue;
        const title = rule.section ?? rule.type;
        const section = sections.find(existing => existing.title === title);
        if (section)
            section.types.add(type);
        else
            sections.push({ title, types: new Set([type]) });
    }
    return sections;
}
/**
 * Release notes in the Conventional Commits style: breaking changes first, then one section per type (features,
 * fixes, performance and releasing reverts unless `sections` says otherwise). Commits a revert cancelled, merge
 * commits and trailers are left out. Each section lists at most 100 entries and the notes stay under GitHub's
 * limit for a release body; the compare link has the rest.
 */
function renderConventionalNotes(input) {
    const { links } = input;
    const commits = input.commits.filter(commit => commit.cancelledWith === null);
    const parts = [];
    let budget = MAX_NOTES_LENGTH;
    const section = (title, entries, multiLine) => {
        if (entries.length === 0 || budget <= 0)
            return;
        const shown = [];
        for (const entry of entries.slice(0, MAX_ENTRIES_PER_SECTION)) {
            const text = renderEntry(entry, links, multiLine);
            if (text.length + 1 > budget)
                break;
            budget -= text.length + 1;
            shown.push(text);
        }
        if (entries.length > shown.length)
            shown.push(`- …and ${entries.length - shown.length} more`);
        parts.push(`### ${inlineMarkdown(title)}\n\n${shown.join('\n')}`);
        budget -= title.length + 6;
    };
    const breaking = commits.filter(commit => commit.breaking);
    section(BREAKING_TITLE, group(breaking.flatMap(commit => commit.breakingNotes.length > 0
        ? commit.breakingNotes.map(text => ({ commit, text }))
        : [{ commit, text: commit.subject }])), true);
    for (const { title, types } of sectionsOf(input.sections ?? DEFAULT_NOTES_SECTIONS)) {
        const listed = commits.filter(commit => commit.type !== null &&
            types.has(commit.type) &&
            // A revert is news only when it releases: not the revert of a chore.
            (commit.reverts === null || commit.releaseType !== null));
        section(title, group(listed.map(commit => ({ commit, text: commit.subject }))), false);
    }
    if (parts.length === 0)
        parts.push('No user-facing changes.');
    if (input.previousTag) {
        parts.push(`**Full changelog**: ${compareUrl(links, input.previousTag, input.tag)}`);
    }
    return parts.join('\n\n') + '\n';
}

/** Release tags: the prefix followed by a semantic version (nothing else), highest first. */
function releaseTags(tags, prefix) {
    return tags
        .filter(tag => tag.name.startsWith(prefix))
        .map(tag => ({ ...tag, version: semver.valid(tag.name.slice(prefix.length)) }))
        .filter((tag) => tag.version !== null && `${prefix}${tag.version}` === tag.name)
        .sort((a, b) => semver.rcompare(a.version, b.version));
}
function isPrerelease(version) {
    return semver.prerelease(version) !== null;
}
/** GitHub refuses to mark a pre-release as the latest release: those are never latest, whatever was asked. */
function makeLatestFor(version, asked) {
    return isPrerelease(version) ? 'false' : asked;
}
/**
 * A pre-release number never reused: `1.2.0-rc.1` becomes `1.2.0-rc.3` when `1.2.0-rc.2` exists anywhere (a re-cut
 * release candidate on another line of history included).
 */
function afterExistingPrereleases(version, existing) {
    const parsed = semver.parse(version);
    const [id, number] = parsed?.prerelease ?? [];
    if (!parsed || typeof id !== 'string' || typeof number !== 'number')
        return version;
    const base = `${parsed.major}.${parsed.minor}.${parsed.patch}`;
    let highest = -1;
    for (const other of existing) {
        const candidate = semver.parse(other);
        const [otherId, otherNumber] = candidate?.prerelease ?? [];
        if (candidate && `${candidate.major}.${candidate.minor}.${candidate.patch}` === base && otherId === id)
            if (typeof otherNumber === 'number')
                highest = Math.max(highest, otherNumber);
    }
    return highest >= number ? `${base}-${id}.${highest + 1}` : version;
}

function toRelease(data) {
    return {
        id: data.id,
        tagName: data.tag_name,
        htmlUrl: data.html_url,
        draft: data.draft,
        prerelease: data.prerelease,
        body: data.body ?? '',
        createdAt: data.created_at
    };
}
/**
 * Every release of the repository, newest first, drafts included: GitHub has no lookup of drafts by tag, and a
 * draft left by an earlier run may be older than the newest hundred. Pages after the first are read in parallel.
 */
async function listAllReleases(client) {
    const purpose = { action: 'list the releases', permission: PERMISSION.contentsRead };
    const page = (number) => call(purpose, () => client.octokit.rest.repos.listReleases({
        owner: client.owner,
        repo: client.repo,
        per_page: 100,
        page: number
    }));
    const first = await page(1);
    const rest = await Promise.all(Array.from({ length: Math.max(0, lastPageOf(first.headers.link) - 1) }, (_, index) => page(index + 2)));
    return [first, ...rest].flatMap(response => response.data.map(toRelease));
}
/** The releases for one tag, oldest first: at most one published, any number of drafts. */
function releasesFor(releases, tag) {
    return releases.filter(release => release.tagName === tag).sort((a, b) => a.id - b.id);
}
/** The release for a tag: the published one, else the oldest draft, else null. */
async function findRelease(client, tag) {
    const purpose = { action: `read the release ${tag}`, permission: PERMISSION.contentsRead };
    const published = await callOrNull(purpose, () => client.octokit.rest.repos.getReleaseByTag({ owner: client.owner, repo: client.repo, tag }));
    if (published)
        return toRelease(published.data);
    return releasesFor(await listAllReleases(client), tag)[0] ?? null;
}
/**
 * Latest only when asked and no published stable release is higher (GitHub would then show a lower version as the
 * latest), and never for a pre-release.
 */
async function latestFlag(client, tagPrefix, version, asked) {
    const flag = makeLatestFor(version, asked);
    if (flag !== 'true')
        return flag;
    const higher = (await listAllReleases(client)).some(release => {
        const released = release.tagName.startsWith(tagPrefix)
            ? semver.valid(release.tagName.slice(tagPrefix.length))
            : null;
        return !release.draft && !release.prerelease && released !== null && semver.gt(released, version);
    });
    return higher ? 'false' : 'true';
}
/**
 * Marks a release latest when it still is the highest stable release. Releases are made (or published) with
 * make_latest false and marked afterwards, so a lower version never becomes Latest, not even for a moment, when a
 * higher release is published while this run works.
 */
async function markLatestIfHighest(client, tagPrefix, release, version) {
    if ((await latestFlag(client, tagPrefix, version, 'true')) !== 'true')
        return false;
    await call({ action: `mark ${release.tagName} latest`, permission: PERMISSION.contentsWrite }, () => client.octokit.rest.repos.updateRelease({
        owner: client.owner,
        repo: client.repo,
        release_id: release.id,
        make_latest: 'true'
    }));
    return true;
}
/** Whether a published release should be Latest (asked for, and the highest stable release) but is not. */
async function latestMissing(client, tagPrefix, release, version, asked) {
    if (asked !== 'true' || release.draft || (await latestFlag(client, tagPrefix, version, 'true')) !== 'true')
        return false;
    const latest = await callOrNull({ action: 'read the latest release', permission: PERMISSION.contentsRead }, () => client.octokit.rest.repos.getLatestRelease({ owner: client.owner, repo: client.repo }));
    return latest?.data.id !== release.id;
}
/** Deletes a release (a draft this run made twice over in a race); its tag stays. */
async function deleteRelease(client, id) {
    await callOrNull({ action: `delete the duplicate draft release ${id}`, permission: PERMISSION.contentsWrite }, () => client.octokit.rest.repos.deleteRelease({ owner: client.owner, repo: client.repo, release_id: id }));
}
/**
 * Creates the release. GitHub refuses a second published release for a tag with 422 `already_exists`: then the
 * release another run made is returned instead, so two runs never make two releases.
 */
async function createRelease(client, input) {
    const purpose = { action: `create the release ${input.tag}`, permission: PERMISSION.contentsWrite };
    try {
        const { data } = await client.octokit.rest.repos.createRelease({
            owner: client.owner,
            repo: client.repo,
            tag_name: input.tag,
            target_commitish: input.sha,
            name: input.name,
            body: input.body,
            draft: input.draft,
            prerelease: isPrerelease(input.version),
            // A draft cannot be the latest release; it is marked when it is published.
            make_latest: input.draft ? undefined : input.makeLatest,
            // A retried create that had in fact succeeded would make a second draft; the caller looks first instead.
            request: { retries: 0 }
        });
        return { created: true, release: toRelease(data) };
    }
    catch (error) {
        if (statusOf(error) === 422) {
            const existing = await findRelease(client, input.tag);
            if (existing)
                return { created: false, release: existing };
        }
        throw explain(error, purpose);
    }
}
/** Publishes a draft release, marked latest or not (see latestFlag). */
async function publishRelease(client, id, makeLatest) {
    const { data } = await call({ action: `publish release ${id}`, permission: PERMISSION.contentsWrite }, () => client.octokit.rest.repos.updateRelease({
        owner: client.owner,
        repo: client.repo,
        release_id: id,
        draft: false,
        make_latest: makeLatest
    }));
    return toRelease(data);
}
/** GitHub's generated notes between the previous tag and this one. */
async function generateNotes(client, tag, sha, previousTag) {
    const { data } = await call({ action: `generate release notes for ${tag}`, permission: PERMISSION.contentsWrite }, () => client.octokit.rest.repos.generateReleaseNotes({
        owner: client.owner,
        repo: client.repo,
        tag_name: tag,
        target_commitish: sha,
        ...(previousTag ? { previous_tag_name: previousTag } : {})
    }));
    return data.body;
}

/**
 * A commit message read the Conventional Commits way in one pass over its lines, in time linear in its length.
 *
 * It replaces conventional-commits-parser, whose issue-reference regexes (and the never-matching regex it uses
 * when they are turned off) cost the square or cube of a line's length: one 3,000-character line took tens of
 * seconds. It reads what the parser reads for the version and the notes (header, breaking-change notes), and
 * `__tests__/unit/commit-message.test.ts` proves that on thousands of generated messages. Where it differs,
 * it does so on purpose:
 * - a breaking-change note ends at the next trailer (`Reviewed-by: x`, `Signed-off-by:`, `Refs: #12`), where the
 *   parser ends it only at an issue reference and otherwise takes the trailers into the note;
 * - a line such as `---` does not swallow the rest of the message (the parser's `-hash-` field lines);
 * - a breaking-change note right after a trailer that ended another note is still a note;
 * - a scope holds no parentheses, so `feat(api): support f(): x` has the scope `api`.
 */
const WORD = /\w/;
const LINE_TERMINATOR = /[\r\u2028\u2029]/;
const NOTE_KEYWORD = /^BREAKING[ -]CHANGE$/i;
// Single-word trailer tokens that end a note; any hyphenated token (`Reviewed-by`, `Release-As`) does too, so
// that a note's own `Migration: …` line is not taken for one.
const WORD_TRAILERS = new Set([
    'refs',
    'ref',
    'references',
    'closes',
    'close',
    'closed',
    'fixes',
    'fix',
    'fixed',
    'resolves',
    'resolve',
    'resolved',
    'related',
    'issue',
    'issues',
    'bug',
    'cc'
]);
const TRAILER = /^([A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*)(?:: | #)/;
const REVERTS_COMMIT = /^This reverts commit ([0-9a-fA-F]{7,40})\b/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
/**
 * `type(scope)!: subject`, as the patterns `^(\w*)(?:\(([^()\r\n]*)\))?!?: (.*)$` would read it, by hand so
 * that no header, however long, makes a regex backtrack.
 */
function parseHeader(header) {
    const none = { type: null, scope: null, subject: null, exclamation: false };
    let index = 0;
    while (index < header.length && WORD.test(header[index]))
        index++;
    const type = header.slice(0, index);
    let scope = null;
    if (header[index] === '(') {
        const close = header.indexOf(')', index + 1);
        if (close === -1)
            return none;
        scope = header.slice(index + 1, close);
        if (scope.includes('(') || LINE_TERMINATOR.test(scope))
            return none;
        index = close + 1;
    }
    const exclamation = header[index] === '!';
    if (exclamation)
        index++;
    if (header[index] !== ':' || header[index + 1] !== ' ')
        return none;
    const subject = header.slice(index + 2);
    if (LINE_TERMINATOR.test(subject))
        return none;
    return { type: type || null, scope: scope || null, subject: subject || null, exclamation };
}
/** The text after `BREAKING CHANGE:` when the line starts a note (after spaces, `*` or `|`, any case). */
function noteStart(line) {
    let index = 0;
    while (index < line.length && /[\s|*]/.test(line[index]))
        index++;
    if (!NOTE_KEYWORD.test(line.slice(index, index + 15)))
        return null;
    index += 15;
    const textStart = index;
    while (index < line.length && /[:\s]/.test(line[index]))
        index++;
    if (index === textStart)
        return null;
    const end = line.slice(index).search(LINE_TERMINATOR);
    return end === -1 ? line.slice(index) : line.slice(index, index + end);
}
function trailerOf(line) {
    const match = TRAILER.exec(line);
    if (!match?.[1])
        return null;
    return { token: match[1], value: line.slice(match[0].length).trim() };
}
/** Whether a trailer ends a breaking-change note: hyphenated tokens and the usual reference words. */
function endsNote(trailer) {
    return trailer.token.includes('-') || WORD_TRAILERS.has(trailer.token.toLowerCase());
}
function trimNewlines(text) {
    let start = 0;
    let end = text.length;
    while (start < end && (text[start] === '\n' || text[start] === '\r'))
        start++;
    while (end > start && (text[end - 1] === '\n' || text[end - 1] === '\r'))
        end--;
    return text.slice(start, end);
}
function parseMessage(message) {
    // git drops signature lines from what it shows; so did the parser.
    const lines = trimNewlines(message)
        .split(/\r?\n/)
        .filter(line => !/^\s*gpg:/.test(line));
    const header = lines[0] ?? '';
    const parsed = {
        header,
        ...parseHeader(header),
        breaking: false,
        notes: [],
        revertedShas: [],
        trailers: []
    };
    let note = null;
    let notesFound = 0;
    // Inside a fenced code block (a migration example in YAML, say) nothing is a trailer.
    let fence = null;
    const closeNote = () => {
        if (note)
            parsed.notes.push(note.join('\n').trim());
        note = null;
    };
    for (let index = 1; index < lines.length; index++) {
        const line = lines[index];
        const started = noteStart(line);
        if (started !== null) {
            closeNote();
            notesFound++;
            note = [started];
            fence = null;
            continue;
        }
        const marker = FENCE.exec(line)?.[1];
        if (marker && fence === null)
            fence = marker;
        else if (marker && fence !== null && marker[0] === fence[0] && marker.length >= fence.length)
            fence = null;
        const trailer = fence === null && !marker ? trailerOf(line) : null;
        if (trailer)
            parsed.trailers.push(trailer);
        const reverted = REVERTS_COMMIT.exec(line);
        if (reverted?.[1])
            parsed.revertedShas.push(reverted[1]);
        if (trailer && endsNote(trailer))
            closeNote();
        else
            note?.push(line);
    }
    closeNote();
    parsed.notes = parsed.notes.filter(Boolean);
    // Like the parser: a `!` header's subject is the note when the message has none of its own.
    if (notesFound === 0 && parsed.exclamation && parsed.subject)
        parsed.notes.push(parsed.subject);
    parsed.breaking = notesFound > 0 || parsed.exclamation;
    return parsed;
}

const MERGE_PULL_REQUEST$1 = /^Merge pull request #(\d{1,9}) from /;
/** The pull request a merge commit merged: `Merge pull request #12 from …`, or `feat: x (#12)` for a merge. */
function mergedPullRequest(commit) {
    const number = MERGE_PULL_REQUEST$1.exec(commit.header)?.[1];
    return number ? Number(number) : commit.pullRequest;
}
/**
 * Links the commits a merge brought in to its pull request when they name none of their own, from the parents'
 * shas alone: the range is a flat list, oldest first. The main line is the first-parent chain from the newest
 * commit; each of its merges, oldest first, claims what its other parents reach off the main line and not
 * claimed before, and a pull request merged into that branch claims its own commits. Each commit is visited
 * once.
 */
function attributeMergedPullRequests(sources, commits) {
    if (!sources.some(source => (source.parentShas?.length ?? 0) > 1))
        return;
    const index = new Map();
    sources.forEach((source, position) => index.set(source.sha, position));
    const parentsOf = (position) => sources[position]?.parentShas ?? [];
    const isParent = new Set();
    for (const source of sources)
        for (const parent of source.parentShas ?? [])
            isParent.add(parent);
    let head = -1;
    for (let position = sources.length - 1; position >= 0 && head === -1; position--) {
        if (!isParent.has(sources[position]?.sha ?? ''))
            head = position;
    }
    const mainLine = [];
    const visited = new Set();
    let position = head === -1 ? undefined : head;
    while (position !== undefined && !visited.has(position)) {
        visited.add(position);
        mainLine.push(position);
        const first = parentsOf(position)[0];
        position = first === undefined ? undefined : index.get(first);
    }
    for (const merge of mainLine.reverse()) {
        const parents = parentsOf(merge);
        if (parents.length < 2)
            continue;
        const stack = parents
            .slice(1)
            .map(parent => [parent, mergedPullRequest(commits[merge])]);
        while (stack.length > 0) {
            const [sha, pullRequest] = stack.pop();
            const position = index.get(sha);
            if (position === undefined || visited.has(position))
                continue;
            visited.add(position);
            const commit = commits[position];
            if (pullRequest !== null && commit.pullRequest === null) {
                commit.pullRequest = pullRequest;
                // A new list: an empty one is shared between commits (see analyseCommit).
                if (!commit.pullRequests.includes(pullRequest))
                    commit.pullRequests = [...commit.pullRequests, pullRequest];
            }
            const [first, ...others] = parentsOf(position);
            const own = others.length > 0 ? mergedPullRequest(commit) : null;
            for (const other of others)
                stack.push([other, own ?? pullRequest]);
            if (first !== undefined)
                stack.push([first, pullRequest]);
        }
    }
}

/** Pull request numbers in a commit header: `feat: x (#12)`, `fix: regression from #45 (#50, #51)`. */
// Nine digits at most: a larger "number" is not a pull request, and stays exact as a JavaScript number.
const MAX_DIGITS = 9;
const TRAILING_GROUP = /^#\d{1,9}(?:,\s*#\d{1,9})*$/;
/** `#12` standing alone: not `&#39;`, `a/#12`, `C#1`, `##12` or `#12a`. */
const INLINE_PULL_REQUEST = /(?<![\w&/#])#(\d{1,9})(?![\w])/g;
function trimmedEnd(text, end) {
    while (end > 0 && /\s/.test(text[end - 1]))
        end--;
    return end;
}
/** Takes the `(#12)` groups (also `(#12, #13)`) off the end of a header: what GitHub adds when it squash-merges. */
function splitTrailingPullRequests(text) {
    const groups = [];
    let end = trimmedEnd(text, text.length);
    while (end > 0 && text[end - 1] === ')') {
        const open = text.lastIndexOf('(', end - 2);
        if (open === -1)
            break;
        const inner = text.slice(open + 1, end - 1);
        if (inner.length > 200 || !TRAILING_GROUP.test(inner))
            break;
        groups.unshift(inner.split(',').map(part => Number(part.trim().slice(1))));
        end = trimmedEnd(text, open);
    }
    return { text: text.slice(0, end), trailing: groups.flat() };
}
/** The `#12` references inside a text, in order, each once. */
function inlinePullRequests(text) {
    const found = new Set();
    for (const match of text.matchAll(INLINE_PULL_REQUEST)) {
        if (match[1] && match[1].length <= MAX_DIGITS)
            found.add(Number(match[1]));
    }
    return [...found];
}

function append(map, key, value) {
    const list = map.get(key);
    if (list)
        list.push(value);
    else
        map.set(key, [value]);
}
/** Removes `(#12)` groups and spaces so that `feat: x (#12)` and `feat: x` name the same commit. */
function headerKey(header) {
    return splitTrailingPullRequests(header.trim()).text;
}
/**
 * Pairs each revert with the commit it reverts when that commit is in the range too: both cancel out. A revert
 * of a revert brings the first commit back. Matches by sha (full or abbreviated), else by the quoted header.
 */
function pairReverts(commits) {
    const own = commits.map(commit => commit.releaseType);
    const bySha = new Map();
    const byPrefix = new Map();
    const byHeader = new Map();
    commits.forEach((commit, index) => {
        const sha = commit.sha.toLowerCase();
        bySha.set(sha, index);
        append(byPrefix, sha.slice(0, 7), index);
        append(byHeader, headerKey(commit.header), index);
    });
    const find = (sha) => bySha.get(sha) ??
        byPrefix.get(sha.slice(0, 7))?.find(index => commits[index]?.sha.toLowerCase().startsWith(sha));
    const partners = new Map();
    const link = (a, b) => {
        append(partners, a, b);
        append(partners, b, a);
    };
    const drop = (from, to) => partners.set(from, partners.get(from)?.filter(index => index !== to) ?? []);
    const unlink = (a, b) => {
        drop(a, b);
        drop(b, a);
    };
    commits.forEach((commit, index) => {
        if (!commit.reverts)
            return;
        const { shas, header } = commit.reverts;
        const targets = [];
        let outside = false;
        for (const sha of shas) {
            const target = find(sha);
            if (target === undefined || target === index)
                outside = true;
            else
                targets.push(target);
        }
        if (shas.length === 0 && header) {
            const candidates = byHeader.get(headerKey(header)) ?? [];
            const target = candidates.filter(other => other < index && !partners.get(other)?.length).pop();
            if (target === undefined)
                outside = true;
            else
                targets.push(target);
        }
        for (const target of targets) {
            const taken = partners.get(target) ?? [];
            if (taken.length === 0)
                link(target, index);
            else if (commits[target]?.reverts) {
                // Reverting a revert: the commit that revert had cancelled counts again.
                for (const other of taken)
                    unlink(target, other);
                link(target, index);
            }
            // Otherwise the commit was reverted already; this revert counts for nothing.
        }
        if (targets.length > 0 && !outside && !partners.get(index)?.length)
            own[index] = null;
    });
    commits.forEach((commit, index) => {
        const partner = partners.get(index)?.[0];
        commit.cancelledWith = partner === undefined ? null : (commits[partner]?.sha ?? null);
        commit.releaseType = partner === undefined ? (own[index] ?? null) : null;
    });
}

const PATCH_TYPES = new Set(['fix', 'perf']);
const GIT_REVERT = 'Revert "';
// `Revert "Revert "Revert "…"""` is read this deep; deeper is taken to release.
const MAX_REVERT_DEPTH = 8;
const MERGE_PULL_REQUEST = /^Merge pull request #(\d{1,9}) from /;
/** git's `Revert "<header>"` (GitHub may add ` (#15)`): the quoted header and what follows it. */
function gitRevert(header) {
    if (!header.startsWith(GIT_REVERT))
        return null;
    const close = header.lastIndexOf('"');
    if (close < GIT_REVERT.length)
        return null;
    return { quoted: header.slice(GIT_REVERT.length, close), rest: header.slice(close + 1) };
}
/** The release a bare header asks for: what a revert of an earlier-released commit with that header undoes. */
function headerReleaseType(header, depth) {
    const revert = gitRevert(header);
    if (revert)
        return revertReleases(revert.quoted, depth + 1) ? 'patch' : null;
    const parsed = parseHeader(header);
    const type = parsed.type?.toLowerCase() ?? null;
    if (parsed.exclamation)
        return 'major';
    if (type === 'revert')
        return revertReleases(parsed.subject ?? '', depth + 1, true) ? 'patch' : null;
    if (type === 'feat')
        return 'minor';
    if (type !== null && PATCH_TYPES.has(type))
        return 'patch';
    return null;
}
/**
 * Whether reverting a commit released before this range is a release: it is when the reverted commit released.
 * A header that is not a Conventional Commits header (`revert: undo the cache`) cannot tell, and counts as a fix.
 */
function revertReleases(revertedHeader, depth = 0, unknownReleases = false) {
    if (depth > MAX_REVERT_DEPTH)
        return true;
    const header = splitTrailingPullRequests(revertedHeader).text;
    if (unknownReleases && !gitRevert(header) && parseHeader(header).type === null)
        return true;
    return headerReleaseType(header, depth) !== null;
}
function normaliseVersion(value) {
    const version = value.trim().replace(/^v(?=\d)/i, '');
    return version || null;
}
/**
 * A copy of a piece of a message that keeps nothing else alive. V8 makes a substring a view into the string it was
 * cut from, so a kept header would keep its whole message, and a long range's messages would all stay in memory.
 * What a commit keeps is ~380 bytes (50,000 commits: 18 MB).
 */
const LONE_SURROGATE = /\p{Cs}/u;
function detached(text) {
    // A JSON round trip makes a flat copy: no view, no second string behind it.
    if (text === null || text.length < 13)
        return text;
    // Through UTF-8 and back: a flat copy (a slice of a copy would be a view plus the copy); lone surrogates, which
    // UTF-8 cannot carry, are copied by slicing instead.
    return (LONE_SURROGATE.test(text) ? (' ' + text).slice(1) : Buffer.from(text).toString());
}
/** Types and scopes repeat across a range: one string each. */
const WORDS = new Map();
function word(text) {
    const known = WORDS.get(text);
    if (known !== undefined)
        return known;
    if (WORDS.size < 10_000)
        WORDS.set(text, text);
    return text;
}
/** Most commits have no notes, pull requests or second parent: they share one empty list, frozen (never mutated). */
const NONE = Object.freeze([]);
function listOf(items) {
    return items.length === 0 ? NONE : items;
}
function analyseCommit(commit) {
    const parsed = parseMessage(commit.message);
    const merge = commit.parents > 1;
    const header = parsed.header.trim();
    const git = gitRevert(header);
    const type = git ? 'revert' : (parsed.type?.toLowerCase() ?? null);
    let text = git ? git.quoted : (parsed.subject ?? header);
    const trailing = [];
    if (git)
        trailing.push(...splitTrailingPullRequests(git.rest).trailing);
    const split = splitTrailingPullRequests(text);
    text = split.text.trim();
    trailing.unshift(...split.trailing);
    const reverts = type === 'revert'
        ? { header: detached(git ? git.quoted : text) || null, shas: revertedShas(parsed).map(detached) }
        : null;
    let releaseType = null;
    // `Merge pull request #12 from …`, `Merge branch 'x'`: the commits it brought in count, not the merge.
    const ownMerge = merge && type === null;
    if (ownMerge)
        releaseType = null;
    else if (parsed.breaking)
        releaseType = 'major';
    else if (reverts)
        releaseType = revertReleases(reverts.header ?? '', 0, !git) ? 'patch' : null;
    else if (type === 'feat')
        releaseType = 'minor';
    else if (type !== null && PATCH_TYPES.has(type))
        releaseType = 'patch';
    const releaseAs = parsed.trailers.filter(trailer => /^release-as$/i.test(trailer.token)).pop();
    const kept = detached(header);
    const pullRequest = MERGE_PULL_REQUEST.exec(header)?.[1];
    return {
        sha: commit.sha,
        header: kept,
        type: type === null ? null : word(detached(type)),
        scope: git || parsed.scope === null ? null : word(detached(parsed.scope)),
        // Most subjects end the header: a view into the header's copy costs less than a copy of their own.
        subject: kept.endsWith(text) ? kept.slice(kept.length - text.length) : detached(text),
        breaking: !ownMerge && parsed.breaking,
        breakingNotes: ownMerge ? NONE : listOf(parsed.notes.map(detached)),
        pullRequest: trailing.at(-1) ?? (pullRequest ? Number(pullRequest) : null),
        pullRequests: listOf([...new Set([...inlinePullRequests(text), ...trailing])]),
        releaseType,
        merge,
        parentShas: listOf(commit.parentShas ?? []),
        reverts,
        cancelledWith: null,
        releaseAs: releaseAs ? detached(normaliseVersion(releaseAs.value)) : null
    };
}
/** `This reverts commit <sha>` lines, else a `Refs: 676104e, a215868` trailer (the Conventional Commits FAQ). */
function revertedShas(parsed) {
    if (parsed.revertedShas.length > 0)
        return parsed.revertedShas.map(sha => sha.toLowerCase());
    return parsed.trailers
        .filter(trailer => /^refs?$/i.test(trailer.token))
        .flatMap(trailer => trailer.value.split(/[\s,]+/))
        .filter(value => /^[0-9a-f]{7,40}$/i.test(value) && !/^\d+$/.test(value))
        .map(sha => sha.toLowerCase());
}
const RANK = { patch: 1, minor: 2, major: 3 };
/** The largest release type any commit asks for, or null when no commit is releasable. */
function releaseTypeOf(commits) {
    let best = null;
    for (const commit of commits) {
        if (commit.releaseType && (!best || RANK[commit.releaseType] > RANK[best]))
            best = commit.releaseType;
    }
    return best;
}
/**
 * The second half of `analyseCommits`, once every commit of the range is analysed: reverts paired, merged pull
 * requests linked. The history is read through `analyseCommit` page by page, so no message outlives its page.
 */
function linkCommits(analysed) {
    pairReverts(analysed);
    attributeMergedPullRequests(analysed, analysed);
    return analysed;
}
/** What a commit is, in the words of "3 commits: 2 chore, 1 merge". */
function commitKind(commit) {
    if (commit.cancelledWith !== null)
        return commit.reverts ? 'revert' : `reverted ${commit.type ?? 'commit'}`;
    if (commit.type !== null)
        return commit.type;
    if (commit.merge)
        return 'merge';
    return commit.breaking ? 'breaking change' : 'untyped';
}
function rangeFacts(commits) {
    const counts = new Map();
    let releaseAs = null;
    for (const commit of commits) {
        const kind = commitKind(commit);
        counts.set(kind, (counts.get(kind) ?? 0) + 1);
        if (commit.releaseAs && commit.cancelledWith === null)
            releaseAs = { version: commit.releaseAs, sha: commit.sha };
    }
    return {
        commitsReleaseType: releaseTypeOf(commits),
        commitCount: commits.length,
        commitKinds: [...counts].map(([kind, count]) => ({ kind, count })).sort((a, b) => b.count - a.count),
        releaseAs
    };
}

class VersionRuleError extends Error {
}
const DEFAULT_PRERELEASE_ID = 'rc';
/**
 * The next version, by these rules:
 * - no earlier release: `initialVersion` (as a pre-release when one is asked for), or the exact version given;
 * - `auto`: the largest bump the Conventional Commits ask for; before 1.0.0 a breaking change bumps the minor
 *   version (0.x is unstable by SemVer's own rule, so 0.4.2 + breaking → 0.5.0, not 1.0.0);
 * - a pre-release continues the counter when the current pre-release already covers the bump
 *   (1.2.0-rc.0 + fix → 1.2.0-rc.1) and starts a new one otherwise (1.1.0 + feat → 1.2.0-rc.0);
 * - an exact version must be greater than the last release;
 * - a `Release-As: x.y.z` trailer in the range releases x.y.z, which must be greater than the last release; only
 *   an exact version given to the action comes before it (it is the newer decision).
 */
function nextVersion(request) {
    const { bump, lastVersion } = request;
    if (bump.kind !== 'exact' && request.releaseAs && request.commitCount > 0) {
        return releaseAsDecision(request.releaseAs, lastVersion);
    }
    if (bump.kind === 'exact') {
        if (lastVersion && !semver.gt(bump.version, lastVersion)) {
            throw new VersionRuleError(`The version ${bump.version} is not greater than the last release ${lastVersion}. Give a version above ${lastVersion}, or use bump: auto.`);
        }
        return {
            release: true,
            version: bump.version,
            releaseType: 'exact',
            reason: `version ${bump.version} was asked for`
        };
    }
    const prereleaseId = request.prereleaseId || (bump.kind === 'prerelease' ? DEFAULT_PRERELEASE_ID : '');
    if (!lastVersion) {
        const version = prereleaseId ? `${request.initialVersion}-${prereleaseId}.0` : request.initialVersion;
        return {
            release: true,
            version,
            releaseType: 'initial',
            reason: `first release (no earlier release tag)`
        };
    }
    if (request.commitCount === 0) {
        return { release: false, reason: `no commits since ${lastVersion}` };
    }
    let type = bump.kind === 'type' ? bump.type : request.commitsReleaseType;
    if (!type) {
        return {
            release: false,
            reason: `no releasable commits since ${lastVersion} (${rangeContents(request)})`
        };
    }
    const demoted = type === 'major' && bump.kind !== 'type' && semver.major(lastVersion) === 0;
    if (demoted)
        type = 'minor';
    const version = prereleaseId
        ? nextPrerelease(lastVersion, type, prereleaseId)
        : semver.inc(lastVersion, type);
    if (!version)
        throw new VersionRuleError(`Cannot bump ${lastVersion} by ${type}.`);
    const why = bump.kind === 'type'
        ? `bump: ${type} was asked for`
        : `${type} bump from the commits${demoted ? ' (breaking change before 1.0.0 bumps minor)' : ''}`;
    return { release: true, version, releaseType: type, reason: why };
}
function releaseAsDecision(forced, lastVersion) {
    const where = `Release-As: ${forced.version} in commit ${forced.sha.slice(0, 7)}`;
    const version = semver.valid(forced.version);
    if (!version) {
        throw new VersionRuleError(`${where} is not a version. Write a SemVer version such as Release-As: 2.0.0 in a new commit.`);
    }
    if (lastVersion && !semver.gt(version, lastVersion)) {
        throw new VersionRuleError(`${where} is not greater than the last release ${lastVersion}. Push a commit with Release-As: and a version above ${lastVersion}, or revert that commit.`);
    }
    return {
        release: true,
        version,
        releaseType: 'exact',
        reason: `${where}${lastVersion ? '' : ' (first release)'}`
    };
}
/** "3 commits: 2 chore, 1 merge", or the old wording when the kinds are not known. */
function rangeContents(request) {
    const commits = `${request.commitCount} commit${request.commitCount === 1 ? '' : 's'}`;
    const kinds = request.commitKinds ?? [];
    if (kinds.length === 0) {
        return `${commits}, only changes that do not bump the version: chore, docs, ci, test, style, refactor, build`;
    }
    return `${commits}: ${kinds.map(({ kind, count }) => `${count} ${kind}`).join(', ')}`;
}
function nextPrerelease(last, type, id) {
    const parsed = semver.parse(last);
    if (!parsed)
        return null;
    if (parsed.prerelease.length > 0 && coversBump(parsed, type))
        return semver.inc(last, 'prerelease', id);
    return semver.inc(last, `pre${type}`, id);
}
/** Whether a pre-release's base version already contains a bump of this size (2.0.0-rc.1 covers any). */
function coversBump(version, type) {
    if (type === 'major')
        return version.minor === 0 && version.patch === 0;
    if (type === 'minor')
        return version.patch === 0;
    return true;
}

const BUMPS = ['major', 'minor', 'patch'];
/** A pull request's bump labels (`release:major`, …): the labels with the prefix, and the bumps they name. */
function bumpLabelsOf(labels, prefix) {
    const found = [...new Set(labels.filter(label => label.startsWith(prefix)))];
    const bumps = found
        .map(label => label.slice(prefix.length))
        .filter((bump) => BUMPS.includes(bump));
    return { labels: found, bumps };
}
/**
 * The bump a release uses: a bump label takes the place of the automatic bump (also for pre-releases, whose
 * version then counts from that bump); an explicit bump or version asked for in the inputs wins over labels.
 */
function bumpWithLabel(requested, label) {
    return label && (requested.kind === 'auto' || requested.kind === 'prerelease')
        ? { kind: 'type', type: label }
        : requested;
}

const FALLBACK_INITIAL_VERSION = '0.1.0';
/** Finds the last release in the commit's history, reads the commits since, and decides the next version. */
const versionStep = {
    id: 'version',
    title: 'Version',
    writes: false,
    prepare(runtime) {
        // The tags depend on nothing: read with the branch step's reads, the first page of history follows at once.
        void runtime.earlyReads.tags();
    },
    async run(known, runtime) {
        const { config } = runtime;
        const { target } = known;
        const tags = releaseTags(await runtime.earlyReads.tags(), config.tagPrefix);
        // A stable release counts from the last stable one: release candidates since then are part of what it ships.
        const prereleases = asksForPrerelease(runtime);
        const history = await historySince(runtime, target.sha, baseCandidates(tags, target.sha, prereleases));
        return planVersion(runtime, known, tags, { ...history, commits: linkCommits(history.commits) });
    }
};
/** The tags a release may count from: not the target's own, and pre-releases only when pre-releases are made. */
function baseCandidates(tags, target, prereleases) {
    return tags.filter(tag => tag.sha !== target && (prereleases || !isPrerelease(tag.version)));
}
/**
 * The version decision over a history already read (the commits linked): resumes what an earlier run tagged, else
 * decides the next version and checks its tag is free. `tags` are the release tags of this configuration.
 */
async function planVersion(runtime, known, tags, history) {
    const { config } = runtime;
    const { target, repository } = known;
    const { commits } = history;
    const links = { htmlUrl: repository.htmlUrl };
    const plan = (version, tag, reason, tagSha) => ({
        version,
        tag,
        reason,
        previousVersion: history.last?.version ?? null,
        previousTag: history.last?.name ?? null,
        previousSha: history.last?.sha ?? null,
        commits,
        changedFiles: history.files,
        existing: { tagSha, release: null },
        compareUrl: history.last ? compareUrl(links, history.last.name, tag) : null
    });
    const tagged = tags.find(tag => tag.sha === target.sha && isThisRelease(runtime, tag, history.last));
    if (tagged) {
        // An earlier run tagged this very commit: resume it, never re-release.
        return resume(runtime, plan(tagged.version, tagged.name, `the commit is already tagged ${tagged.name}`, tagged.sha));
    }
    const decision = decide(runtime, known.pullRequest, history.last?.version ?? null, commits, history.last ? FALLBACK_INITIAL_VERSION : await initialVersion(runtime, target.sha));
    if (!decision.release)
        return skipped(decision.reason);
    const next = afterExistingPrereleases(decision.version, tags.map(tag => tag.version));
    const tag = `${config.tagPrefix}${next}`;
    const clash = tags.find(existing => existing.name === tag);
    if (clash && (await isVersionCommitOf(runtime, clash, target, history.last?.version ?? null))) {
        const why = `${tag} was made by an earlier run on a version commit of this commit`;
        return resume(runtime, plan(clash.version, clash.name, why, clash.sha));
    }
    const version = plan(next, tag, decision.reason, null);
    if (clash) {
        return blocked(`the tag ${tag} already exists at ${clash.sha.slice(0, 7)}, which is not in the history of ${target.branch}; ` +
            `delete or rename that tag, or release another version with the bump input`, { version });
    }
    const from = history.last ? `${history.last.version} → ` : '';
    const count = `${commits.length} commit${commits.length === 1 ? '' : 's'}`;
    return passed(`${from}${next} (${decision.reason}; ${count})`, { version });
}
/**
 * Whether a tag on the commit is a release of this configuration, made by an earlier run: above the last release
 * before it, and a pre-release only when pre-releases are asked for. A hand-made `v1.0.0-test` is not.
 */
function isThisRelease(runtime, tag, last) {
    const higher = last === null || semver.gt(tag.version, last.version);
    return higher && (asksForPrerelease(runtime) || !isPrerelease(tag.version));
}
/** Whether this run makes pre-releases (prerelease-id, bump: prerelease, or a pre-release version asked for). */
function asksForPrerelease({ config }) {
    const { prereleaseId, bump } = config;
    return (prereleaseId !== '' || bump.kind === 'prerelease' || (bump.kind === 'exact' && isPrerelease(bump.version)));
}
/**
 * A version an earlier run tagged: done when its release is published (and, with a deploy workflow, deployed:
 * the deploy step checks), else what is missing is made.
 */
async function resume(runtime, version) {
    const release = await findRelease(runtime.repoClient, version.tag);
    const resumed = { ...version, existing: { ...version.existing, release } };
    const { deployWorkflow, tagPrefix } = runtime.config;
    if (release && !release.draft && !deployWorkflow) {
        // A release whose Latest mark was lost with an answer is completed; anything else is done.
        if (await latestMissing(runtime.repoClient, tagPrefix, release, version.version, latestToComplete(runtime.config)))
            return passed(`${version.tag} is released but not marked latest; that is completed`, {
                version: resumed
            });
        return skipped(`already released as ${version.tag}`, { version: resumed });
    }
    if (release && !release.draft)
        return passed(`${version.tag} is released; its deploy is checked`, { version: resumed });
    const what = release ? 'its draft release is picked up again' : 'it has no release yet, so one is made';
    return passed(`already tagged ${version.tag} at ${version.existing.tagSha?.slice(0, 7)}; ${what}`, {
        version: resumed
    });
}
/** The version rules, with a pull request's bump label in place of the automatic bump. */
function decide(runtime, pullRequest, lastVersion, commits, initialVersion) {
    const { config } = runtime;
    const bump = bumpWithLabel(config.bump, pullRequest?.bump ?? null);
    const label = bump === config.bump ? null : (pullRequest?.bump ?? null);
    try {
        const decision = nextVersion({
            bump,
            lastVersion,
            ...rangeFacts(commits),
            prereleaseId: config.prereleaseId,
            initialVersion
        });
        if (decision.release && label && pullRequest && decision.releaseType === label) {
            return { ...decision, reason: `the ${config.bumpLabelPrefix}${label} label on #${pullRequest.number}` };
        }
        return decision;
    }
    catch (error) {
        if (error instanceof VersionRuleError)
            throw new ActionError('version-rule', error.message, { input: 'bump' });
        throw error;
    }
}
/** Whether a tag sits on the version commit an earlier run made on top of this commit. */
async function isVersionCommitOf(runtime, tag, target, previousVersion) {
    if (!runtime.config.commitVersion)
        return false;
    const comparison = await compareAll(runtime.repoClient, target.sha, tag.sha, commit => commit.message);
    const tip = comparison.commits[comparison.commits.length - 1];
    const facts = releaseFacts({ version: tag.version, tag: tag.name, previousVersion }, target);
    return (comparison.status === 'ahead' &&
        tip !== undefined &&
        matchesTemplate(runtime.config.commitMessage, facts, tip.split('\n', 1)[0] ?? '', {
            among: hasPackages(runtime.config)
        }));
}
/** The highest release tag that is an ancestor of the target, and the commits after it. */
async function historySince(runtime, head, candidates) {
    const seen = new Set();
    for (const tag of candidates) {
        if (seen.has(tag.sha))
            continue;
        seen.add(tag.sha);
        const comparison = await compareAll(runtime.repoClient, tag.sha, head, analyseCommit);
        if (comparison.status === 'ahead' || comparison.status === 'identical') {
            return { last: tag, commits: comparison.commits, files: comparison.files };
        }
        runtime.log.info(`${tag.name} is not in the history of ${head.slice(0, 7)} (${comparison.status}); looking further`);
    }
    return { last: null, commits: await listAllCommits(runtime.repoClient, head, analyseCommit), files: [] };
}
/** initial-version, else the version in the version file, else 0.1.0. */
async function initialVersion(runtime, sha) {
    const { config } = runtime;
    if (config.initialVersion)
        return config.initialVersion;
    const candidates = config.versionFile ? [config.versionFile] : DEFAULT_VERSION_FILES;
    const file = await findVersionFile(runtime.repoClient, candidates, sha);
    return file?.version ?? FALLBACK_INITIAL_VERSION;
}

/** Code spans, emphasis, strikethrough, links and images, table cells, maths; and the escape character itself. */
const ALWAYS_ESCAPED = new Set(['\\', '`', '*', '~', '[', ']', '|', '$']);
/**
 * What makes a line a heading, a quote, a list item or a thematic break: `#` to `######`, a `-`, `+` or number
 * with `.` or `)` before a blank (or the end), any `>`, and a line of nothing but `-` or `=` (and blanks).
 */
const BLOCK_START = /^(?:#{1,6}(?=\s|$)|[-+](?=\s|$)|\d{1,9}[.)](?=\s|$)|>|[-=][-=\s]*$)/;
const TAG_START = /[A-Za-z/!?]/;
const ENTITY = /^(?:#\d{1,8}|#[xX][\da-fA-F]{1,8}|[A-Za-z][A-Za-z\d]{0,31})/;
/**
 * Untrusted text as one line of Markdown: cleaned and capped (see untrusted.ts), line breaks as spaces, and
 * escaped so that it renders as the same visible text wherever it is put — a list item, a table cell, after a
 * line's start — and so that no line of it is a workflow command.
 */
function escapeMarkdown(text) {
    return escapeInline(text, true);
}
/** A Markdown link whose text is escaped and whose URL we built ourselves. */
function link(text, url) {
    // Link text never starts a block, so `#12` stays as it is.
    return `[${escapeInline(text, false)}](${url})`;
}
function escapeInline(text, mayStartBlock) {
    const line = cleanText(text, { singleLine: true }).trim();
    // A block marker's first character is escaped (`\#`, `\-`, `\>`); a number's `.` or `)` (`1\.`).
    const block = mayStartBlock ? BLOCK_START.exec(line)?.[0] : undefined;
    const blockMarker = block === undefined ? -1 : /^\d/.test(block) ? block.length - 1 : 0;
    let escaped = '';
    for (let index = 0; index < line.length; index++) {
        const char = line[index];
        const first = mayStartBlock && index === 0;
        if (ALWAYS_ESCAPED.has(char) || index === blockMarker) {
            escaped += `\\${char}`;
        }
        else if (char === '_') {
            // Between two letters or digits (snake_case) an underscore cannot start or end emphasis.
            escaped += isWordChar(line[index - 1]) && isWordChar(line[index + 1]) ? '_' : '\\_';
        }
        else if (char === '<') {
            // At the end, whatever follows the text could open a tag.
            escaped += index + 1 === line.length || TAG_START.test(line[index + 1]) ? '&lt;' : '<';
        }
        else if (char === '&') {
            escaped += startsEntity(line, index) ? '&amp;' : '&';
        }
        else if (first && char === ':' && line[1] === ':') {
            // `::name::` at a line's start is a workflow command to the runner.
            escaped += '\\:';
        }
        else {
            escaped += char;
        }
    }
    return escaped;
}
function isWordChar(char) {
    return char !== undefined && /[\p{L}\p{N}]/u.test(char);
}
/** Whether the `&` at `index` starts something HTML would read as an entity (`&lt;`, `&#60;`, `&#x3C;`). */
function startsEntity(line, index) {
    const name = ENTITY.exec(line.slice(index + 1, index + 34))?.[0];
    if (name === undefined)
        return false;
    const after = index + 1 + name.length;
    // At the end, whatever follows the text could end it.
    return line[after] === ';' || after === line.length;
}

/** The permissions writing to conversations needs, by GitHub's names, so that a refusal names the missing one. */
const CONVERSATION_PERMISSION = {
    pullRequestsRead: 'pull-requests: read',
    pullRequestsWrite: 'pull-requests: write',
    issuesRead: 'issues: read',
    issuesWrite: 'issues: write'
};
const writePermission = (conversation) => conversation.isPullRequest ? CONVERSATION_PERMISSION.pullRequestsWrite : CONVERSATION_PERMISSION.issuesWrite;
async function getPreviewPullRequest(client, number) {
    const { data } = await call({ action: `read pull request #${number}`, permission: CONVERSATION_PERMISSION.pullRequestsRead }, () => client.octokit.rest.pulls.get({ owner: client.owner, repo: client.repo, pull_number: number }));
    return {
        number: data.number,
        title: data.title,
        body: data.body ?? '',
        open: data.state === 'open' && !data.merged,
        headSha: data.head.sha,
        headRepository: data.head.repo?.full_name ?? null,
        baseRef: data.base.ref,
        baseRepository: data.base.repo.full_name,
        labels: data.labels.map(label => label.name),
        locked: data.locked
    };
}
/** An issue or pull request by number, or null when there is none (or it was deleted or transferred). */
async function getConversation(client, number) {
    const response = await callOrNull({ action: `read #${number}`, permission: CONVERSATION_PERMISSION.issuesRead }, () => client.octokit.rest.issues.get({ owner: client.owner, repo: client.repo, issue_number: number }), [404, 410]);
    if (!response)
        return null;
    const { data } = response;
    return {
        number: data.number,
        title: data.title,
        body: data.body ?? '',
        isPullRequest: data.pull_request !== undefined,
        merged: typeof data.pull_request?.merged_at === 'string',
        state: data.state === 'open' ? 'open' : 'closed',
        locked: data.locked,
        labels: data.labels.map(label => (typeof label === 'string' ? label : (label.name ?? ''))),
        comments: data.comments
    };
}
/**
 * Who may have written a marked comment: a bot (the GITHUB_TOKEN's github-actions[bot], an app) or someone with
 * write access to the repository (a personal token's owner). A contributor who pastes the marker into a comment
 * does not get that comment taken for the action's.
 */
const TRUSTED_AUTHORS = new Set(['bot', 'OWNER', 'MEMBER', 'COLLABORATOR']);
function authorOf(comment) {
    return comment.user?.type === 'Bot' ? 'bot' : comment.author_association;
}
/**
 * The first comment that starts with the marker and was written by the action's kind of author (see
 * TRUSTED_AUTHORS), page by page (it stops at the page that has it), or null.
 */
async function findMarkedComment(client, conversation, marker) {
    const permission = conversation.isPullRequest
        ? CONVERSATION_PERMISSION.pullRequestsRead
        : CONVERSATION_PERMISSION.issuesRead;
    return call({ action: `read the comments of #${conversation.number}`, permission }, async () => {
        const pages = client.octokit.paginate.iterator(client.octokit.rest.issues.listComments, {
            owner: client.owner,
            repo: client.repo,
            issue_number: conversation.number,
            per_page: 100
        });
        for await (const page of pages) {
            const found = page.data.find(comment => comment.body?.startsWith(marker) && TRUSTED_AUTHORS.has(authorOf(comment)));
            if (found)
                return { id: found.id, body: found.body ?? '', url: found.html_url };
        }
        return null;
    });
}
/**
 * Comments once: the request is not retried blindly (a lost answer could mean a comment made), and after a
 * failure that may have happened on GitHub's side the marker is looked for before one more attempt.
 */
async function createMarkedComment(client, conversation, marker, body) {
    const purpose = { action: `comment on #${conversation.number}`, permission: writePermission(conversation) };
    const attempt = async () => {
        const { data } = await client.octokit.rest.issues.createComment({
            owner: client.owner,
            repo: client.repo,
            issue_number: conversation.number,
            body,
            request: { retries: 0 }
        });
        return { id: data.id, body: data.body ?? '', url: data.html_url };
    };
    try {
        return await attempt();
    }
    catch (error) {
        const status = statusOf(error);
        if (status !== null && status < 500)
            throw explain(error, purpose);
        const landed = await findMarkedComment(client, conversation, marker);
        if (landed)
            return landed;
        return call(purpose, attempt);
    }
}
async function updateComment(client, conversation, id, body) {
    const { data } = await call({ action: `update comment ${id} on #${conversation.number}`, permission: writePermission(conversation) }, () => client.octokit.rest.issues.updateComment({
        owner: client.owner,
        repo: client.repo,
        comment_id: id,
        body
    }));
    return { id: data.id, body: data.body ?? '', url: data.html_url };
}
/** Adds labels to an issue or pull request; adding one it has already is harmless (GitHub keeps one). */
async function addLabels(client, conversation, labels) {
    await call({ action: `label #${conversation.number}`, permission: writePermission(conversation) }, () => client.octokit.rest.issues.addLabels({
        owner: client.owner,
        repo: client.repo,
        issue_number: conversation.number,
        labels
    }));
}
/** The merged pull requests GitHub associates with a commit (the one that landed it, for a commit on the base). */
async function mergedPullRequestsOf(client, sha) {
    const { data } = await call({
        action: `list the pull requests of ${sha.slice(0, 7)}`,
        permission: CONVERSATION_PERMISSION.pullRequestsRead
    }, () => client.octokit.rest.repos.listPullRequestsAssociatedWithCommit({
        owner: client.owner,
        repo: client.repo,
        commit_sha: sha,
        per_page: 100
    }));
    return data.filter(pull => pull.merged_at !== null).map(pull => pull.number);
}
/**
 * The numbers of the closed issues and pull requests that carry the label, most recently updated first, one page
 * of 100: a cheap way to see that the pull requests of a release were all told (they are labelled last).
 */
async function recentlyLabelled(client, label) {
    const { data } = await call({ action: `list the pull requests labelled '${label}'`, permission: CONVERSATION_PERMISSION.issuesRead }, () => client.octokit.rest.issues.listForRepo({
        owner: client.owner,
        repo: client.repo,
        labels: label,
        state: 'closed',
        sort: 'updated',
        direction: 'desc',
        per_page: 100
    }));
    return new Set(data.map(item => item.number));
}

export { asksForPrerelease as $, ActionError as A, POLL as B, releaseEnv as C, fillInputs as D, asActionError as E, renderConventionalNotes as F, sanitiseMarkdownDocument as G, generateNotes as H, Inputs as I, matchesTemplate as J, DEFAULT_VERSION_FILES as K, findVersionFile as L, MAX_LINE_LENGTH as M, writeVersionFile as N, isJsonVersionFile as O, PERMISSION as P, writePackageLock as Q, prependChangelog as R, joinedFacts as S, packageName as T, writeDependencyRanges as U, writeWorkspaceLock as V, WindowSyntaxError as W, parsePackages as X, checkChosen as Y, listPullFiles as Z, baseCandidates as _, isValidRefName as a, releaseTags as a0, compareAll as a1, listAllCommits as a2, planVersion as a3, compareCount as a4, linkCommits as a5, listPathCommits as a6, analyseCommit as a7, publishRelease as a8, markLatestIfHighest as a9, versionStep as aA, hasPackages as aB, utf8Length as aC, cutText as aD, sliceWhole as aE, GUARDRAIL_NAMES as aF, cutToBytes as aG, commitUrl as aH, createOctokit as aI, systemClock as aJ, neutraliseMentions as aK, updateComment as aL, getPreviewPullRequest as aM, parseHeader as aN, historySince as aO, bumpWithLabel as aP, FALLBACK_INITIAL_VERSION as aQ, initialVersion as aR, nextVersion as aS, rangeFacts as aT, VersionRuleError as aU, afterExistingPrereleases as aV, evaluateChecks as aW, checkGuardrails as aX, RETRY as aa, shown as ab, listAllReleases as ac, releasesFor as ad, createRelease as ae, deleteRelease as af, latestToComplete as ag, latestMissing as ah, link as ai, escapeMarkdown as aj, recentlyLabelled as ak, getConversation as al, addLabels as am, warned as an, mergedPullRequestsOf as ao, findMarkedComment as ap, createMarkedComment as aq, getPullRequest as ar, getRole as as, bumpLabelsOf as at, Pipeline as au, guardrailsStep as av, greenGate as aw, runPipeline as ax, notRun as ay, isPrerelease as az, readPackagesConfig as b, readDeployConfig as c, checkDeployWorkflows as d, callOrNull as e, call as f, explain as g, getBranchHead as h, inputError as i, getRepository as j, isAncestor as k, listTags as l, passed as m, statusOf as n, messageOf as o, parseReleaseWindow as p, quoted as q, readVersionConfig as r, skipped as s, blocked as t, untrusted as u, getFileText as v, fillPlaceholders as w, releaseFacts as x, yaml as y, waitFor as z };
