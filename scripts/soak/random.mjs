// Random picks for the scenarios: which answer, when to leave.
export const rand = (low, high) => low + Math.floor(Math.random() * (high - low + 1));
export const pick = (list) => list[Math.floor(Math.random() * list.length)];
