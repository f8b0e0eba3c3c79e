// Preloaded (node --import) into processes the benchmarks measure: on exit,
// writes the process's peak resident set size (KiB) to CASAUDIT_BENCH_RSS_FILE.
// Plain JavaScript, so that it loads without tsx in front of built code.
import { writeFileSync } from 'node:fs';

const file = process.env.CASAUDIT_BENCH_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
