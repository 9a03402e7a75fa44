// Converts a plain-text privacy policy (one paragraph or heading per line) into the structured
// notice format: headings are recognised, email addresses become mailto links.

/** The policy's top-level sections; other short lines without a final period are subsections. */
const TOP_LEVEL = new Set([
  'About NovoAIGen',
  'Information We Collect',
  'How We Use Your Information',
  'Data Sharing and Disclosure',
  'Data Security and Protection',
  'Data Retention',
  'Your Rights and Controls',
  'International Data Transfers',
  'Contact Information',
]);

const slug = (text) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** Text runs of a paragraph, with email addresses as mailto links. */
function inlines(text) {
  const runs = [];
  let last = 0;
  for (const match of text.matchAll(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g)) {
    if (match.index > last) runs.push({ text: text.slice(last, match.index) });
    runs.push({ text: match[0], href: `mailto:${match[0]}` });
    last = match.index + match[0].length;
  }
  if (last < text.length) runs.push({ text: text.slice(last) });
  return runs;
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** `Last updated: July 30, 2025` → `2025-07-30`. */
function isoDate(text) {
  const match = /(\w+)\s+(\d{1,2}),\s*(\d{4})/.exec(text);
  const month = match ? MONTHS.indexOf(match[1].toLowerCase()) + 1 : 0;
  if (!match || month === 0) return null;
  return `${match[3]}-${String(month).padStart(2, '0')}-${match[2].padStart(2, '0')}`;
}

export function policyToNotice(text) {
  const lines = text.split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
  const [title = 'Privacy Policy', ...rest] = lines;
  const sections = [];
  let lastUpdated = null;
  for (const line of rest) {
    if (/^last updated/i.test(line)) {
      lastUpdated = isoDate(line);
      continue;
    }
    const heading = TOP_LEVEL.has(line) || (!/[.:]$/.test(line) && line.length < 60);
    if (heading) sections.push({ id: slug(line), heading: line, level: TOP_LEVEL.has(line) ? 2 : 3, blocks: [] });
    else {
      if (sections.length === 0) sections.push({ id: 'introduction', heading: 'Introduction', level: 2, blocks: [] });
      sections[sections.length - 1].blocks.push({ type: 'paragraph', content: inlines(line) });
    }
  }
  return { title, lastUpdated: lastUpdated ?? new Date().toISOString().slice(0, 10), sections };
}
