/**
 * File statuses in words. Known ones are styled and explained; any other
 * status (a newer Dropwire may add some) is shown as it is, plainly.
 */
import { plural } from './dom.js';

/** @type {Record<string, {label: string, tone: string, meaning: string}>} */
export const STATUSES = {
  stored: {
    label: 'stored',
    tone: 'ok',
    meaning: 'Parsed, cleaned and stored as articles.',
  },
  duplicate: {
    label: 'duplicate',
    tone: 'info',
    meaning: 'Its text was already stored from another file: nothing new.',
  },
  rejected: {
    label: 'rejected',
    tone: 'bad',
    meaning: 'Not an article (the reason says why); never retried.',
  },
  processing: {
    label: 'processing',
    tone: 'busy',
    meaning: 'Being read now; a long file shows its progress.',
  },
  deleted: {
    label: 'deleted',
    tone: 'muted',
    meaning: 'The object was deleted, and its articles with it.',
  },
  'dead-letter': {
    label: 'dead letter',
    tone: 'bad',
    meaning:
      'Failed every retry (a fault, not bad input): fix the cause, then redrive it.',
  },
};

/** What a status is called, its tone and meaning; generic for unknown ones. */
export function statusInfo(status) {
  return (
    STATUSES[status] ?? {
      label: String(status),
      tone: 'neutral',
      meaning: 'A status this console does not know; see the record.',
    }
  );
}

/** What became of a file, in a sentence, from its record or summary. */
export function outcome(record) {
  const counts = record.counts ?? {};
  const skipped =
    counts.rejected > 0 ? `; ${plural(counts.rejected, 'record')} skipped` : '';
  switch (record.status) {
    case 'stored': {
      const dupes =
        counts.duplicate > 0 ? `, ${counts.duplicate} already stored` : '';
      return `${plural(counts.stored ?? 0, 'article')} stored${dupes}${skipped}`;
    }
    case 'duplicate':
      return `${plural(counts.duplicate ?? 0, 'article')} already stored from another file${skipped}`;
    case 'rejected':
      return record.reason
        ? `${record.reason.code}: ${record.reason.message}`
        : 'rejected';
    default:
      break;
  }
  if (record.progress && typeof record.progress === 'object') {
    return Object.entries(record.progress)
      .map(([name, value]) => `${name} ${value}`)
      .join(', ');
  }
  return statusInfo(record.status).meaning;
}
