import { describe, expect, it } from 'vitest';
import { buttonStates } from '../../renderer/src/app/sessionButtons';

describe('buttonStates', () => {
  it('enables exactly the commands that make sense in each state', () => {
    const row = (s: string) => {
      const b = buttonStates(s);
      return [b.start, b.pause, b.step, b.stop, b.startLabel, b.formLocked];
    };
    expect(row('none')).toEqual([true, false, true, false, 'Start', false]);
    expect(row('idle')).toEqual([true, false, true, true, 'Start', false]);
    expect(row('running')).toEqual([false, true, false, true, 'Start', true]);
    expect(row('paused')).toEqual([true, false, true, true, 'Resume', true]);
    expect(row('done')).toEqual([true, false, true, false, 'Start new run', false]);
    expect(row('stopped')).toEqual([true, false, true, false, 'Start new run', false]);
    expect(row('replay')).toEqual([true, false, true, false, 'Start new run', false]);
  });

  it('disables every command while a request is in flight', () => {
    const b = buttonStates('paused', true);
    expect([b.start, b.pause, b.step, b.stop]).toEqual([false, false, false, false]);
  });

  it('disables every command while the host is disconnected', () => {
    const b = buttonStates('running', false, false);
    expect([b.start, b.pause, b.step, b.stop]).toEqual([false, false, false, false]);
  });
});
