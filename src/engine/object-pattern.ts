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

export type ObjectMatcher = (subject: PatternSubject) => boolean;

/** A pattern with `=` in it is about DNs (CN=…); any other is about names. */
export function compileObjectPattern(pattern: string): ObjectMatcher {
  const text = pattern.trim();
  const isDn = text.includes('=');
  const hasWildcard = /[*?]/.test(text);
  if (isDn && !hasWildcard) {
    const key = dnKey(text);
    return (subject) => dnKey(subject.dn) === key;
  }
  if (isDn) {
    const regex = globRegex(looseDn(text));
    return (subject) => regex.test(looseDn(subject.dn));
  }
  if (!hasWildcard) {
    const name = text.toLowerCase();
    return (subject) => subject.name.toLowerCase() === name;
  }
  const regex = globRegex(text.toLowerCase());
  return (subject) => regex.test(subject.name.toLowerCase());
}

/** Any of the patterns matches. */
export function compileObjectPatterns(patterns: readonly string[]): ObjectMatcher {
  const matchers = patterns.map(compileObjectPattern);
  return (subject) => matchers.some((m) => m(subject));
}

/** Lower case, no spaces around `,` `=` `+`: the form DN globs are matched in. */
function looseDn(dn: string): string {
  return dn.trim().toLowerCase().replace(/\s*([,=+])\s*/g, '$1');
}

function globRegex(glob: string): RegExp {
  const body = [...glob].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\^$.|+()[\]{}]/g, '\\$&'))).join('');
  return new RegExp(`^${body}$`, 's');
}
