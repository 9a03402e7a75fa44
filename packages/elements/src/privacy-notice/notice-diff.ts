import type { NoticeBlock, NoticeDocument, NoticeInline } from '@novoaigen/consent-schema';

/** How one section differs between two versions. */
export interface SectionChange {
  id: string;
  heading: string;
  change: 'added' | 'removed' | 'changed';
}

/** The words a reader sees in a block, and with `links` each link's target too (a changed link changes the notice). */
function blockText(block: NoticeBlock, links: boolean): string {
  const runs = (content: NoticeInline[]) => content.map((run) => `${run.text}${links && run.href ? `<${run.href}>` : ''}`).join('');
  if (block.type === 'paragraph') return runs(block.content);
  if (block.type === 'list') return block.items.map(runs).join('\n');
  return [block.header, ...block.rows].map((row) => row.join('\n')).join('\n');
}

/** A section as text: what a reader sees (searched), or with link targets (compared between versions). */
export const sectionText = (section: NoticeDocument['sections'][number], links = false) =>
  `${section.heading}\n${section.blocks.map((block) => blockText(block, links)).join('\n')}`;

/** Section-level differences from `before` to `after`, in the order of `after` (removed ones last). */
export function diffNotices(before: NoticeDocument, after: NoticeDocument): SectionChange[] {
  const old = new Map(before.sections.map((section) => [section.id, section]));
  const changes: SectionChange[] = [];
  for (const section of after.sections) {
    const previous = old.get(section.id);
    if (!previous) changes.push({ id: section.id, heading: section.heading, change: 'added' });
    else if (sectionText(previous, true) !== sectionText(section, true)) changes.push({ id: section.id, heading: section.heading, change: 'changed' });
    old.delete(section.id);
  }
  for (const section of old.values()) changes.push({ id: section.id, heading: section.heading, change: 'removed' });
  return changes;
}
