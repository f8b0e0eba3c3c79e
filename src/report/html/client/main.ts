/**
 * The page's start: each estate section's data read and its sites and
 * findings wired; links to a rule doc or a site open it; printing shows
 * everything. Runs last, when every other file's declarations are in place.
 */

function initEstate(root: HTMLElement): Estate {
  const estate: Estate = {
    root: root,
    prefix: root.getAttribute('data-prefix') || '',
    data: JSON.parse(root.querySelector('script.estate-data')!.textContent!) as EstateData,
    siteDetails: [],
    renderFindings: () => {},
  };
  const drawing = watchForDrawing(estate);
  root.querySelectorAll<HTMLDetailsElement>('details.site').forEach((details) => {
    const index = Number(details.getAttribute('data-site'));
    estate.siteDetails[index] = details;
    details.addEventListener('toggle', () => {
      if (details.open && !details.hasAttribute('data-drawn')) drawing.observe(details);
    });
  });
  root.querySelectorAll('[data-sites]').forEach((button) => {
    button.addEventListener('click', () => {
      const open = button.getAttribute('data-sites') === 'open';
      estate.siteDetails.forEach((details) => {
        if (details) details.open = open;
      });
    });
  });
  estate.renderFindings = initFindings(estate);
  return estate;
}

const estates: Estate[] = [];
document.querySelectorAll<HTMLElement>('section.estate').forEach((root) => estates.push(initEstate(root)));

/** A link to a rule doc or a site opens it (and the sections around it). */
function openTarget(): void {
  const id = decodeURIComponent(location.hash.slice(1));
  const target = id ? document.getElementById(id) : null;
  if (!target) return;
  for (let node: Element | null = target; node; node = node.parentElement) if (node.tagName === 'DETAILS') (node as HTMLDetailsElement).open = true;
  target.scrollIntoView({ block: 'start' });
}
window.addEventListener('hashchange', openTarget);
if (location.hash) openTarget();

// Printing shows every site drawn and every finding that passes the filters.
window.addEventListener('beforeprint', () => {
  estates.forEach((estate) => {
    estate.siteDetails.forEach((details, i) => {
      if (!details) return;
      details.open = true;
      drawSite(estate, i);
    });
    estate.renderFindings(true);
  });
});
window.addEventListener('afterprint', () => {
  estates.forEach((estate) => estate.renderFindings(false));
});
document.documentElement.setAttribute('data-ready', '');
