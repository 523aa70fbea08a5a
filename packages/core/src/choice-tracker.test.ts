import { describe, expect, test } from 'vitest';
import { ChoiceTracker, notObjects } from './choice-tracker.js';

const choice = (index: number, finish: string | null = null) => ({ index, delta: { content: 'x' }, finish_reason: finish });

describe('ChoiceTracker.truncationMessage', () => {
  test('with no finish_reason at all it leaves the default message, which says so', () => {
    const tracker = new ChoiceTracker(0);
    tracker.track([choice(0)]);
    expect(tracker.truncationMessage()).toBeUndefined();
    const two = new ChoiceTracker(2);
    two.track([choice(0), choice(1)]);
    expect(two.truncationMessage()).toBeUndefined();
  });

  test('when some choices finished it names the ones that did not', () => {
    const tracker = new ChoiceTracker(0);
    tracker.track([choice(0), choice(1), choice(2)]);
    tracker.track([choice(1, 'stop')]);
    expect(tracker.truncationMessage()).toBe('The stream ended before it was complete (no [DONE], and choices 0 and 2 did not end with a finish_reason).');
    tracker.track([choice(0, 'length')]);
    expect(tracker.truncationMessage()).toBe('The stream ended before it was complete (no [DONE], and choice 2 did not end with a finish_reason).');
  });

  test('a choice asked for that never came is named too', () => {
    const tracker = new ChoiceTracker(4);
    tracker.track([choice(2, 'stop')]);
    expect(tracker.truncationMessage()).toBe('The stream ended before it was complete (no [DONE], and choices 0, 1 and 3 did not end with a finish_reason).');
  });

  test('with a huge n it names the lowest five and counts the rest', () => {
    const tracker = new ChoiceTracker(100_000);
    tracker.track([choice(99_999), choice(3, 'stop'), choice(0, 'stop')]);
    expect(tracker.truncationMessage()).toBe(
      'The stream ended before it was complete (no [DONE], and choices 1, 2, 4, 5, 6 and 99993 more did not end with a finish_reason).',
    );
  });

  test('the lowest indexes are named whatever order they came in', () => {
    const tracker = new ChoiceTracker(0);
    tracker.track([9, 7, 8, 3, 6, 1, 5, 2].map((index) => choice(index)));
    tracker.track([choice(4, 'stop')]);
    expect(tracker.truncationMessage()).toBe('The stream ended before it was complete (no [DONE], and choices 1, 2, 3, 5, 6 and 3 more did not end with a finish_reason).');
  });
});

describe('ChoiceTracker.track', () => {
  test('after a choice whose content is no text, a later choice that is no object still makes the whole list bad, and a choice without an index counts as 0', () => {
    const tracker = new ChoiceTracker(0);
    const bad = { index: 0, delta: { content: 5 } };
    expect(tracker.track([bad, choice(1)])).toBe(0);
    expect(tracker.track([bad, 'x'])).toBe(notObjects);
    expect(tracker.track([{ delta: { content: 'a' }, finish_reason: 'stop' }])).toBe(-1);
    expect(tracker.allChoicesFinished()).toBe(true);
  });
});

describe('ChoiceTracker.note', () => {
  test('notes every choice that is an object, beside a field of the wrong type or an item that is none, and checks nothing', () => {
    const tracker = new ChoiceTracker(0);
    tracker.note([choice(0), choice(1), choice(2)]);
    tracker.note([{ index: 0, delta: { content: 5 }, finish_reason: 'stop' }, 'x', choice(1, 'length'), choice(3)]);
    expect(tracker.unfinishedChoices()).toEqual([2, 3]);
  });
});
