/**
 * The casaudit side of the LDAP benchmark, run by bench/ldap.mts as its own
 * Node process so that its time and peak memory are casaudit's alone (not
 * mixed with the bench's slapd harness data), and so that every round starts
 * cold, as a real `casaudit collect` does.
 *
 *   node --import tsx bench/ldap-collect.mts CONFIG.json
 *
 * CONFIG.json: { url, bindDn, passwordFile, baseDn, pageSize, timeoutMs }.
 * Prints one JSON line: { entries, collectMs, collectCpuMs, mapMs, maxRssKb, mapMaxRssKb }.
 */
import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { DirectoryMapper } from '../src/collect/ad/map.js';
import { collectFromLdap } from '../src/collect/ldap/collect-ldap.js';

export interface CollectChildConfig {
  url: string;
  bindDn: string;
  passwordFile: string;
  baseDn: string;
  pageSize: number;
  timeoutMs: number;
}

export interface CollectChildResult {
  entries: number;
  /** collectFromLdap: connect, bind, paged search, each entry converted and handed to the mapper, as collect does. */
  collectMs: number;
  /** CPU time (user + system) this process spent in collectFromLdap: less disturbed by a busy machine than collectMs. */
  collectCpuMs: number;
  /** Linking the mapped entries into snapshot sections at the end (reported, not part of the ratio). */
  mapMs: number;
  /** Peak RSS of this process once collection is done (KiB). */
  maxRssKb: number;
  /** Peak RSS after mapping too (KiB). */
  mapMaxRssKb: number;
}

const configFile = process.argv[2];
if (!configFile) throw new Error('usage: node --import tsx bench/ldap-collect.mts CONFIG.json');
const config = JSON.parse(await readFile(configFile, 'utf8')) as CollectChildConfig;
const password = await readFile(config.passwordFile, 'utf8');

const start = performance.now();
const cpuStart = process.cpuUsage();
// As collect does: each entry goes to the mapper as its page arrives (ldapsearch, for its part, writes LDIF).
const mapper = new DirectoryMapper();
// The base DN is given, as ldapsearch gets it with -b: no RootDSE round trip on either side.
const { objects } = await collectFromLdap({
  url: config.url,
  bindDn: config.bindDn,
  password,
  baseDn: config.baseDn,
  startTls: false,
  insecurePlaintext: true,
  insecureSkipVerify: false,
  timeoutMs: config.timeoutMs,
  pageSize: config.pageSize,
}, (entry) => mapper.add(entry));
const collectMs = performance.now() - start;
const cpu = process.cpuUsage(cpuStart);
const collectCpuMs = (cpu.user + cpu.system) / 1000;
const maxRssKb = process.resourceUsage().maxRSS;

const mapStart = performance.now();
mapper.result();
const mapMs = performance.now() - mapStart;

const result: CollectChildResult = { entries: objects, collectMs, collectCpuMs, mapMs, maxRssKb, mapMaxRssKb: process.resourceUsage().maxRSS };
process.stdout.write(`${JSON.stringify(result)}\n`);
