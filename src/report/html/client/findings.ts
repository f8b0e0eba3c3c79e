/** The findings table: filtered by level, rule, site and text, and drawn a page at a time. */

function findingRow(estate: Estate, finding: FindingData): HTMLTableRowElement {
  const [levelCode, rule, site, node, kind, object, message, fix, evidence] = finding;
  const level = levelOf(levelCode);
  const siteName = estate.data.sites[site]!.name;
  const row = html('tr', 'lvl-' + level);
  row.setAttribute('data-level', level);
  row.setAttribute('data-rule', rule);
  row.setAttribute('data-site', String(site));
  const levelCell = html('td', 'level');
  levelCell.append(levelLabel(level));
  const ruleCell = html('td', 'rule');
  const ruleLink = html('a', 'rule-link', rule);
  ruleLink.href = '#rule-' + rule;
  ruleLink.title = (estate.data.rules[rule] || rule) + ': explanation and remediation';
  ruleCell.append(ruleLink);
  const siteCell = html('td', 'site', siteName);
  const objectCell = html('td', 'object');
  const objectLink = html('a', 'show-object', object);
  objectLink.href = '#' + estate.prefix + 'site-' + site;
  objectLink.setAttribute('data-site', String(site));
  objectLink.setAttribute('data-node', String(node));
  objectLink.title = 'Show in the diagram of ' + siteName;
  objectCell.append(objectLink, ' ', html('span', 'kind', kind));
  const text = html('td', 'finding');
  text.append(html('p', 'message', message));
  if (evidence) text.append(html('p', 'evidence', 'Evidence: ' + evidence));
  const fixLine = html('p', 'fix');
  fixLine.append(html('span', 'fix-label', 'Fix: '), html('code', '', fix));
  text.append(fixLine);
  row.append(levelCell, ruleCell, siteCell, objectCell, text);
  return row;
}

/** Wires the section's filters and pager to its table; returns what draws the table. */
function initFindings(estate: Estate): (everything: boolean) => void {
  const root = estate.root;
  const all = estate.data.findings;
  const form = root.querySelector<HTMLFormElement>('form.filters')!;
  const body = root.querySelector('table.findings-table tbody')!;
  const status = root.querySelector('.findings-status')!;
  const previous = root.querySelector<HTMLButtonElement>('[data-page="previous"]')!;
  const next = root.querySelector<HTMLButtonElement>('[data-page="next"]')!;
  const pageLabel = root.querySelector('.page-label')!;
  const size = root.querySelector<HTMLSelectElement>('select[name="page-size"]')!;
  const field = (name: string) => (form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement).value;
  /** Each finding's searchable text, made on the first text search. */
  let haystack: string[] | null = null;
  const state = { matches: all, page: 0 };

  function filter(): void {
    const level = field('level');
    const rule = field('rule');
    const site = field('site');
    const text = field('text').trim().toLowerCase();
    if (text && !haystack) haystack = all.map((f) => (f[5] + '\n' + f[6] + '\n' + f[1] + '\n' + f[8]).toLowerCase());
    state.matches = all.filter(
      (f, i) =>
        (level === '' || levelOf(f[0]) === level) &&
        (rule === '' || f[1] === rule) &&
        (site === '' || f[2] === Number(site)) &&
        (!text || haystack![i]!.indexOf(text) >= 0),
    );
    state.page = 0;
    render(false);
  }

  function render(everything: boolean): void {
    const perPage = Number(size.value);
    const pages = Math.max(1, Math.ceil(state.matches.length / perPage));
    state.page = Math.min(state.page, pages - 1);
    const first = everything ? 0 : state.page * perPage;
    const shown = everything ? state.matches : state.matches.slice(first, first + perPage);
    const rows = document.createDocumentFragment();
    shown.forEach((f) => rows.append(findingRow(estate, f)));
    body.replaceChildren(rows);
    const of =
      state.matches.length === all.length
        ? plural(all.length, 'finding')
        : plural(state.matches.length, 'finding') + ' match the filters (of ' + all.length + ')';
    status.textContent =
      state.matches.length === 0
        ? all.length === 0
          ? 'No findings.'
          : 'No finding matches the filters.'
        : 'Showing ' + (first + 1) + '\u2013' + (first + shown.length) + ' of ' + of + '.';
    pageLabel.textContent = 'Page ' + (state.page + 1) + ' of ' + pages;
    previous.disabled = everything || state.page === 0;
    next.disabled = everything || state.page >= pages - 1;
  }

  form.addEventListener('input', filter);
  form.addEventListener('change', filter);
  form.addEventListener('submit', (event) => event.preventDefault());
  form.addEventListener('reset', () => setTimeout(filter, 0));
  size.addEventListener('change', () => {
    state.page = 0;
    render(false);
  });
  previous.addEventListener('click', () => {
    state.page--;
    render(false);
  });
  next.addEventListener('click', () => {
    state.page++;
    render(false);
  });
  body.addEventListener('click', (event) => {
    const link = (event.target as Element).closest('a.show-object');
    if (!link) return;
    event.preventDefault();
    highlight(estate, Number(link.getAttribute('data-site')), Number(link.getAttribute('data-node')));
  });
  render(false);
  return render;
}
