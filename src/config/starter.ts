/**
 * The commented starting config `casaudit init` writes: every rule with its
 * default level and options, and worked examples of scope and suppressions,
 * all commented out so the file changes nothing until the user edits it.
 */
import type { RuleMeta } from '../engine/rule.js';
import { informationUri } from '../util/paths.js';
import { CONFIG_FILE_NAME } from './names.js';

/** Where the schema sits when casaudit is installed as a project dependency. */
const STARTER_SCHEMA_PATH = './node_modules/casaudit/schemas/casaudit.config.schema.json';

function ruleLines(rule: RuleMeta, last: boolean): string[] {
  const comma = last ? '' : ',';
  const options = Object.entries(rule.options ?? {});
  if (options.length === 0) return [`    // "${rule.id}": "${rule.level}"${comma} // ${rule.name}`];
  const lines = [`    // ${rule.name}; options:`];
  for (const [name, option] of options) lines.push(`    //   ${name}: ${option.description}`);
  const values = options.map(([name, option]) => `"${name}": ${JSON.stringify(option.type.toConfig(option.default))}`).join(', ');
  lines.push(`    // "${rule.id}": { "level": "${rule.level}", "options": { ${values} } }${comma}`);
  return lines;
}

export function starterConfig(rules: readonly RuleMeta[]): string {
  return [
    '// casaudit configuration (JSON with comments; trailing commas are fine).',
    `// \`casaudit audit\` uses the nearest ${CONFIG_FILE_NAME} in the working folder or a folder above it,`,
    '// or the file given with --config; --no-config ignores it. Reference: ' + `${informationUri}#configuration`,
    '{',
    `  "$schema": "${STARTER_SCHEMA_PATH}",`,
    '',
    '  // Each rule\'s level: "error", "warning", "note", or "off" to not run it. The lines below',
    '  // show the defaults; uncomment one to change it. `casaudit explain ID` says what a rule checks.',
    '  "rules": {',
    ...rules.flatMap((rule, i) => ruleLines(rule, i === rules.length - 1)),
    '  },',
    '',
    '  // Which findings are reported: by the AD site of the object, and by the object itself.',
    '  // Patterns are names, DNs or globs (* any run of characters, ? one), case-insensitive.',
    '  // Rules still read the whole estate; scope only filters what is reported.',
    '  "scope": {',
    '    // "sites": { "include": ["London", "Edinburgh"], "exclude": ["Lab-*"] },',
    '    // "objects": { "exclude": ["TEST-*", "CN=Recovery*,CN=Databases,*"] }',
    '  },',
    '',
    "  // Accepted findings. Each needs a justification; 'expires' (YYYY-MM-DD) is the last day it",
    '  // applies, after which the findings count again. Suppressed findings stay in the report,',
    '  // marked; a suppression that matches nothing is reported so it can be removed.',
    '  "suppressions": [',
    '    // {',
    '    //   "rule": "RCA001",',
    '    //   "target": "ARCHIVE-DB*",',
    '    //   "justification": "Archive databases are retired with the migration, change CHG-1234",',
    '    //   "expires": "2027-06-30"',
    '    // }',
    '  ]',
    '}',
    '',
  ].join('\n');
}
