import { describe, expect, it } from 'vitest';
import { createGroqHeaders } from './groq-headers.js';
import { createRequestBudget, createTierRequestBudgets } from './request-budget.js';

/** A budget on a clock that moves only when told, in milliseconds. */
function fakeBudget(): { budget: ReturnType<typeof createRequestBudget>; advance(milliseconds: number): void } {
  let time = 1_000;
  return { budget: createRequestBudget(() => time), advance: (milliseconds) => (time += milliseconds) };
}

function requestHeaders(used: number): [string | undefined, string | undefined] {
  const headers = createGroqHeaders('req_1', used);
  return [headers['x-ratelimit-remaining-requests'], headers['x-ratelimit-reset-requests']];
}

describe('createRequestBudget', () => {
  it('counts each request it is asked to spend, and none it is only asked about', () => {
    const { budget } = fakeBudget();
    expect(budget.used()).toBe(0);
    expect(budget.spend()).toBe(1);
    expect(budget.spend()).toBe(2);
    expect(budget.used()).toBe(2);
  });

  it('gives back one used request every 6 s, as 14400 a day do', () => {
    const { budget, advance } = fakeBudget();
    for (let request = 0; request < 3; request += 1) budget.spend();
    advance(6_000);
    expect(budget.used()).toBe(2);
    advance(3_000);
    expect(budget.used()).toBe(1.5);
    expect(budget.spend()).toBe(2.5);
  });

  it('never gives back more than was used, however long it waits', () => {
    const { budget, advance } = fakeBudget();
    budget.spend();
    advance(86_400_000);
    expect(budget.used()).toBe(0);
    expect(budget.spend()).toBe(1);
  });

  it('stays at the limit while requests keep coming, and refills from there', () => {
    const { budget, advance } = fakeBudget();
    for (let request = 0; request < 14_500; request += 1) budget.spend();
    expect(budget.used()).toBe(14_400);
    advance(6_000);
    expect(budget.used()).toBe(14_399);
  });

  it('is full again at once after reset', () => {
    const { budget } = fakeBudget();
    budget.spend();
    budget.reset();
    expect(budget.used()).toBe(0);
  });

  it('makes the headers refill and the reset shrink as time passes', () => {
    const { budget, advance } = fakeBudget();
    expect(requestHeaders(budget.spend())).toEqual(['14399', '6s']);
    expect(requestHeaders(budget.spend())).toEqual(['14398', '12s']);
    advance(1_500);
    expect(requestHeaders(budget.used())).toEqual(['14398', '10.5s']);
    advance(4_500);
    expect(requestHeaders(budget.used())).toEqual(['14399', '6s']);
    advance(6_000);
    expect(requestHeaders(budget.used())).toEqual(['14400', '0s']);
    advance(60_000);
    expect(requestHeaders(budget.used())).toEqual(['14400', '0s']);
  });

  it('has a request back 6 s after the budget ran out, however many requests came before', () => {
    const { budget, advance } = fakeBudget();
    for (let request = 0; request < 20_000; request += 1) budget.spend();
    expect(requestHeaders(budget.used())).toEqual(['0', '24h0m0s']);
    advance(6_000);
    expect(requestHeaders(budget.used())).toEqual(['1', '23h59m54s']);
    expect(requestHeaders(budget.spend())).toEqual(['0', '24h0m0s']);
  });
});

describe('createTierRequestBudgets', () => {
  it('keeps a budget for each tier, which the requests of another leave as it was', () => {
    let time = 1_000;
    const budgets = createTierRequestBudgets(() => time);
    budgets.flex.spend();
    budgets.flex.spend();
    budgets.performance.spend();
    expect([budgets.on_demand.used(), budgets.flex.used(), budgets.performance.used()]).toEqual([0, 2, 1]);
    // Flex's 144000 a day come back one every 600 ms, on_demand's and performance's 14400 one every 6 s.
    time += 600;
    expect([budgets.flex.used(), budgets.performance.used()]).toEqual([1, 0.9]);
    expect(createGroqHeaders('req_1', budgets.flex.used(), 'flex')).toMatchObject({ 'x-ratelimit-remaining-requests': '143999', 'x-ratelimit-reset-requests': '600ms' });
  });

  it('stays at a tier\'s limit while requests keep coming: 144000 on flex', () => {
    let time = 1_000;
    const { flex } = createTierRequestBudgets(() => time);
    for (let request = 0; request < 150_000; request += 1) flex.spend();
    expect(flex.used()).toBe(144_000);
    time += 600;
    expect(flex.used()).toBe(143_999);
  });
});
