/**
 * Object patterns of the config file (scope and suppression targets): a name,
 * a DN, or a glob over either. Only `*` and `?` are wildcards. Path-glob
 * libraries (minimatch, picomatch) give `/`, `+`, `!`, `(`, `[` and `{`
 * meanings, and those characters are ordinary in DNs and object names, so a
 * pattern here is matched by this small, literal-by-default matcher.
 */
import { dnKey } from '../snapshot/names.js';

export interface PatternSubject {
  name: string;
  dn: string;
}

/**
 * A subject with its compared forms worked out once, on first use: one
 * finding is matched against many patterns (scope lists, suppressions).
 */
export class MatchSubject {
  private lowerName?: string;
  private key?: string;
  private loose?: string;

  constructor(private readonly subject: PatternSubject) {}

  static of(subject: PatternSubject): MatchSubject {
    return subject instanceof MatchSubject ? subject : new MatchSubject(subject);
  }

  get name(): string {
    return (this.lowerName ??= this.subject.name.toLowerCase());
  }

  get dnKey(): string {
    return (this.key ??= dnKey(this.subject.dn));
  }

  get looseDn(): string {
    return (this.loose ??= looseDn(this.subject.dn));
  }

  get dn(): string {
    return this.subject.dn;
  }
}

export type ObjectMatcher = (subject: PatternSubject) => boolean;

/** A pattern with `=` in it is about DNs (CN=…); any other is about names. */
export function compileObjectPattern(pattern: string): ObjectMatcher {
  const text = pattern.trim();
  const isDn = text.includes('=');
  const hasWildcard = /[*?]/.test(text);
  if (isDn && !hasWildcard) {
    const key = dnKey(text);
    return (subject) => MatchSubject.of(subject).dnKey === key;
  }
  if (isDn) {
    const regex = globRegex(looseDn(text));
    return (subject) => regex.test(MatchSubject.of(subject).looseDn);
  }
  if (!hasWildcard) {
    const name = text.toLowerCase();
    return (subject) => MatchSubject.of(subject).name === name;
  }
  const regex = globRegex(text.toLowerCase());
  return (subject) => regex.test(MatchSubject.of(subject).name);
}

/** Any of the patterns matches; the subject's forms are worked out once for all of them. */
export function compileObjectPatterns(patterns: readonly string[]): ObjectMatcher {
  const matchers = patterns.map(compileObjectPattern);
  return (subject) => {
    const prepared = MatchSubject.of(subject);
    return matchers.some((m) => m(prepared));
  };
}

/** Lower case, no spaces around `,` `=` `+`: the form DN globs are matched in. */
function looseDn(dn: string): string {
  return dn.trim().toLowerCase().replace(/\s*([,=+])\s*/g, '$1');
}

function globRegex(glob: string): RegExp {
  const body = [...glob].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\^$.|+()[\]{}]/g, '\\$&'))).join('');
  return new RegExp(`^${body}$`, 's');
}
