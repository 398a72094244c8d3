import { describe, expect, it } from 'vitest';
import { rovingTarget } from './roving';

describe('rovingTarget', () => {
  it('moves one step with the arrows and to the ends with Home and End', () => {
    expect(rovingTarget('ArrowRight', 2, 6)).toBe(3);
    expect(rovingTarget('ArrowLeft', 2, 6)).toBe(1);
    expect(rovingTarget('Home', 4, 6)).toBe(0);
    expect(rovingTarget('End', 1, 6)).toBe(5);
  });

  it('stops at the ends unless the group wraps', () => {
    expect(rovingTarget('ArrowRight', 5, 6)).toBe(5);
    expect(rovingTarget('ArrowLeft', 0, 6)).toBe(0);
    expect(rovingTarget('ArrowRight', 5, 6, { wrap: true })).toBe(0);
    expect(rovingTarget('ArrowLeft', 0, 6, { wrap: true })).toBe(5);
  });

  it('moves with Up and Down only in a group laid out on several lines', () => {
    expect(rovingTarget('ArrowDown', 1, 6)).toBeNull();
    expect(rovingTarget('ArrowDown', 1, 6, { vertical: true })).toBe(2);
    expect(rovingTarget('ArrowUp', 1, 6, { vertical: true })).toBe(0);
  });

  it('leaves every other key, and an empty group, alone', () => {
    expect(rovingTarget('Enter', 1, 6)).toBeNull();
    expect(rovingTarget('a', 1, 6)).toBeNull();
    expect(rovingTarget('ArrowRight', 0, 0)).toBeNull();
  });
});
