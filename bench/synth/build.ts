/**
 * Builds the estate for a size and a seed: clean sites, then planted defects.
 */
import { DEFECTS } from './defects.js';
import { cleanSite, factory, type SiteBuild, type SynthEstate } from './estate.js';
import { Random } from './random.js';

/**
 * The estate for `sites` sites and `seed`. About half the sites get a defect;
 * defective sites walk through a seeded order of the whole catalog, so any
 * run of DEFECTS.length defective sites plants every kind once (a defect
 * that needs another site's array skips an estate that has none).
 */
export function buildEstate(sites: number, seed: number): SynthEstate {
  if (!Number.isInteger(sites) || sites < 1) throw new Error(`--sites must be a whole number of at least 1 (got ${sites})`);
  const random = new Random(seed);
  const make = factory(random);
  const builds: SiteBuild[] = [];
  for (let i = 0; i < sites; i++) builds.push(cleanSite(make, i));

  const order = DEFECTS.map((defect) => ({ defect, key: random.next() }))
    .sort((a, b) => a.key - b.key)
    .map((entry) => entry.defect);
  // Choose first, plant after: a defect that names another site's array is
  // planted last, once every site's own defect is in place.
  const chosen: [SiteBuild, (typeof DEFECTS)[number]][] = [];
  let next = 0;
  for (const build of builds) {
    if (random.next() < 0.5) chosen.push([build, order[next++ % order.length]!]);
  }
  for (const late of [false, true]) {
    for (const [build, defect] of chosen) {
      if (Boolean(defect.crossSite) !== late) continue;
      if (defect.applies && !defect.applies(build, builds)) continue; // the site stays clean
      build.defect = defect;
      build.expected = defect.plant(build, make, builds);
    }
  }
  return { sites, seed, builds, expected: builds.flatMap((b) => b.expected) };
}
