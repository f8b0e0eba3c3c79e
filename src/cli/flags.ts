/**
 * Flags declared once. A declaration is the yargs option itself; its `group`
 * is the --help heading it shows under, and the type of its value follows
 * from it, under the camelCase name yargs also gives (--dns-server: dnsServer).
 */
import type { Argv, InferredOptionType, Options } from 'yargs';

/** The --help headings, in the order --help shows them. */
export const GROUP = {
  activeDirectory: 'Active Directory (LDIF and live LDAP):',
  dns: 'DNS:',
  hosts: 'Host exports:',
  report: 'Report:',
  gate: 'Gate:',
  config: 'Config:',
  output: 'Output:',
  general: 'General:',
} as const;

/** One flag: the yargs option itself, with the --help heading it shows under. */
export type FlagDeclaration = Options & { group: (typeof GROUP)[keyof typeof GROUP] };

export type FlagDeclarations = Readonly<Record<string, FlagDeclaration>>;

/** 'page-size' to 'pageSize', as yargs-parser names the value. */
type CamelCase<S> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : S;

/** The name a flag's value has in the parsed arguments: 'page-size' to 'pageSize', as CamelCase says for types. */
export function valueName(flag: string): string {
  return flag.replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase());
}

/** Flags without a default: absent unless given. */
type OptionalFlag<F extends FlagDeclarations> = { [K in keyof F]: undefined extends InferredOptionType<F[K]> ? K : never }[keyof F];

/** The values of declared flags as a command receives them: --page-size as `pageSize: number`. */
export type FlagValues<F extends FlagDeclarations> = {
  -readonly [K in Exclude<keyof F, OptionalFlag<F>> as CamelCase<K>]: InferredOptionType<F[K]>;
} & {
  -readonly [K in OptionalFlag<F> as CamelCase<K>]?: InferredOptionType<F[K]>;
};

/** The general flags every command that collects takes (audit and collect), shown under General. */
export const GENERAL_FLAGS = {
  quiet: { group: GROUP.general, alias: 'q', type: 'boolean', default: false, describe: 'No progress messages on stderr' },
} as const satisfies FlagDeclarations;

export type GeneralArgs = FlagValues<typeof GENERAL_FLAGS>;

/**
 * Lets `declare` add a command's options with --help in the order of GROUP
 * (after the positionals already declared), help and version last under
 * General. yargs shows groups in the order they are first used, so they are
 * opened first, empty (an empty group is not shown).
 */
export function inGroups<T, U>(yargs: Argv<T>, declare: (yargs: Argv<T>) => Argv<U>): Argv<U> {
  for (const heading of Object.values(GROUP)) yargs.group([], heading);
  return declare(yargs).group(['help', 'version'], GROUP.general);
}
