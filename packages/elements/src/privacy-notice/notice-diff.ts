import type { NoticeBlock, NoticeDocument } from '@novoaigen/consent-schema';

/** How one section differs between two versions. */
export interface SectionChange {
  id: string;
  heading: string;
  change: 'added' | 'removed' | 'changed';
}

/** The text of a block, for comparing versions. */
function blockText(block: NoticeBlock): string {
  if (block.type === 'paragraph') return block.content.map((run) => `${run.text}${run.href ? `<${run.href}>` : ''}`).join('');
  if (block.type === 'list') return block.items.map((item) => item.map((run) => run.text).join('')).join('\n');
  return [block.header, ...block.rows].map((row) => row.join('|')).join('\n');
}

const sectionText = (section: NoticeDocument['sections'][number]) => `${section.heading}\n${section.blocks.map(blockText).join('\n')}`;

/** Section-level differences from `before` to `after`, in the order of `after` (removed ones last). */
export function diffNotices(before: NoticeDocument, after: NoticeDocument): SectionChange[] {
  const old = new Map(before.sections.map((section) => [section.id, section]));
  const changes: SectionChange[] = [];
  for (const section of after.sections) {
    const previous = old.get(section.id);
    if (!previous) changes.push({ id: section.id, heading: section.heading, change: 'added' });
    else if (sectionText(previous) !== sectionText(section)) changes.push({ id: section.id, heading: section.heading, change: 'changed' });
    old.delete(section.id);
  }
  for (const section of old.values()) changes.push({ id: section.id, heading: section.heading, change: 'removed' });
  return changes;
}
